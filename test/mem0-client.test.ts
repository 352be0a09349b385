/**
 * The real `mem0ai` MemoryClient, 2.x and 3.x lines (dev dependencies `mem0ai-v2`,
 * `mem0ai-v3`), against a real mnemo HTTP server with API keys: ping, add (v1, v3),
 * getAll (v1, v2, v3 with filters), search (v1, v2, v3), get/update/delete by id,
 * history, delete all of a scope, batch update/delete, entities list/delete, and user
 * isolation (another user's id → 404, naming another user → 403), unsupported filters → 400.
 * The clients' telemetry is switched off before they load.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from './support/serve-process.js';

process.env.MEM0_TELEMETRY = 'false';
const { MemoryClient: ClientV2 } = await import('mem0ai-v2');
const { MemoryClient: ClientV3 } = await import('mem0ai-v3');

/** A loosely typed memory as both clients return it (v3 camelCases the keys). */
type Any = Record<string, any>;

let server: TestServer;
let aliceKey: string;
let bobKey: string;
before(async () => {
  server = await startServer(["--auth"]);
  aliceKey = await server.key('alice');
  bobKey = await server.key('bob');
});
after(() => server.stop());

/** Rejects with the mem0 client's error class for `status` (400 ValidationError, 403 AuthenticationError, 404 MemoryNotFoundError). */
async function rejectsWith(promise: Promise<unknown>, name: string, text?: RegExp): Promise<void> {
  await assert.rejects(promise, (e: Error) => {
    assert.equal(e.name, name, e.message);
    if (text) assert.match(e.message, text);
    return true;
  });
}

