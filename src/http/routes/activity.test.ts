/**
 * `GET /api/v1/activity` in-process: reads and writes newest first with paging and the
 * app filter, deleted content hidden, user isolation, app-bound keys refused, bad paging
 * refused; and the access-log policy of REST reads (the user reading directly is not
 * logged, an app is).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { harness, type Json } from '../../../test/support/http-harness.js';

/** A clock one second further on every reading, so events never share a timestamp. */
function tickingClock(start = Date.UTC(2026, 0, 1)) {
  let t = start;
  return { now: () => (t += 1000) };
}

describe('GET /api/v1/activity', () => {
  const h = harness({}, { clock: tickingClock() });
  after(() => h.memory.close());
  const cursor = { 'x-mnemo-app': 'cursor' };

  it('lists reads and writes of the user, newest first, paginated', async () => {
    const a = await h.call('POST', '/api/v1/memories', { text: 'I prefer window seats', app: 'cursor' });
    const b = await h.call('POST', '/api/v1/memories', { text: 'Green tea every morning', app: 'claude' });
    assert.equal(a.status, 201);
    await h.call('GET', `/api/v1/memories/${a.body.id}`, undefined, cursor);
    await h.call('PUT', `/api/v1/memories/${a.body.id}`, { memory_content: 'I prefer aisle seats' });
    await h.call('POST', '/api/v1/memories/actions/archive', { memory_ids: [b.body.id] });
    await h.call('DELETE', `/api/v1/memories/${b.body.id}`);

    const res = await h.call('GET', '/api/v1/activity?page=1&size=10');
    assert.equal(res.status, 200);
    const actions = res.body.items.map((e: Json) => `${e.kind}:${e.action}`);
    assert.deepEqual(actions, ['write:delete', 'write:archived', 'write:update', 'read:get', 'write:add', 'write:add']);
    assert.equal(res.body.total, 6);
    assert.equal(res.body.pages, 1);
    const read = res.body.items.find((e: Json) => e.kind === 'read');
    assert.equal(read.app_name, 'cursor');
    assert.equal(read.content, 'I prefer aisle seats');
    assert.equal(typeof read.at, 'number');
    assert.ok(res.body.items.filter((e: Json) => e.memory_id === b.body.id).every((e: Json) => e.content === null), 'deleted content is hidden');
    // Issue 13: an ADD shows the text it added, an UPDATE the text it wrote (not today's text for both).
    const ofA = res.body.items.filter((e: Json) => e.memory_id === a.body.id && e.kind === 'write');
    assert.deepEqual(ofA.map((e: Json) => [e.action, e.content]), [['update', 'I prefer aisle seats'], ['add', 'I prefer window seats']]);

    const page2 = await h.call('GET', '/api/v1/activity?page=2&size=4');
    assert.equal(page2.body.items.length, 2);
    assert.equal(page2.body.pages, 2);
    assert.deepEqual(page2.body.items.map((e: Json) => e.action), ['add', 'add']);

    const byApp = await h.call('GET', '/api/v1/activity?app=cursor');
    assert.deepEqual(byApp.body.items.map((e: Json) => e.action), ['get', 'add']);
  });

  it('does not log the user reading directly through REST, but logs apps', async () => {
    const before = (await h.call('GET', '/api/v1/activity?size=100')).body.total;
    await h.call('GET', '/api/v1/memories');
    const one = (await h.call('GET', '/api/v1/memories')).body.items[0];
    await h.call('GET', `/api/v1/memories/${one.id}`);
    await h.call('GET', `/api/v1/memories/${one.id}/related`);
    assert.equal((await h.call('GET', '/api/v1/activity?size=100')).body.total, before, 'no read rows for the user acting directly');
    await h.call('GET', '/api/v1/memories', undefined, cursor);
    const after = await h.call('GET', '/api/v1/activity?size=1');
    assert.equal(after.body.total, before + 1);
    assert.deepEqual([after.body.items[0].action, after.body.items[0].app_name], ['list', 'cursor']);
  });

  it('shows nothing of another user', async () => {
    const bob = await h.call('GET', '/api/v1/activity?user_id=bob');
    assert.equal(bob.status, 200);
    assert.equal(bob.body.total, 0);
  });

  it('refuses bad paging and app-bound keys', async () => {
    assert.equal((await h.call('GET', '/api/v1/activity?size=0')).status, 400);
    assert.equal((await h.call('GET', '/api/v1/activity?page=x')).status, 400);
    // Issue 13: out-of-range numbers name the range (they said "must be a number"); hex is not a number here.
    for (const [query, message] of [['page=0', /page: must be a whole number from 1 to 1000000/], ['size=100000', /size: must be a whole number from 1 to 100/], ['page=0x10', /page: must be a whole number/]] as const) {
      const bad = await h.call('GET', `/api/v1/memories?${query}`);
      assert.equal(bad.status, 400, query);
      assert.match(bad.body.error.message, message);
    }
    const authed = harness({ auth: { required: true } });
    const { token } = await authed.memory.keys.create('alice', { app: 'cursor' });
    const res = await authed.call('GET', '/api/v1/activity', undefined, { authorization: `Bearer ${token}` });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'FORBIDDEN');
    await authed.memory.close();
  });
});
