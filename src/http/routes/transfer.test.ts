/**
 * `GET /api/v1/export` and `POST /api/v1/import` in-process: a round trip into another
 * user keeps text, state, times, app, categories and metadata; re-importing skips
 * duplicates; bad input is 400 with nothing stored; the import route has its own body
 * limit; exports hold only the user's memories; app-bound keys are refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { harness, type Json } from '../../../test/support/http-harness.js';

describe('export and import', () => {
  // A server-wide limit of 4 KiB: the import route must still take larger files.
  const h = harness({ bodyLimitBytes: 4096 });
  after(() => h.memory.close());
  let exported: Json;

  before(async () => {
    await h.call('POST', '/api/v1/memories', { text: 'I prefer window seats', app: 'cursor', categories: ['travel'], metadata: { source: 'chat' } });
    const tea = await h.call('POST', '/api/v1/memories', { text: 'Green tea every morning', agent_id: 'planner' });
    await h.call('POST', '/api/v1/memories/actions/archive', { memory_ids: [tea.body.id] });
    const gone = await h.call('POST', '/api/v1/memories', { text: 'Deleted memory' });
    await h.call('DELETE', `/api/v1/memories/${gone.body.id}`);
    await h.call('POST', '/api/v1/memories?user_id=bob', { text: 'Bob secret plan', user_id: 'bob' });
  });

  it('exports the user\'s non-deleted memories as a JSON attachment', async () => {
    const res = await h.call('GET', '/api/v1/export');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    assert.match(res.headers.get('content-disposition') ?? '', /attachment/);
    exported = res.body;
    assert.equal(exported.version, 1);
    assert.equal(exported.user_id, 'alice');
    assert.equal(typeof exported.exported_at, 'number');
    assert.deepEqual(exported.memories.map((m: Json) => m.content).sort(), ['Green tea every morning', 'I prefer window seats']);
    const seats = exported.memories.find((m: Json) => m.app_name === 'cursor');
    assert.deepEqual([seats.state, seats.categories, seats.metadata_], ['active', ['travel'], { source: 'chat' }]);
    assert.ok(!res.text.includes('Bob secret plan'));
    const bob = await h.call('GET', '/api/v1/export?user_id=bob');
    assert.deepEqual(bob.body.memories.map((m: Json) => m.content), ['Bob secret plan']);
  });

  it('imports an export into another user, keeping state and times, then skips duplicates', async () => {
    const padded = { ...exported, padding: 'x'.repeat(8000) };
    const res = await h.call('POST', '/api/v1/import?user_id=carol', padded);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual([res.body.format, res.body.imported, res.body.skipped, res.body.failed], ['mnemo', 2, 0, 0]);
    const carol = await h.call('GET', '/api/v1/memories?user_id=carol&show_archived=true');
    assert.equal(carol.body.total, 2);
    for (const m of carol.body.items as Json[]) {
      const source = exported.memories.find((e: Json) => e.content === m.content);
      assert.deepEqual([m.state, m.created_at, m.updated_at, m.app_name, m.categories, m.metadata_, m.agent_id],
        [source.state, source.created_at, source.updated_at, source.app_name, source.categories, source.metadata_, source.agent_id]);
      assert.notEqual(m.id, source.id, 'imports get new ids');
    }
    assert.equal((await h.call('GET', '/api/v1/apps/cursor?user_id=carol')).status, 200, 'the writer app exists for carol');
    const again = await h.call('POST', '/api/v1/import?user_id=carol', exported);
    assert.deepEqual([again.body.imported, again.body.skipped], [0, 2]);
    assert.equal((await h.call('POST', '/api/v1/memories', { text: 'x'.repeat(8000) })).status, 413, 'other routes keep the server limit');
  });

  it('keeps mem0 expiry dates across export and import', async () => {
    await h.call('POST', '/v1/memories/', { messages: 'expired code 1111', user_id: 'erin', expiration_date: '2001-01-01' });
    await h.call('POST', '/v1/memories/', { messages: 'live code 2222', user_id: 'erin', expiration_date: '2999-01-01' });
    const file = (await h.call('GET', '/api/v1/export?user_id=erin')).body;
    const byText = Object.fromEntries(file.memories.map((m: Json) => [m.content, m.expires_at]));
    assert.deepEqual(byText, { 'expired code 1111': Math.floor(Date.parse('2001-01-01T23:59:59.999Z') / 1000), 'live code 2222': Math.floor(Date.parse('2999-01-01T23:59:59.999Z') / 1000) });
    assert.equal((await h.call('POST', '/api/v1/import?user_id=frank', file)).body.imported, 2);
    const visible = await h.call('POST', '/v3/memories/', { filters: { user_id: 'frank' } });
    assert.deepEqual(visible.body.results.map((m: Json) => m.memory), ['live code 2222'], 'the expired memory stays expired');
    const all = await h.call('POST', '/v3/memories/', { filters: { user_id: 'frank' }, show_expired: true });
    assert.equal(all.body.count, 2);
  });

  it('rejects bad input with 400 and stores nothing', async () => {
    const good = { content: 'A fine memory', created_at: 1767225600 };
    const cases: unknown[] = [
      '{"memories": [',
      { memories: 'nope' },
      { version: 2, memories: [good] },
      { memories: [good, { content: '' }] },
      { memories: [good, { content: 'bad state', state: 'deleted' }] },
      { memories: [good, { content: 'bad time', created_at: 'yesterday-ish' }] },
      { memories: [good, { content: 42 }] },
    ];
    for (const body of cases) {
      const res = await h.call('POST', '/api/v1/import?user_id=dave', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, 'INVALID_INPUT');
    }
    assert.equal((await h.call('GET', '/api/v1/memories?user_id=dave&show_archived=true')).body.total, 0);
  });

  it('refuses app-bound keys and other users under a key', async () => {
    const authed = harness({ auth: { required: true } });
    const app = (await authed.memory.keys.create('alice', { app: 'cursor' })).token;
    const user = (await authed.memory.keys.create('alice')).token;
    assert.equal((await authed.call('GET', '/api/v1/export', undefined, { authorization: `Token ${app}` })).status, 403);
    assert.equal((await authed.call('POST', '/api/v1/import', exported, { authorization: `Token ${app}` })).status, 403);
    assert.equal((await authed.call('GET', '/api/v1/export?user_id=bob', undefined, { authorization: `Token ${user}` })).status, 403);
    const ok = await authed.call('POST', '/api/v1/import', exported, { authorization: `Token ${user}` });
    assert.deepEqual([ok.status, ok.body.imported], [200, 2], 'a file of another user imports into the key\'s user');
    await authed.memory.close();
  });
});
