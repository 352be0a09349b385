/**
 * Must-show 3 of issue 3 against a real `mnemo serve --auth` process: no token → 401;
 * user A cannot read, update or delete user B's memory by id (404); a paused app cannot
 * add (REST and mem0 API); a deny rule hides memories from search; malformed JSON, wrong
 * types and oversized bodies → 4xx with nothing stored.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from './support/serve-process.js';

let server: TestServer;
const tokens: Record<'alice' | 'bob' | 'cursor', string> = { alice: '', bob: '', cursor: '' };

before(async () => {
  server = await startServer(['--auth']);
  [tokens.alice, tokens.bob, tokens.cursor] = await Promise.all([server.key('alice'), server.key('bob'), server.key('alice', 'cursor')]);
});
after(() => server.stop());

async function call(who: keyof typeof tokens | null, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(who ? { authorization: `Token ${tokens[who]}` } : {}) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const total = async (who: keyof typeof tokens) => (await call(who, 'GET', '/api/v1/memories?show_archived=true')).body.total as number;

describe('mnemo serve security', () => {
  it('answers 401 without a valid token, 200 for /healthz', async () => {
    for (const [method, path] of [['GET', '/api/v1/memories'], ['POST', '/api/v1/memories'], ['POST', '/v1/memories/search/'], ['POST', '/mcp']]) {
      const res = await call(null, method!, path!, method === 'POST' ? {} : undefined);
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.equal(res.body.error.code, 'UNAUTHENTICATED');
    }
    const health = await call(null, 'GET', '/healthz');
    assert.equal(health.status, 200);
    assert.doesNotMatch(JSON.stringify(health.body), /mnemo_|alice|sqlite/);
  });

  it("isolates users: B gets 404 on A's memory by id and changes nothing", async () => {
    const created = await call('alice', 'POST', '/api/v1/memories', { text: 'alice: the safe code is 4711' });
    assert.equal(created.status, 201);
    const id = created.body.id as string;
    assert.equal((await call('bob', 'GET', `/api/v1/memories/${id}`)).status, 404);
    assert.equal((await call('bob', 'PUT', `/api/v1/memories/${id}`, { memory_content: 'bob was here' })).status, 404);
    assert.equal((await call('bob', 'DELETE', `/api/v1/memories/${id}`)).status, 404);
    assert.equal((await call('bob', 'DELETE', '/api/v1/memories', { memory_ids: [id] })).body.deleted, 0);
    assert.equal((await call('bob', 'GET', `/v1/memories/${id}/`)).status, 404);
    const still = await call('alice', 'GET', `/api/v1/memories/${id}`);
    assert.equal(still.body.content, 'alice: the safe code is 4711');
    assert.equal(still.body.state, 'active');
  });

  it('refuses writes of a paused app until it is resumed', async () => {
    assert.equal((await call('alice', 'PUT', '/api/v1/apps/cursor', { is_active: false })).status, 200);
    const before = await total('alice');
    const rest = await call('cursor', 'POST', '/api/v1/memories', { text: 'cursor writes while paused' });
    assert.equal(rest.status, 403);
    assert.match(rest.body.error.message, /paused/);
    const mem0 = await call('cursor', 'POST', '/v1/memories/', { messages: [{ role: 'user', content: 'mem0 write while paused' }], user_id: 'alice' });
    assert.equal(mem0.status, 403);
    assert.equal(await total('alice'), before);
    assert.equal((await call('alice', 'PUT', '/api/v1/apps/cursor', { is_active: true })).status, 200);
    assert.equal((await call('cursor', 'POST', '/api/v1/memories', { text: 'cursor writes after resume' })).status, 201);
  });

  it('hides denied memories from search', async () => {
    await call('alice', 'POST', '/api/v1/memories', { text: 'my therapist appointment is on friday' });
    const query = { query: 'therapist appointment', user_id: 'alice' };
    const visible = await call('cursor', 'POST', '/v1/memories/search/', query);
    assert.equal(visible.status, 200);
    assert.match(JSON.stringify(visible.body), /therapist/);
    const rule = await call('alice', 'POST', '/api/v1/access-rules', { app: 'cursor', effect: 'deny', object_type: 'category', object_id: 'health' });
    assert.equal(rule.status, 201);
    const hidden = await call('cursor', 'POST', '/v1/memories/search/', query);
    assert.equal(hidden.status, 200);
    assert.doesNotMatch(JSON.stringify(hidden.body), /therapist/);
    assert.equal((await call('cursor', 'GET', '/api/v1/memories?search_query=therapist')).body.total, 0);
    assert.match(JSON.stringify((await call('alice', 'POST', '/v1/memories/search/', query)).body), /therapist/);
  });

  it('rejects malformed JSON, wrong types and oversized bodies, storing nothing', async () => {
    const before = await total('bob');
    const cases: Array<[string, string, unknown]> = [
      ['POST', '/api/v1/memories', '{"text": "half'],
      ['POST', '/api/v1/memories', { text: ['not', 'a', 'string'] }],
      ['POST', '/api/v1/memories', { text: 'ok', metadata: 'nope' }],
      ['POST', '/api/v1/memories', { text: '   ' }],
      ['POST', '/v1/memories/', '{"messages": [}'],
      ['POST', '/v1/memories/', { messages: 42, user_id: 'bob' }],
      ['POST', '/api/v1/memories', { text: 'x'.repeat(2 * 1024 * 1024) }],
    ];
    for (const [method, path, body] of cases) {
      const res = await call('bob', method, path, body);
      assert.ok(res.status >= 400 && res.status < 500, `${method} ${path} → ${res.status}`);
      assert.equal(typeof res.body.error.code, 'string');
    }
    assert.equal((await call('bob', 'POST', '/api/v1/memories', { text: 'x'.repeat(2 * 1024 * 1024) })).status, 413);
    assert.equal(await total('bob'), before);
  });
});
