/**
 * In-process tests of the HTTP foundation and the REST API (`app.request`, no port), on
 * a real in-memory SQLite store, keyword-only (no embedder) to stay fast.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { harness, type Json } from '../../test/support/http-harness.js';

describe('HTTP foundation', () => {
  const h = harness();
  after(() => h.memory.close());

  it('reports health without secrets', async () => {
    const res = await h.call('GET', '/healthz');
    assert.equal(res.status, 200);
    assert.equal(res.body.storage.ok, true);
    assert.equal(res.body.embedder.id, null);
    assert.equal(res.body.status, 'degraded');
    assert.doesNotMatch(JSON.stringify(res.body), /alice|mnemo_/);
  });

  it('maps malformed JSON and wrong types to 400 and stores nothing', async () => {
    const bad = await h.call('POST', '/api/v1/memories', '{"text": "x",');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'INVALID_INPUT');
    const wrong = await h.call('POST', '/api/v1/memories', { text: 42 });
    assert.equal(wrong.status, 400);
    assert.match(wrong.body.error.message, /text/);
    const list = await h.call('GET', '/api/v1/memories');
    assert.equal(list.body.total, 0);
  });

  it('rejects bodies over the limit with 413', async () => {
    const small = harness({ bodyLimitBytes: 100 });
    const res = await small.call('POST', '/api/v1/memories', { text: 'x'.repeat(200) });
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'PAYLOAD_TOO_LARGE');
    assert.equal((await small.call('GET', '/api/v1/memories')).body.total, 0);
    await small.memory.close();
  });

  it('decides on a declared Content-Length before reading the body, and counts undeclared bodies', async () => {
    const small = harness({ bodyLimitBytes: 100 });
    const big = JSON.stringify({ text: 'x'.repeat(200), user_id: 'u' });
    const declared = await small.app.request('/api/v1/memories', { method: 'POST', body: big, headers: { 'content-type': 'application/json', 'content-length': String(big.length) } });
    assert.equal(declared.status, 413);
    assert.equal(declared.headers.get('connection'), 'close');
    const fits = JSON.stringify({ text: 'short', user_id: 'u' });
    const ok = await small.app.request('/api/v1/memories', { method: 'POST', body: fits, headers: { 'content-type': 'application/json', 'content-length': String(fits.length) } });
    assert.equal(ok.status, 201);
    const stream = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(big)); c.close(); } });
    const undeclared = await small.app.request('/api/v1/memories', { method: 'POST', body: stream, duplex: 'half', headers: { 'content-type': 'application/json' } } as RequestInit);
    assert.equal(undeclared.status, 413);
    assert.equal((await small.call('GET', '/api/v1/memories?user_id=u')).body.total, 1);
    await small.memory.close();
  });

  it('answers unknown routes with the JSON error shape', async () => {
    // Under /api (not the dashboard's client-side routes, which answer index.html).
    const res = await h.call('GET', '/api/v1/nope');
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'NOT_FOUND');
  });

  it('keeps CORS closed unless the origin is allowed', async () => {
    const closed = await h.app.request('/healthz', { headers: { origin: 'http://evil.test' } });
    assert.equal(closed.headers.get('access-control-allow-origin'), null);
    const open = harness({ cors: ['http://localhost:3000'] });
    const ok = await open.app.request('/healthz', { headers: { origin: 'http://localhost:3000' } });
    assert.equal(ok.headers.get('access-control-allow-origin'), 'http://localhost:3000');
    const other = await open.app.request('/healthz', { headers: { origin: 'http://evil.test' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    await open.memory.close();
  });
});

describe('auth and user isolation', () => {
  const h = harness({ auth: { required: true } });
  let alice = '';
  let bob = '';
  let cursor = '';
  before(async () => {
    alice = (await h.memory.keys.create('alice')).token;
    bob = (await h.memory.keys.create('bob')).token;
    cursor = (await h.memory.keys.create('alice', { app: 'cursor' })).token;
  });
  after(() => h.memory.close());
  const as = (token: string) => ({ authorization: `Token ${token}` });

  it('requires a key, accepting Token and Bearer', async () => {
    const none = await h.call('GET', '/api/v1/memories');
    assert.equal(none.status, 401);
    assert.equal(none.body.error.code, 'UNAUTHENTICATED');
    assert.equal((await h.call('GET', '/api/v1/memories', undefined, { authorization: 'Token mnemo_nope' })).status, 401);
    assert.equal((await h.call('GET', '/api/v1/memories', undefined, as(alice))).status, 200);
    assert.equal((await h.call('GET', '/api/v1/memories', undefined, { authorization: `Bearer ${alice}` })).status, 200);
    assert.equal((await h.call('GET', '/healthz')).status, 200);
  });

  it('rejects revoked keys', async () => {
    const { token, key } = await h.memory.keys.create('alice');
    assert.equal((await h.call('GET', '/api/v1/stats', undefined, as(token))).status, 200);
    await h.memory.keys.revoke(key.id);
    assert.equal((await h.call('GET', '/api/v1/stats', undefined, as(token))).status, 401);
  });

  it("never lets one user read, update or delete another's memory", async () => {
    const created = await h.call('POST', '/api/v1/memories', { text: 'alice keeps a secret diary' }, as(alice));
    assert.equal(created.status, 201);
    const id = created.body.id as string;
    assert.equal((await h.call('GET', `/api/v1/memories/${id}`, undefined, as(bob))).status, 404);
    assert.equal((await h.call('PUT', `/api/v1/memories/${id}`, { memory_content: 'bob was here' }, as(bob))).status, 404);
    assert.equal((await h.call('DELETE', `/api/v1/memories/${id}`, undefined, as(bob))).status, 404);
    assert.equal((await h.call('GET', `/api/v1/memories/${id}/history`, undefined, as(bob))).status, 404);
    assert.equal((await h.call('GET', `/api/v1/memories/${id}`, undefined, as(alice))).body.content, 'alice keeps a secret diary');
    // Naming another user with a key is refused outright.
    assert.equal((await h.call('GET', '/api/v1/memories?user_id=alice', undefined, as(bob))).status, 403);
  });

  it('stops a paused app from writing and from reading', async () => {
    await h.call('POST', '/api/v1/memories', { text: 'cursor wrote about typescript code' }, as(cursor));
    const pause = await h.call('PUT', '/api/v1/apps/cursor', { is_active: false }, as(alice));
    assert.equal(pause.status, 200);
    const add = await h.call('POST', '/api/v1/memories', { text: 'written while paused' }, as(cursor));
    assert.equal(add.status, 403);
    assert.match(add.body.error.message, /paused/);
    assert.equal((await h.call('GET', '/api/v1/memories', undefined, as(cursor))).body.total, 0);
    // The app cannot resume itself.
    assert.equal((await h.call('PUT', '/api/v1/apps/cursor', { is_active: true }, as(cursor))).status, 403);
    await h.call('PUT', '/api/v1/apps/cursor?is_active=true', undefined, as(alice));
    assert.ok((await h.call('GET', '/api/v1/memories', undefined, as(cursor))).body.total > 0);
  });

  it('hides denied memories from an app, failing closed on deny-all', async () => {
    const health = await h.call('POST', '/api/v1/memories', { text: 'my doctor says my allergy is mild' }, as(alice));
    assert.deepEqual(health.body.categories, ['health']);
    const rule = await h.call('POST', '/api/v1/access-rules', { app: 'cursor', effect: 'deny', object_type: 'category', object_id: 'health' }, as(alice));
    assert.equal(rule.status, 201);
    const seen = await h.call('GET', '/api/v1/memories?search_query=allergy', undefined, as(cursor));
    assert.equal(seen.body.total, 0);
    assert.equal((await h.call('GET', `/api/v1/memories/${health.body.id}`, undefined, as(cursor))).status, 404);
    assert.equal((await h.call('GET', '/api/v1/memories?search_query=allergy', undefined, as(alice))).body.total, 1);
    await h.call('POST', '/api/v1/access-rules', { app: 'cursor', effect: 'deny', object_type: 'all' }, as(alice));
    assert.equal((await h.call('GET', '/api/v1/memories', undefined, as(cursor))).body.total, 0);
    const search = await h.memory.search('typescript', { userId: 'alice', caller: 'cursor' });
    assert.equal(search.results.length, 0);
  });
});

describe('REST API /api/v1', () => {
  const h = harness();
  const ids: string[] = [];
  before(async () => {
    const texts = ['I love hiking in the alps', 'my flight to Lisbon leaves at noon', 'Budget: save money for a new laptop', 'Zebra facts are fun'];
    for (const [i, text] of texts.entries()) {
      const res = await h.call('POST', '/api/v1/memories', { text, app: i % 2 === 0 ? 'claude' : 'cursor' });
      ids.push(res.body.id);
    }
  });
  after(() => h.memory.close());

  it('lists with pagination, filters and sort', async () => {
    const p1 = await h.call('GET', '/api/v1/memories?size=3&page=1&sort_column=memory&sort_direction=asc');
    assert.equal(p1.status, 200);
    assert.deepEqual([p1.body.total, p1.body.page, p1.body.size, p1.body.pages, p1.body.items.length], [4, 1, 3, 2, 3]);
    assert.equal(p1.body.items[0].content, 'Budget: save money for a new laptop');
    const p2 = await h.call('GET', '/api/v1/memories?size=3&page=2&sort_column=memory&sort_direction=asc');
    assert.equal(p2.body.items[0].content, 'Zebra facts are fun');
    assert.equal((await h.call('GET', '/api/v1/memories?app_id=cursor')).body.total, 2);
    assert.equal((await h.call('GET', '/api/v1/memories?categories=travel')).body.items[0].content, 'my flight to Lisbon leaves at noon');
    assert.equal((await h.call('GET', '/api/v1/memories?search_query=LISBON')).body.total, 1);
    assert.equal((await h.call('GET', '/api/v1/memories?from_date=4102444800')).body.total, 0);
    const filtered = await h.call('POST', '/api/v1/memories/filter', { page: 1, size: 10, app_ids: ['claude'], sort_column: 'created_at', sort_direction: 'asc' });
    assert.equal(filtered.body.total, 2);
    assert.equal((await h.call('GET', '/api/v1/memories?size=abc')).status, 400);
  });

  it('archives, pauses by app and resumes; status history names who changed it', async () => {
    const archived = await h.call('POST', '/api/v1/memories/actions/archive', { memory_ids: [ids[3]] }, { 'x-mnemo-app': 'dashboard' });
    assert.equal(archived.body.changed, 1);
    assert.equal((await h.call('GET', '/api/v1/memories')).body.total, 3);
    assert.equal((await h.call('GET', '/api/v1/memories?show_archived=true')).body.total, 4);
    assert.equal((await h.call('GET', '/api/v1/memories?state=archived')).body.total, 1);
    const history = await h.call('GET', `/api/v1/memories/${ids[3]}/history`);
    assert.equal(history.body.status_history.at(-1).changed_by, 'dashboard');
    assert.equal(history.body.status_history.at(-1).new_state, 'archived');

    const paused = await h.call('POST', '/api/v1/memories/actions/pause', { app_id: 'claude' });
    assert.equal(paused.body.changed, 2);
    assert.equal((await h.call('GET', '/api/v1/memories?state=paused')).body.total, 2);
    const resumed = await h.call('POST', '/api/v1/memories/actions/pause', { global_pause: true, state: 'active' });
    assert.equal(resumed.body.changed, 3);
    assert.equal((await h.call('POST', '/api/v1/memories/actions/pause', {})).status, 400);
  });

  it('updates content with history, reads the access log, related and categories', async () => {
    const updated = await h.call('PUT', `/api/v1/memories/${ids[0]}`, { memory_content: 'I love hiking in the dolomites' });
    assert.equal(updated.body.content, 'I love hiking in the dolomites');
    const history = await h.call('GET', `/api/v1/memories/${ids[0]}/history`);
    assert.deepEqual(history.body.history.map((e: Json) => e.event), ['ADD', 'UPDATE']);
    await h.call('GET', `/api/v1/memories/${ids[0]}`, undefined, { 'x-mnemo-app': 'claude' });
    const log = await h.call('GET', `/api/v1/memories/${ids[0]}/access-log?page=1&page_size=5`);
    assert.ok(log.body.total >= 1);
    assert.equal(log.body.logs[0].app_name, 'claude');
    const related = await h.call('GET', `/api/v1/memories/${ids[2]}/related`);
    assert.equal(related.status, 200);
    assert.deepEqual(related.body.similar, []);
    const categories = await h.call('GET', '/api/v1/memories/categories');
    assert.ok(categories.body.categories.some((c: Json) => c.name === 'travel'));
  });

  it('lists apps with counts, their memories and accesses; stats per app and day', async () => {
    const apps = await h.call('GET', '/api/v1/apps?sort_by=memories&sort_direction=desc');
    const claude = apps.body.apps.find((a: Json) => a.name === 'claude');
    assert.equal(claude.total_memories_created, 2);
    assert.ok(claude.total_memories_accessed >= 1);
    assert.equal((await h.call('GET', '/api/v1/apps/claude/memories')).body.total, 2);
    assert.ok((await h.call('GET', '/api/v1/apps/claude/accessed')).body.memories[0].access_count >= 1);
    assert.equal((await h.call('GET', '/api/v1/apps/nobody')).status, 404);
    const stats = await h.call('GET', '/api/v1/stats');
    assert.equal(stats.body.total_memories, 4);
    assert.equal(stats.body.memories_per_day.reduce((a: number, d: Json) => a + d.count, 0), 4);
    assert.ok(stats.body.memories_per_app.some((a: Json) => a.app === 'cursor' && a.count === 2));
  });

  it('bulk deletes only existing ids', async () => {
    const res = await h.call('DELETE', '/api/v1/memories', { memory_ids: [ids[1], crypto.randomUUID()] });
    assert.equal(res.body.deleted, 1);
    assert.equal((await h.call('GET', `/api/v1/memories/${ids[1]}`)).status, 404);
    assert.equal((await h.call('DELETE', '/api/v1/memories', { memory_ids: ['not-a-uuid'] })).status, 400);
  });
});
