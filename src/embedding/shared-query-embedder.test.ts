/**
 * SharedQueryEmbedder: identical concurrent texts share one embedding, recent queries come
 * from the LRU, results are the inner embedder's vectors, failures are not cached; and
 * through the engine, concurrent identical searches over the real model return the same
 * results as one search alone while the model embeds the query once.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MnemoError } from '../core/errors.js';
import { Memory } from '../engine/memory.js';
import type { Embedder, Vector } from './embedder.js';
import { UseLiteEmbedder } from './local/use-lite-embedder.js';
import { SharedQueryEmbedder } from './shared-query-embedder.js';

/** Counts the calls and texts reaching `inner`. */
class CountingEmbedder implements Embedder {
  calls: string[][] = [];
  failNext = false;
  constructor(private readonly inner: Embedder) {}
  get id(): string { return this.inner.id; }
  get dimensions(): number { return this.inner.dimensions; }
  async embed(texts: string[]): Promise<Vector[]> {
    this.calls.push([...texts]);
    if (this.failNext) {
      this.failNext = false;
      throw new MnemoError('UNAVAILABLE', 'model failed');
    }
    return this.inner.embed(texts);
  }
  get texts(): number { return this.calls.reduce((n, c) => n + c.length, 0); }
  close(): Promise<void> { return this.inner.close?.() ?? Promise.resolve(); }
}

const model = new UseLiteEmbedder(); // one model load for the file
after(() => model.close());

describe('SharedQueryEmbedder', () => {
  it('embeds identical concurrent queries once and gives each caller the same vector in its own copy', async () => {
    const counting = new CountingEmbedder(model);
    const shared = new SharedQueryEmbedder(counting, { cacheEntries: 0 });
    const results = await Promise.all(Array.from({ length: 8 }, () => shared.embed(['who booked a flight to Lisbon?'])));
    assert.equal(counting.texts, 1);
    const [alone] = await model.embed(['who booked a flight to Lisbon?']);
    for (const [v] of results) assert.deepEqual(Array.from(v!), Array.from(alone!));
    results[0]![0]![0] = 42;
    assert.notEqual(results[1]![0]![0], 42, 'callers do not share one array');
    assert.equal(shared.stats.sharedInFlight, 7);
  });

  it('answers a repeated query from the LRU and evicts the least recent entry', async () => {
    const counting = new CountingEmbedder(model);
    const shared = new SharedQueryEmbedder(counting, { cacheEntries: 2 });
    await shared.embed(['a']);
    await shared.embed(['b']);
    await shared.embed(['a']); // hit: 'a' becomes the most recent
    await shared.embed(['c']); // evicts 'b'
    assert.equal(counting.texts, 3);
    await shared.embed(['a']);
    assert.equal(counting.texts, 3);
    await shared.embed(['b']);
    assert.equal(counting.texts, 4);
    assert.equal(shared.stats.cacheHits, 2);
  });

  it('passes batches through in order, sharing repeats within and across calls, without caching them', async () => {
    const counting = new CountingEmbedder(model);
    const shared = new SharedQueryEmbedder(counting);
    const [batch, single] = await Promise.all([shared.embed(['x', 'y', 'x']), shared.embed(['y'])]);
    assert.deepEqual(counting.calls, [['x', 'y']]);
    const [x, y] = await model.embed(['x', 'y']);
    assert.deepEqual(batch.map((v) => Array.from(v)), [x, y, x].map((v) => Array.from(v!)));
    assert.deepEqual(Array.from(single[0]!), Array.from(y!));
    await shared.embed(['x']);
    assert.equal(counting.texts, 3, 'texts of a batch are not kept in the LRU');
  });

  it('rejects every sharer when the model fails and retries on the next call', async () => {
    const counting = new CountingEmbedder(model);
    const shared = new SharedQueryEmbedder(counting);
    counting.failNext = true;
    const outcomes = await Promise.allSettled([shared.embed(['tea']), shared.embed(['tea'])]);
    assert.deepEqual(outcomes.map((o) => o.status), ['rejected', 'rejected']);
    assert.equal((outcomes[0] as PromiseRejectedResult).reason.code, 'UNAVAILABLE');
    const [v] = await shared.embed(['tea']);
    assert.equal(v!.length, 512);
    assert.equal(counting.calls.length, 2);
  });
});

describe('concurrent identical searches through the engine', () => {
  let dir: string;
  let memory: Memory;
  let counting: CountingEmbedder;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mnemo-shared-query-'));
    counting = new CountingEmbedder(model);
    memory = new Memory({ path: join(dir, 'm.sqlite'), embedder: new SharedQueryEmbedder(counting, { cacheEntries: 0 }), dedupe: { enabled: false } });
    await memory.add(['I prefer green tea in the morning', 'My sister booked a flight to Lisbon', 'The landlord announced a rent increase',
      'Sam is learning TypeScript generics', 'We went camping by the lake'], { userId: 'u' });
  });
  after(async () => {
    await memory.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns the results of a lone search to each of 10 concurrent callers while embedding the query once', async () => {
    const query = 'what does my sister travel to?';
    const before = counting.texts;
    const all = await Promise.all(Array.from({ length: 10 }, () => memory.search(query, { userId: 'u', limit: 3 })));
    assert.equal(counting.texts - before, 1, 'one embedding for ten identical concurrent queries');
    const alone = await memory.search(query, { userId: 'u', limit: 3 });
    assert.equal(alone.mode, 'hybrid');
    assert.match(alone.results[0]!.memory, /Lisbon/);
    for (const r of all) {
      assert.equal(r.mode, 'hybrid');
      assert.deepEqual(r.results.map((h) => [h.id, h.score]), alone.results.map((h) => [h.id, h.score]));
    }
  });
});
