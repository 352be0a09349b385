/**
 * `GET /api/v1/stats/timeline` in-process: memories per day per app and per category,
 * reads and writes per app from the activity log, the day window, user isolation, bad
 * `days` refused, app-bound keys refused, and reading it logs nothing.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { harness, type Json } from '../../../test/support/http-harness.js';
import { lastDays } from './stats-timeline.js';

describe('GET /api/v1/stats/timeline', () => {
  const h = harness();
  after(() => h.memory.close());

  it('counts today\'s memories per app and per category, and reads/writes per app', async () => {
    const a = await h.call('POST', '/api/v1/memories', { text: 'I prefer window seats', app: 'cursor', metadata: {}, categories: ['travel'] });
    await h.call('POST', '/api/v1/memories', { text: 'Green tea every morning', app: 'claude' });
    await h.call('POST', '/api/v1/memories', { text: 'Project Zephyr ships in March', app: 'claude' });
    await h.memory.add('Someone else entirely', { userId: 'bob', app: 'cursor', infer: false });
    await h.call('GET', `/api/v1/memories/${a.body.id}`, undefined, { 'x-mnemo-app': 'cursor' });
    const activityBefore = (await h.call('GET', '/api/v1/activity')).body.total;

    const res = await h.call('GET', '/api/v1/stats/timeline?days=7');
    assert.equal(res.status, 200);
    assert.equal(res.body.user_id, 'alice');
    assert.deepEqual(res.body.days, lastDays(7));
    assert.equal(res.body.per_app.length, 7);
    const today = res.body.per_app.at(-1);
    assert.equal(today.day, lastDays(1)[0]);
    assert.deepEqual(today.counts, { cursor: 1, claude: 2 }, 'bob\'s memory is not counted');
    assert.deepEqual(res.body.per_app[0].counts, {});
    const cats = res.body.per_category.at(-1).counts as Record<string, number>;
    assert.equal(Object.values(cats).reduce((s, n) => s + n, 0) >= 3, true, 'every memory counts under a category or (none)');
    const cursor = res.body.apps.find((x: Json) => x.app === 'cursor');
    assert.deepEqual([cursor.reads, cursor.writes], [1, 1]);
    const claude = res.body.apps.find((x: Json) => x.app === 'claude');
    assert.deepEqual([claude.reads, claude.writes], [0, 2]);
    assert.equal(res.body.truncated, false);
    assert.equal((await h.call('GET', '/api/v1/activity')).body.total, activityBefore, 'the timeline itself is not logged as a read');
  });

  it('refuses bad days and app-bound keys', async () => {
    for (const q of ['days=0', 'days=366', 'days=x']) assert.equal((await h.call('GET', `/api/v1/stats/timeline?${q}`)).status, 400, q);
    const authed = harness({ auth: { required: true } });
    const { token } = await authed.memory.keys.create('alice', { app: 'cursor' });
    const res = await authed.call('GET', '/api/v1/stats/timeline', undefined, { authorization: `Bearer ${token}` });
    assert.equal(res.status, 403);
    await authed.memory.close();
  });
});
