/**
 * `/api/v1/keys` in-process with auth on: create (token once), list (never a token or a
 * hash), revoke (the token stops working), another user's key is 404 and stays live,
 * app-bound keys and bad bodies are refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashToken } from '../../engine/api-keys.js';
import { harness, type Json } from '../../../test/support/http-harness.js';

describe('/api/v1/keys', () => {
  const h = harness({ auth: { required: true } });
  let alice: Record<string, string>;
  let bobToken: string;
  let bobKeyId: string;
  before(async () => {
    alice = { authorization: `Bearer ${(await h.memory.keys.create('alice', { name: 'cli' })).token}` };
    const bob = await h.memory.keys.create('bob');
    bobToken = bob.token;
    bobKeyId = bob.key.id;
  });
  after(() => h.memory.close());

  it('creates a key whose token works and is shown only once', async () => {
    const created = await h.call('POST', '/api/v1/keys', { name: 'laptop', app: 'cursor' }, alice);
    assert.equal(created.status, 201);
    assert.match(created.body.token, /^mnemo_[0-9a-f]{12}_/);
    assert.deepEqual({ app: created.body.app, name: created.body.name, last: created.body.last_used_at, revoked: created.body.revoked_at },
      { app: 'cursor', name: 'laptop', last: null, revoked: null });
    assert.equal(typeof created.body.created_at, 'number');
    const used = await h.call('GET', '/api/v1/memories', undefined, { authorization: `Token ${created.body.token}` });
    assert.equal(used.status, 200);

    const list = await h.call('GET', '/api/v1/keys', undefined, alice);
    assert.equal(list.status, 200);
    assert.equal(list.body.total, 2);
    assert.deepEqual(list.body.keys.map((k: Json) => k.name).sort(), ['cli', 'laptop']);
    assert.ok(list.body.keys.every((k: Json) => !('token' in k) && !('hash' in k) && !('key_hash' in k)));
    assert.ok(!list.text.includes(created.body.token) && !list.text.includes(hashToken(created.body.token)), 'neither token nor hash listed');
    assert.ok(!list.text.includes(bobKeyId), 'bob\'s key is not listed for alice');
  });

  it('revokes the user\'s own key, after which its token is refused', async () => {
    const created = await h.call('POST', '/api/v1/keys', {}, alice);
    const revoked = await h.call('DELETE', `/api/v1/keys/${created.body.id}`, undefined, alice);
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body.message, 'API key revoked');
    assert.equal((await h.call('GET', '/api/v1/memories', undefined, { authorization: `Token ${created.body.token}` })).status, 401);
    const listed = (await h.call('GET', '/api/v1/keys', undefined, alice)).body.keys.find((k: Json) => k.id === created.body.id);
    assert.equal(typeof listed.revoked_at, 'number');
    assert.equal((await h.call('DELETE', `/api/v1/keys/${created.body.id}`, undefined, alice)).status, 404, 'already revoked');
  });

  it('answers 404 for another user\'s key and leaves it live', async () => {
    const res = await h.call('DELETE', `/api/v1/keys/${bobKeyId}`, undefined, alice);
    assert.equal(res.status, 404);
    assert.equal((await h.call('GET', '/api/v1/memories', undefined, { authorization: `Token ${bobToken}` })).status, 200);
    assert.equal((await h.call('GET', '/api/v1/keys?user_id=bob', undefined, alice)).status, 403);
  });

  it('refuses app-bound keys, no key, and bad bodies', async () => {
    const appKey = (await h.memory.keys.create('alice', { app: 'cursor' })).token;
    for (const [method, path] of [['GET', '/api/v1/keys'], ['POST', '/api/v1/keys'], ['DELETE', `/api/v1/keys/${bobKeyId}`]] as const) {
      assert.equal((await h.call(method, path, method === 'POST' ? {} : undefined, { authorization: `Token ${appKey}` })).status, 403, `${method} ${path}`);
    }
    assert.equal((await h.call('GET', '/api/v1/keys')).status, 401);
    const before = (await h.call('GET', '/api/v1/keys', undefined, alice)).body.total;
    assert.equal((await h.call('POST', '/api/v1/keys', { name: 5 }, alice)).status, 400);
    assert.equal((await h.call('POST', '/api/v1/keys', '{"name":', alice)).status, 400);
    assert.equal((await h.call('POST', '/api/v1/keys', { app: '' }, alice)).status, 400);
    assert.equal((await h.call('GET', '/api/v1/keys', undefined, alice)).body.total, before, 'nothing created by bad bodies');
  });
});
