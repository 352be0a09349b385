/**
 * Issue 15, searches on worker threads (`mnemo serve --read-threads 2`, a real server
 * process with local embeddings): a memory written through the main thread is found by
 * the very next search, whichever worker answers it, in hybrid mode (the workers borrow
 * the main thread's model); two servers on one file see each other's writes; auth, the
 * user boundary, Host and Origin checks still hold in front of the pool; and a deny rule
 * set through the main thread hides a memory from the workers' searches at once. Without
 * the flag the server uses 2 workers on a machine of 2 cores or more; `--read-threads 0`
 * still keeps every search on the main thread.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { availableParallelism } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from './support/serve-process.js';

let server: TestServer;
let second: TestServer;
let alice = '';
let bob = '';

before(async () => {
  server = await startServer(['--auth', '--read-threads', '2'], { embeddings: 'local' });
  [alice, bob] = await Promise.all([server.key('alice'), server.key('bob')]);
});
after(async () => {
  await second?.stop({ keepDb: true });
  await server.stop();
});

async function call(url: string, token: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Token ${token}` } : {}), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Status of a request sent with node:http (fetch does not let a caller set Host). */
function rawStatus(url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('error', reject);
    req.end(body);
  });
}

describe('mnemo serve with search worker threads', () => {
  it('says it searches on worker threads', () => {
    assert.match(server.stderr(), /searches on 2 worker threads/);
  });

  it('finds each memory written through the main thread on the next search, in hybrid mode', async () => {
    const topics = ['a pottery class on Mondays', 'a flight to Reykjavik in May', 'the dentist appointment on Friday', 'a sourdough starter named Bubbles',
      'the piano lessons of the kids', 'a marathon in Valencia', 'the broken dishwasher', 'a subscription to a chess magazine'];
    for (const topic of topics) {
      const added = await call(server.url, alice, 'POST', '/api/v1/memories', { text: `Alice booked ${topic}` });
      assert.equal(added.status, 201);
      // Several concurrent searches so both workers answer some.
      const found = await Promise.all([1, 2, 3].map(() => call(server.url, alice, 'POST', '/api/v1/memories/search', { query: topic, limit: 1 })));
      for (const res of found) {
        assert.equal(res.status, 200);
        assert.equal(res.body.mode, 'hybrid');
        assert.equal(res.body.results[0]?.content ?? res.body.results[0]?.memory, `Alice booked ${topic}`);
      }
    }
    const mem0 = await call(server.url, alice, 'POST', '/v1/memories/search/', { query: 'dentist appointment' });
    assert.equal(mem0.status, 200);
    assert.match(JSON.stringify(mem0.body), /dentist appointment on Friday/);
  });

  it('keeps auth, the user boundary, Host and Origin checks in front of the workers', async () => {
    assert.equal((await call(server.url, null, 'POST', '/api/v1/memories/search', { query: 'dentist' })).status, 401);
    assert.equal((await call(server.url, null, 'POST', '/v1/memories/search/', { query: 'dentist' })).status, 401);
    const bobs = await call(server.url, bob, 'POST', '/api/v1/memories/search', { query: 'dentist appointment' });
    assert.equal(bobs.status, 200);
    assert.deepEqual(bobs.body.results, [], "bob's searches never see alice's memories");
    const body = JSON.stringify({ query: 'dentist' });
    const headers = { 'content-type': 'application/json', authorization: `Token ${alice}` };
    assert.equal(await rawStatus(`${server.url}/api/v1/memories/search`, headers, body), 200);
    assert.equal(await rawStatus(`${server.url}/api/v1/memories/search`, { ...headers, host: 'evil.example.com' }, body), 403);
    const crossSite = await call(server.url, alice, 'POST', '/api/v1/memories/search', { query: 'dentist' }, { origin: 'https://evil.example' });
    assert.equal(crossSite.status, 403);
  });

  it('applies a deny rule set through the main thread to the next search', async () => {
    const cursor = await server.key('alice', 'cursor');
    const before = await call(server.url, cursor, 'POST', '/api/v1/memories/search', { query: 'marathon in Valencia', limit: 1 });
    assert.match(JSON.stringify(before.body.results), /marathon in Valencia/);
    const id = before.body.results[0].id as string;
    const rule = await call(server.url, alice, 'POST', '/api/v1/access-rules', { app: 'cursor', object_type: 'memory', object_id: id, effect: 'deny' });
    assert.ok(rule.status === 200 || rule.status === 201, JSON.stringify(rule.body));
    for (let i = 0; i < 4; i++) {
      const after = await call(server.url, cursor, 'POST', '/api/v1/memories/search', { query: 'marathon in Valencia', limit: 3 });
      assert.equal(after.status, 200);
      assert.ok(!JSON.stringify(after.body.results).includes(id), 'the denied memory is hidden from every worker');
    }
  });

  it('sees writes of a second server process on the same file, and it sees ours', async () => {
    second = await startServer(['--auth', '--read-threads', '1'], { embeddings: 'local', db: server.db });
    const there = await call(second.url, alice, 'POST', '/api/v1/memories', { text: 'Alice adopted a grey cat called Pixel' });
    assert.equal(there.status, 201);
    const here = await call(server.url, alice, 'POST', '/api/v1/memories/search', { query: 'grey cat Pixel', limit: 1 });
    assert.match(JSON.stringify(here.body.results), /grey cat called Pixel/);
    const back = await call(second.url, alice, 'POST', '/api/v1/memories/search', { query: 'pottery class', limit: 1 });
    assert.match(JSON.stringify(back.body.results), /pottery class on Mondays/);
  });
});

describe('mnemo serve --read-threads default and 0', () => {
  it('uses 2 search worker threads by default on a machine of 2 cores or more', async () => {
    const plain = await startServer([]);
    try {
      assert.match(plain.stderr(), availableParallelism() >= 2 ? /searches on 2 worker threads/ : /searches on the main thread/);
    } finally {
      await plain.stop();
    }
  });

  it('keeps every search on the main thread with --read-threads 0, and still answers them', async () => {
    const main = await startServer(['--read-threads', '0']);
    try {
      assert.match(main.stderr(), /searches on the main thread/);
      const added = await call(main.url, null, 'POST', '/api/v1/memories', { text: 'Carol keeps bees on the roof', user_id: 'carol' });
      assert.equal(added.status, 201);
      const found = await call(main.url, null, 'POST', '/v1/memories/search/', { query: 'bees on the roof', user_id: 'carol' });
      assert.equal(found.status, 200);
      assert.match(JSON.stringify(found.body), /Carol keeps bees on the roof/);
    } finally {
      await main.stop();
    }
  });
});
