/**
 * Must-show 5 of issue 2 (SDK in-process, `:memory:` and a file) and the engine's
 * contracts: verbatim add with mem0 events, exact and near duplicates, scoped search and
 * filters, deletion leaving the indexes, history, scoped deleteAll, degradation notices,
 * never mixing vector spaces, and reindex.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeTinyModel } from '../../test/support/tiny-onnx-model.js';
import { UseLiteEmbedder } from '../embedding/local/use-lite-embedder.js';
import { startFakeHttpServer } from '../../test/support/fake-http-server.js';
import { Memory } from './memory.js';

const embedder = new UseLiteEmbedder(); // one model load for the whole file
const dir = mkdtempSync(join(tmpdir(), 'mnemo-engine-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('Memory with :memory:', () => {
  let memory: Memory;
  before(() => { memory = new Memory({ path: ':memory:', embedder, app: 'sdk-test' }); });
  after(() => memory.close());

  it('stores text verbatim and returns mem0-style events', async () => {
    const res = await memory.add('Maria moved to Berlin in 2021', { userId: 'maria', metadata: { topic: 'life' } });
    assert.equal(res.results.length, 1);
    assert.equal(res.results[0]!.event, 'ADD');
    const m = await memory.get(res.results[0]!.id, { userId: 'maria' });
    assert.equal(m.memory, 'Maria moved to Berlin in 2021');
    assert.deepEqual(m.metadata, { topic: 'life' });
    assert.equal(m.app, 'sdk-test');
    assert.equal(m.state, 'active');
    assert.match(m.hash, /^[0-9a-f]{64}$/);
  });

  it('stores each message of a conversation, skipping system messages', async () => {
    const res = await memory.add([
      { role: 'system', content: 'You are helpful' },
      { role: 'user', content: 'I am training for a marathon in October' },
      { role: 'assistant', content: 'Great, I will plan long runs on Sundays' },
    ], { userId: 'maria', runId: 'chat-1', timestamp: '2024-03-01T10:00:00Z' });
    assert.deepEqual(res.results.map((e) => e.event), ['ADD', 'ADD']);
    const m = await memory.get(res.results[1]!.id, { userId: 'maria' });
    assert.equal(m.metadata.role, 'assistant');
    assert.equal(m.runId, 'chat-1');
    assert.equal(m.createdAt, '2024-03-01T10:00:00.000Z');
  });

  it('does not store an exact duplicate twice in one scope, but does in another', async () => {
    const a = await memory.add('Likes oat milk', { userId: 'maria' });
    const b = await memory.add('likes  OAT milk', { userId: 'maria' });
    assert.equal(b.results[0]!.event, 'NONE');
    assert.equal(b.results[0]!.id, a.results[0]!.id);
    const c = await memory.add('Likes oat milk', { userId: 'maria', agentId: 'barista' });
    assert.equal(c.results[0]!.event, 'ADD');
    const d = await memory.add('Likes oat milk', { userId: 'tom' });
    assert.equal(d.results[0]!.event, 'ADD');
  });

  it('updates a near-duplicate and keeps its history, but keeps a negation separate', async () => {
    const a = await memory.add('My favourite colour is dark green', { userId: 'near' });
    const b = await memory.add('My favourite colour is dark green!', { userId: 'near' });
    assert.equal(b.results[0]!.event, 'UPDATE');
    assert.equal(b.results[0]!.id, a.results[0]!.id);
    assert.equal(b.results[0]!.previousMemory, 'My favourite colour is dark green');
    const h = await memory.history(a.results[0]!.id, { userId: 'near' });
    assert.deepEqual(h.map((x) => x.event), ['ADD', 'UPDATE']);
    const c = await memory.add('My favourite colour is not dark green', { userId: 'near' });
    assert.equal(c.results[0]!.event, 'ADD', 'a negation is a different memory');
    assert.equal((await memory.getAll({ userId: 'near' })).total, 2);
  });

  it('searches within the user scope with ranks and scores', async () => {
    await memory.add('Tom is afraid of spiders', { userId: 'tom' });
    const res = await memory.search('Where does Maria live?', { userId: 'maria' });
    assert.ok(res.results.length > 0);
    assert.equal(res.results[0]!.memory, 'Maria moved to Berlin in 2021');
    assert.equal(res.mode, 'hybrid');
    assert.equal(res.notice, undefined);
    assert.ok(res.results.every((r) => r.userId === 'maria'), 'never another user');
    const top = res.results[0]!;
    assert.ok(top.ranks.keyword !== null || top.ranks.vector !== null);
    assert.ok(top.score > 0 && top.score <= 1);
    const kw = await memory.search('Berlin', { userId: 'maria', mode: 'keyword' });
    assert.equal(kw.results[0]!.ranks.vector, null);
    const vec = await memory.search('which city is her home', { userId: 'maria', mode: 'vector', limit: 3 });
    assert.equal(vec.results.length, 3);
    assert.equal(vec.results[0]!.ranks.keyword, null);
  });

  it('filters by run, metadata, time and threshold', async () => {
    const run = await memory.search('marathon', { userId: 'maria', runId: 'chat-1' });
    assert.ok(run.results.length > 0 && run.results.every((r) => r.runId === 'chat-1'));
    const meta = await memory.search('Berlin', { userId: 'maria', metadata: { topic: 'life' } });
    assert.deepEqual(meta.results.map((r) => r.memory), ['Maria moved to Berlin in 2021']);
    const old = await memory.search('marathon', { userId: 'maria', to: '2024-12-31T00:00:00Z' });
    assert.ok(old.results.every((r) => r.createdAt < '2025'));
    assert.ok(old.results.length >= 1);
    const none = await memory.search('Berlin', { userId: 'maria', threshold: 1 });
    assert.equal(none.results.length, 0, 'a calibrated score is a probability below 1');
  });

  it('removes deleted memories from search at once and keeps their history', async () => {
    const { results: [added] } = await memory.add('The wifi password is hunter2', { userId: 'del' });
    assert.equal((await memory.search('wifi password', { userId: 'del' })).results.length, 1);
    await memory.delete(added!.id, { userId: 'del' });
    for (const mode of ['hybrid', 'keyword', 'vector'] as const) {
      assert.equal((await memory.search('wifi password', { userId: 'del', mode })).results.length, 0, mode);
    }
    await assert.rejects(memory.get(added!.id, { userId: 'del' }), { code: 'NOT_FOUND' });
    const history = await memory.history(added!.id, { userId: 'del' });
    assert.deepEqual(history.map((h) => h.event), ['ADD', 'DELETE']);
    assert.equal(history[1]!.oldMemory, 'The wifi password is hunter2');
  });

  it('updates content, re-embeds it and records the history', async () => {
    const { results: [added] } = await memory.add('Works at a bakery', { userId: 'upd' });
    await memory.update(added!.id, 'Works as a software engineer', { userId: 'upd' });
    const res = await memory.search('programming job', { userId: 'upd', mode: 'vector' });
    assert.equal(res.results[0]!.memory, 'Works as a software engineer');
    assert.equal((await memory.search('bakery', { userId: 'upd', mode: 'keyword' })).results.length, 0);
    const h = await memory.history(added!.id, { userId: 'upd' });
    assert.deepEqual(h.map((x) => [x.event, x.oldMemory, x.newMemory]), [
      ['ADD', null, 'Works at a bakery'],
      ['UPDATE', 'Works at a bakery', 'Works as a software engineer'],
    ]);
  });

  it('never lets one user read, change or delete another user\'s memory by id', async () => {
    const { results: [added] } = await memory.add('Secret of maria', { userId: 'maria' });
    await assert.rejects(memory.get(added!.id, { userId: 'tom' }), { code: 'NOT_FOUND' });
    await assert.rejects(memory.update(added!.id, 'hacked', { userId: 'tom' }), { code: 'NOT_FOUND' });
    await assert.rejects(memory.delete(added!.id, { userId: 'tom' }), { code: 'NOT_FOUND' });
    await assert.rejects(memory.history(added!.id, { userId: 'tom' }), { code: 'NOT_FOUND' });
    assert.equal((await memory.get(added!.id, { userId: 'maria' })).memory, 'Secret of maria');
  });

  it('deleteAll is scoped to the user (and agent/run) and never global', async () => {
    await memory.add('a1', { userId: 'scope', agentId: 'a' });
    await memory.add('b1', { userId: 'scope', agentId: 'b' });
    await memory.add('other user', { userId: 'scope2' });
    assert.deepEqual(await memory.deleteAll({ userId: 'scope', agentId: 'a' }), { deleted: 1 });
    assert.equal((await memory.getAll({ userId: 'scope' })).total, 1);
    assert.deepEqual(await memory.deleteAll({ userId: 'scope' }), { deleted: 1 });
    assert.equal((await memory.getAll({ userId: 'scope2' })).total, 1);
    await assert.rejects(memory.deleteAll({} as never), { code: 'INVALID_INPUT' });
  });

  it('paginates getAll and hides non-active states unless asked', async () => {
    for (let i = 0; i < 5; i++) await memory.add(`page item ${i}`, { userId: 'pages', timestamp: 1_700_000_000 + i });
    const first = await memory.getAll({ userId: 'pages', limit: 2 });
    assert.equal(first.total, 5);
    assert.deepEqual(first.results.map((m) => m.memory), ['page item 4', 'page item 3']);
    const second = await memory.getAll({ userId: 'pages', limit: 2, offset: 2 });
    assert.deepEqual(second.results.map((m) => m.memory), ['page item 2', 'page item 1']);
    await memory.setState([first.results[0]!.id], 'archived', { userId: 'pages' });
    assert.equal((await memory.getAll({ userId: 'pages' })).total, 4);
    assert.equal((await memory.getAll({ userId: 'pages', states: ['archived'] })).total, 1);
    assert.equal((await memory.search('page item 4', { userId: 'pages' })).results.some((r) => r.memory === 'page item 4'), false);
  });

  it('rejects bad input with INVALID_INPUT and stores nothing', async () => {
    const before = (await memory.getAll({ userId: 'bad' })).total;
    await assert.rejects(memory.add('', { userId: 'bad' }), { code: 'INVALID_INPUT' });
    await assert.rejects(memory.add('x'.repeat(20_001), { userId: 'bad' }), { code: 'INVALID_INPUT' });
    await assert.rejects(memory.add('ok', { userId: '' }), { code: 'INVALID_INPUT' });
    await assert.rejects(memory.add(['fine', ''], { userId: 'bad' }), { code: 'INVALID_INPUT' });
    await assert.rejects(memory.add('ok', { userId: 'bad', timestamp: 'yesterday-ish' }), { code: 'INVALID_INPUT' });
    await assert.rejects(memory.search('', { userId: 'bad' }), { code: 'INVALID_INPUT' });
    await assert.rejects(memory.search('x', { userId: 'bad', limit: 0 }), { code: 'INVALID_INPUT' });
    await assert.rejects(memory.get('nope', { userId: 'bad' }), /UUID/);
    assert.equal((await memory.getAll({ userId: 'bad' })).total, before);
  });
});

describe('Memory on a file', () => {
  const path = join(dir, 'engine.sqlite');

  it('persists across instances', async () => {
    const a = new Memory({ path, embedder });
    const { results: [added] } = await a.add('Persisted fact about kayaking', { userId: 'p' });
    await a.close();
    const b = new Memory({ path, embedder });
    assert.equal((await b.get(added!.id, { userId: 'p' })).memory, 'Persisted fact about kayaking');
    assert.equal((await b.search('kayak trip', { userId: 'p', mode: 'vector' })).results[0]!.id, added!.id);
    await b.close();
  });

  it('degrades to keyword search with a notice when sqlite-vec cannot load, and errors in strict mode', async () => {
    const broken = new Memory({ path, embedder, sqliteVecPath: join(dir, 'no-such-extension.so') });
    const res = await broken.search('kayaking', { userId: 'p' });
    assert.equal(res.mode, 'keyword');
    assert.match(res.notice ?? '', /sqlite-vec failed to load.*keyword/);
    assert.equal(res.results[0]!.memory, 'Persisted fact about kayaking');
    const add = await broken.add('Added while vectors are down', { userId: 'p' });
    assert.match(add.notice ?? '', /sqlite-vec/);
    await broken.close();
    const strict = new Memory({ path, embedder, sqliteVecPath: join(dir, 'no-such-extension.so'), strict: true });
    await assert.rejects(strict.search('kayaking', { userId: 'p' }), { code: 'UNAVAILABLE' });
    await strict.close();
  });

  it('keyword-only mode (provider none) says so', async () => {
    const kw = new Memory({ path, embeddings: { provider: 'none' } });
    const res = await kw.search('kayaking', { userId: 'p' });
    assert.equal(res.mode, 'keyword');
    assert.match(res.notice ?? '', /provider "none"/);
    await kw.close();
  });

  it('never mixes vector spaces: a changed embedder is reported until reindex', async () => {
    const modelDir = join(dir, 'tiny-model');
    writeTinyModel(modelDir);
    const other = new Memory({ path, embeddings: { provider: 'transformers', model: modelDir } });
    const before = await other.search('kayaking', { userId: 'p' });
    assert.equal(before.mode, 'keyword');
    assert.match(before.notice ?? '', /local:use-lite-512.*reindex/);
    const stats = await other.stats();
    assert.match(stats.vectorNotice ?? '', /reindex/);
    const progress: number[] = [];
    const done = await other.reindex({ onProgress: (n) => progress.push(n) });
    assert.equal(done.reindexed, stats.memories);
    assert.equal(progress.at(-1), stats.memories);
    const afterReindex = await other.search('cat dog', { userId: 'p' });
    assert.equal(afterReindex.mode, 'hybrid');
    assert.equal(afterReindex.notice, undefined);
    assert.equal((await other.stats()).vectorSpace?.embedderId.startsWith('transformers:'), true);
    await other.close();
    // And back: the local embedder now sees the transformers space and says so.
    const local = new Memory({ path, embedder });
    assert.match((await local.search('kayaking', { userId: 'p' })).notice ?? '', /transformers.*reindex/);
    await local.close();
  });
});

describe('Memory with a remote embedder of unknown size', () => {
  it('creates its vector space on the first embed, replacing an empty store\'s old space', async () => {
    const path = join(dir, 'remote.sqlite');
    const first = new Memory({ path, embedder });
    await first.stats(); // creates the USE Lite space, stores nothing
    await first.close();
    // An Ollama-protocol server answering 3-d vectors: the word "cat" points one way, anything else another.
    const ollama = await startFakeHttpServer();
    ollama.handler = (req) => ({ body: { embeddings: (req.body.input as string[]).map((t) => (t.includes('cat') ? [1, 0, 0] : [0, 1, 0])) } });
    try {
      const remote = new Memory({ path, embeddings: { provider: 'ollama', baseUrl: ollama.url, model: 'tiny' } });
      await remote.add(['my cat sleeps all day', 'the invoice is due friday'], { userId: 'r' });
      const stats = await remote.stats();
      assert.deepEqual(stats.vectorSpace, { embedderId: 'ollama:tiny', dimensions: 3 });
      assert.equal(stats.vectors, 2);
      const res = await remote.search('cat', { userId: 'r', mode: 'vector', limit: 1 });
      assert.equal(res.results[0]!.memory, 'my cat sleeps all day');
      await remote.close();
    } finally {
      await ollama.close();
    }
  });
});
