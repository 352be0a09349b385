import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { isMnemoError } from '../../core/errors.js';
import type { Vector } from '../embedder.js';
import { UseLiteEmbedder } from './use-lite-embedder.js';

const SENTENCES = ['I prefer green tea in the morning', 'My sister booked a flight to Lisbon', 'x', 'The quarterly report is due on Friday, 5 pm.'];

function maxDiff(a: Vector[], b: Vector[]): number {
  assert.equal(a.length, b.length);
  let d = 0;
  a.forEach((v, i) => { for (let j = 0; j < v.length; j++) d = Math.max(d, Math.abs(v[j]! - b[i]![j]!)); });
  return d;
}

describe('UseLiteEmbedder in a worker (real model)', () => {
  const inThread = new UseLiteEmbedder({ worker: false });
  const worker = new UseLiteEmbedder();
  after(async () => { await worker.close(); await inThread.close(); });

  it('keeps its id and gives the in-thread vectors, unit length', async () => {
    assert.equal(worker.id, 'local:use-lite-512');
    const [a, b] = await Promise.all([worker.embed(SENTENCES), inThread.embed(SENTENCES)]);
    assert.ok(maxDiff(a, b) < 1e-6);
    for (const v of a) {
      assert.ok(v instanceof Float32Array);
      assert.equal(v.length, 512);
      assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-5);
    }
  });

  it('answers concurrent calls each with its own vectors, in order', async () => {
    const calls = [['alpha'], SENTENCES, ['beta', 'gamma'], [], ['delta'], ...SENTENCES.map((s) => [s])];
    const results = await Promise.all(calls.map((texts) => worker.embed(texts)));
    const expected = await Promise.all(calls.map((texts) => inThread.embed(texts)));
    results.forEach((vectors, i) => {
      assert.equal(vectors.length, calls[i]!.length);
      assert.ok(maxDiff(vectors, expected[i]!) < 1e-6, `call ${i}`);
    });
  });

  it('embeds again after close, and close rejects calls still pending', async () => {
    const before = await worker.embed(['still the same vector after a restart']);
    const pending = assert.rejects(worker.embed(['cut off by close']), (e) => isMnemoError(e, 'UNAVAILABLE'));
    await worker.close();
    await pending;
    const afterClose = await worker.embed(['still the same vector after a restart']);
    assert.ok(maxDiff(before, afterClose) < 1e-6);
  });

  it('rejects input that is not an array of strings with INVALID_INPUT, then still works', async () => {
    for (const embedder of [worker, inThread]) {
      await assert.rejects(embedder.embed([42] as unknown as string[]), (e) => isMnemoError(e, 'INVALID_INPUT'));
      await assert.rejects(embedder.embed('text' as unknown as string[]), (e) => isMnemoError(e, 'INVALID_INPUT'));
      assert.equal((await embedder.embed(['fine'])).length, 1);
    }
  });
});

/**
 * A stand-in worker speaking the same protocol, to drive failures the real model never
 * shows: `crash` exits the thread, `throw` throws, `fatal` reports a load failure, `bad`
 * fails the pass. Every other text gets the unit vector e0.
 */
const FAKE_WORKER = `
import { parentPort } from 'node:worker_threads';
parentPort.on('message', ({ id, texts }) => {
  if (texts.includes('crash')) process.exit(3);
  if (texts.includes('throw')) throw new Error('boom');
  if (texts.includes('fatal')) return parentPort.postMessage({ id, error: 'local embedding model failed to load: gone', fatal: true });
  if (texts.includes('bad')) return parentPort.postMessage({ id, error: 'local embedding failed: bad', fatal: false });
  setTimeout(() => parentPort.postMessage({ id, vectors: texts.map(() => { const v = new Float32Array(512); v[0] = 1; return v; }) }), 20);
});`;

describe('UseLiteEmbedder worker failures (stand-in worker)', () => {
  let dir: string;
  let embedder: UseLiteEmbedder;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mnemo-use-lite-'));
    writeFileSync(join(dir, 'fake-worker.mjs'), FAKE_WORKER);
    embedder = new UseLiteEmbedder({ workerUrl: pathToFileURL(join(dir, 'fake-worker.mjs')) });
  });
  after(async () => { await embedder.close(); rmSync(dir, { recursive: true, force: true }); });

  for (const [text, message] of [['crash', /exited with code 3/], ['throw', /crashed: boom/], ['fatal', /failed to load: gone/]] as const) {
    it(`rejects pending calls with UNAVAILABLE on "${text}", and the next call starts a fresh worker`, async () => {
      const failing = assert.rejects(embedder.embed([text]), (e) => isMnemoError(e, 'UNAVAILABLE') && message.test(e.message));
      const queued = assert.rejects(embedder.embed(['queued behind it']), (e) => isMnemoError(e, 'UNAVAILABLE'));
      await Promise.all([failing, queued]);
      assert.equal((await embedder.embed(['ok']))[0]![0], 1);
    });
  }

  it('retries a failed shared pass call by call, so one bad call fails alone', async () => {
    const settled = await Promise.allSettled([['busy'], ['a'], ['bad'], ['b', 'c']].map((t) => embedder.embed(t)));
    assert.deepEqual(settled.map((s) => s.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const bad = settled[2]!;
    assert.ok(bad.status === 'rejected' && isMnemoError(bad.reason, 'UNAVAILABLE'));
  });

  it('rejects with UNAVAILABLE when the worker file is missing', async () => {
    const missing = new UseLiteEmbedder({ workerUrl: pathToFileURL(join(dir, 'no-such-worker.js')) });
    await assert.rejects(missing.embed(['x']), (e) => isMnemoError(e, 'UNAVAILABLE'));
    await missing.close();
  });
});