describe('mem0ai 2.x client', () => {
  test('full round trip', async () => {
    const client = new ClientV2({ apiKey: aliceKey, host: server.url });
    await client.ping();

    const added = await client.add(
      [{ role: 'user', content: 'I love green tea' }, { role: 'assistant', content: 'Noted, green tea it is.' }],
      { user_id: 'alice', agent_id: 'coach', metadata: { topic: 'drinks' } },
    ) as Any[];
    assert.deepEqual(added.map((e) => [e.event, e.data.memory]), [['ADD', 'I love green tea'], ['ADD', 'Noted, green tea it is.']]);
    const [tea, reply] = added.map((e) => e.id as string);
    await client.add([{ role: 'user', content: 'My flight to Oslo leaves Friday' }], { user_id: 'alice', run_id: 'trip-1' });

    const v1 = await client.getAll({ user_id: 'alice', agent_id: 'coach' }) as Any[];
    assert.deepEqual(v1.map((m) => m.memory).sort(), ['I love green tea', 'Noted, green tea it is.']);
    assert.equal(v1[0]!.user_id, 'alice');
    assert.equal(v1[0]!.metadata.topic, 'drinks');
    const paged = await client.getAll({ user_id: 'alice', page: 1, page_size: 2 }) as unknown as Any;
    assert.equal(paged.count, 3);
    assert.equal(paged.results.length, 2);
    assert.match(paged.next, /page=2/);

    const v2 = await client.getAll({ api_version: 'v2', filters: { OR: [{ run_id: 'trip-1' }, { metadata: { topic: 'drinks' } }] } }) as Any[];
    assert.equal(v2.length, 3);
    const v2and = await client.getAll({ api_version: 'v2', filters: { AND: [{ user_id: 'alice' }, { run_id: 'trip-1' }] } }) as Any[];
    assert.deepEqual(v2and.map((m) => m.memory), ['My flight to Oslo leaves Friday']);
    const future = await client.getAll({ api_version: 'v2', filters: { AND: [{ user_id: 'alice' }, { created_at: { gte: '2999-01-01' } }] } }) as Any[];
    assert.deepEqual(future, []);
    await rejectsWith(client.getAll({ api_version: 'v2', filters: { agent_id: { regex: 'co.*' } } }), 'ValidationError', /regex/);

    const s1 = await client.search('green tea', { user_id: 'alice' }) as Any[];
    assert.ok(s1.some((m) => m.id === tea), 'v1 search finds the memory');
    assert.equal(typeof s1[0]!.score, 'number');
    const s2 = await client.search('Oslo flight', { api_version: 'v2', filters: { user_id: 'alice' } }) as Any[];
    assert.equal(s2[0]!.memory, 'My flight to Oslo leaves Friday');

    const got = await client.get(tea!) as Any;
    assert.deepEqual([got.memory, got.agent_id, got.metadata.topic], ['I love green tea', 'coach', 'drinks']);
    await client.update(tea!, { text: 'I love jasmine tea' });
    assert.equal((await client.get(tea!) as Any).memory, 'I love jasmine tea');
    const history = await client.history(tea!) as Any[];
    assert.deepEqual(history.map((h) => [h.event, h.old_memory, h.new_memory]), [['ADD', null, 'I love green tea'], ['UPDATE', 'I love green tea', 'I love jasmine tea']]);

    const batch = await client.batchUpdate([{ memoryId: tea!, text: 'I love oolong' }, { memoryId: reply!, text: 'Noted, oolong.' }]) as unknown as Any;
    assert.equal(batch.message, 'Successfully updated 2 memories');
    assert.equal((await client.get(reply!) as Any).memory, 'Noted, oolong.');

    const users = await client.users();
    assert.deepEqual(users.results.map((u) => [u.type, u.name, u.total_memories]), [['user', 'alice', 3], ['agent', 'coach', 2], ['run', 'trip-1', 1]]);

    const deleted = await client.batchDelete([reply!]) as unknown as Any;
    assert.equal(deleted.message, 'Successfully deleted 1 memories');
    await rejectsWith(client.get(reply!), 'MemoryNotFoundError');
    await client.delete(tea!);
    await rejectsWith(client.get(tea!), 'MemoryNotFoundError');

    await client.deleteAll({ user_id: 'alice', run_id: 'trip-1' });
    assert.deepEqual(await client.getAll({ user_id: 'alice' }), []);
  });

  test('users are isolated: foreign ids are 404, naming another user is 403', async () => {
    const alice = new ClientV2({ apiKey: aliceKey, host: server.url });
    const bob = new ClientV2({ apiKey: bobKey, host: server.url });
    const [mine] = await alice.add([{ role: 'user', content: 'my secret is 42' }], { user_id: 'alice' }) as Any[];
    await rejectsWith(bob.get(mine!.id), 'MemoryNotFoundError');
    await rejectsWith(bob.update(mine!.id, { text: 'hijacked' }), 'MemoryNotFoundError');
    await rejectsWith(bob.delete(mine!.id), 'MemoryNotFoundError');
    await rejectsWith(bob.getAll({ user_id: 'alice' }), 'AuthenticationError', /another user/);
    await rejectsWith(bob.search('secret', { user_id: 'alice' }), 'AuthenticationError');
    assert.deepEqual(await bob.search('secret', { user_id: 'bob' }), []);
    assert.equal((await alice.get(mine!.id) as Any).memory, 'my secret is 42');
    await alice.deleteUsers({ user_id: 'alice' });
    assert.deepEqual(await alice.getAll({ user_id: 'alice' }), []);
  });
});

describe('mem0ai 3.x client', () => {
  test('full round trip', async () => {
    const client = new ClientV3({ apiKey: aliceKey, host: server.url });
    await client.ping();

    const added = await client.add([{ role: 'user', content: 'I live in Lisbon' }], { userId: 'alice', runId: 'move', metadata: { city: 'Lisbon' } }) as unknown as Any;
    assert.equal(added.status, 'SUCCEEDED');
    assert.equal(added.results[0].event, 'ADD');
    const id = added.results[0].id as string;
    await client.add([{ role: 'user', content: 'I work as a nurse' }], { userId: 'alice', agentId: 'career' });

    const all = await client.getAll({ filters: { user_id: 'alice' } });
    assert.equal(all.count, 2);
    const run = await client.getAll({ filters: { AND: [{ user_id: 'alice' }, { run_id: 'move' }] } });
    assert.deepEqual(run.results.map((m) => [m.memory, m.runId, m.userId, m.metadata.city]), [['I live in Lisbon', 'move', 'alice', 'Lisbon']]);
    const notCareer = await client.getAll({ filters: { NOT: [{ agent_id: 'career' }] }, page: 1, pageSize: 10 });
    assert.deepEqual(notCareer.results.map((m) => m.memory), ['I live in Lisbon']);
    await rejectsWith(client.getAll({ filters: { user_id: 'alice', color: 'red' } }), 'ValidationError', /unknown field/);

    const found = await client.search('Lisbon', { filters: { user_id: 'alice' }, topK: 3 });
    assert.equal(found.results[0]!.id, id);
    assert.equal(typeof found.results[0]!.score, 'number');

    const got = await client.get(id);
    assert.deepEqual([got.memory, got.userId, got.runId], ['I live in Lisbon', 'alice', 'move']);
    await client.update(id, { text: 'I live in Porto' });
    await client.update(id, { metadata: { city: 'Porto' } });
    const after = await client.get(id);
    assert.deepEqual([after.memory, after.metadata.city], ['I live in Porto', 'Porto']);
    const history = await client.history(id);
    assert.deepEqual(history.map((h) => [h.event, h.newMemory]), [['ADD', 'I live in Lisbon'], ['UPDATE', 'I live in Porto'], ['UPDATE', 'I live in Porto']]);

    const users = await client.users();
    assert.deepEqual(users.results.map((u) => [u.type, u.name]), [['user', 'alice'], ['agent', 'career'], ['run', 'move']]);
    const batch = await client.batchUpdate([{ memoryId: id, text: 'I live in Faro' }]) as unknown as Any;
    assert.equal(batch.message, 'Successfully updated 1 memories');

    await client.deleteUsers({ agentId: 'career' });
    assert.equal((await client.getAll({ filters: { user_id: 'alice' } })).count, 1);
    await client.delete(id);
    await rejectsWith(client.get(id), 'MemoryNotFoundError');
    await client.add([{ role: 'user', content: 'temporary' }], { userId: 'alice' });
    await client.deleteAll({ userId: 'alice' });
    assert.equal((await client.getAll({ filters: { user_id: 'alice' } })).count, 0);
  });

  test('unsupported features answer 400, not a silent success', async () => {
    const client = new ClientV3({ apiKey: aliceKey, host: server.url });
    await rejectsWith(client.add([{ role: 'user', content: 'x' }], { userId: 'alice', immutable: true }), 'ValidationError', /immutable/);
    await rejectsWith(client.getAll({ filters: { created_at: { between: ['2020-01-01', '2021-01-01'] } } }), 'ValidationError', /between/);
    assert.equal((await client.getAll({ filters: { user_id: 'alice' } })).count, 0, 'nothing was stored');
  });
});

describe("any token with auth off, only real keys with auth on (issue 8)", () => {
  let open: TestServer;
  before(async () => { open = await startServer(); });
  after(() => open.stop());

  test("2.x and 3.x with apiKey 'any-value' work against auth off", async () => {
    const v2 = new ClientV2({ apiKey: 'any-value', host: open.url });
    await v2.ping();
    const added = await v2.add([{ role: 'user', content: 'I keep bees' }], { user_id: 'dora' }) as Any[];
    assert.equal(added[0]!.event, 'ADD');
    assert.deepEqual((await v2.getAll({ user_id: 'dora' }) as Any[]).map((m) => m.memory), ['I keep bees']);
    const v3 = new ClientV3({ apiKey: 'any-value', host: open.url });
    await v3.ping();
    const found = await v3.search('bees', { filters: { user_id: 'dora' } });
    assert.equal(found.results[0]!.memory, 'I keep bees');
  });

  test("the same dummy key gets 401 with auth on", async () => {
    const refused = (e: Error) => /401|Unauthorized|invalid or revoked|Authentication/i.test(`${e.name} ${e.message}`);
    const v2 = new ClientV2({ apiKey: 'any-value', host: server.url });
    await assert.rejects(v2.ping(), refused);
    await assert.rejects(v2.getAll({ user_id: 'alice' }), refused);
    const v3 = new ClientV3({ apiKey: 'any-value', host: server.url });
    await assert.rejects(v3.ping(), refused);
    await assert.rejects(v3.getAll({ filters: { user_id: 'alice' } }), refused);
  });
});
