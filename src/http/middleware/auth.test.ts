/**
 * The auth middleware and the request principal in-process (issues 8 and 16): with auth
 * off any token is accepted and ignored; with auth on only live keys; a per-user key acts
 * for its user only; a project key acts for the user each request names, never silently
 * for another (no user named → 400), and on by-id calls for the memory's owner.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { harness } from '../../../test/support/http-harness.js';

describe('auth off: any token is accepted', () => {
  const h = harness();
  after(() => h.memory.close());

  it('a dummy token acts like no token; a real key still names its user', async () => {
    const dummy = { authorization: 'Token any-value' };
    const added = await h.call('POST', '/v1/memories/', { messages: 'dummy token memory', user_id: 'zoe' }, dummy);
    assert.equal(added.status, 200);
    const listed = await h.call('GET', '/v1/memories/?user_id=zoe', undefined, { authorization: 'Bearer not-a-key' });
    assert.deepEqual(listed.body.map((m: { memory: string }) => m.memory), ['dummy token memory']);
    const { token } = await h.memory.keys.create('bob');
    const asBob = await h.call('GET', '/v1/memories/?user_id=zoe', undefined, { authorization: `Token ${token}` });
    assert.equal(asBob.status, 403, 'a real per-user key keeps its limits with auth off');
    assert.equal(typeof asBob.body.detail, 'string');
  });

  it('collapses duplicate slashes in API paths', async () => {
    const res = await h.call('GET', '//v1//ping/');
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'ok');
  });
});

describe('auth on: only live keys; per-user and project keys', () => {
  const h = harness({ auth: { required: true } });
  let alice = '';
  let project = '';
  before(async () => {
    alice = (await h.memory.keys.create('alice')).token;
    project = (await h.memory.keys.create('ops', { project: true })).token;
  });
  after(() => h.memory.close());
  const as = (token: string) => ({ authorization: `Token ${token}` });

  it('refuses a dummy token with 401 and mem0\'s detail', async () => {
    const res = await h.call('GET', '/v1/ping/', undefined, as('any-value'));
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'UNAUTHENTICATED');
    assert.equal(res.body.detail, res.body.error.message);
  });

  it('a project key acts for the user each request names, and only that one', async () => {
    const a = await h.call('POST', '/v1/memories/', { messages: 'for carol', user_id: 'carol' }, as(project));
    const b = await h.call('POST', '/v1/memories/', { messages: 'for dave', user_id: 'dave' }, as(project));
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    const carol = await h.call('GET', '/v1/memories/?user_id=carol', undefined, as(project));
    assert.deepEqual(carol.body.map((m: { memory: string }) => m.memory), ['for carol']);
    assert.equal((await h.call('GET', '/v1/memories/', undefined, as(project))).status, 400, 'no user named: refused, not the key creator');
    const byId = await h.call('GET', `/v1/memories/${b.body[0].id}/`, undefined, as(project));
    assert.equal(byId.body.user_id, 'dave', 'by id: the owner');
    assert.equal((await h.call('GET', `/v1/memories/${b.body[0].id}/?user_id=carol`, undefined, as(project))).status, 404, 'naming another user never reaches the memory');
    const ping = await h.call('GET', '/v1/ping/', undefined, as(project));
    assert.deepEqual([ping.body.org_id, ping.body.project_id, ping.body.user_id], ['mnemo', 'default', null]);
  });

  it('a per-user key cannot name another user, nor reach another user\'s memory by id', async () => {
    const mine = await h.call('POST', '/v1/memories/', { messages: 'alice only', user_id: 'alice' }, as(alice));
    assert.equal(mine.status, 200);
    assert.equal((await h.call('GET', '/v1/memories/?user_id=carol', undefined, as(alice))).status, 403);
    const carolId = (await h.call('GET', '/v1/memories/?user_id=carol', undefined, as(project))).body[0].id;
    assert.equal((await h.call('GET', `/v1/memories/${carolId}/`, undefined, as(alice))).status, 404);
    assert.equal((await h.call('POST', '/v1/feedback/', { memory_id: carolId, feedback: 'NEGATIVE' }, as(alice))).status, 404);
    assert.equal((await h.call('DELETE', '/v1/batch/', { memories: [{ memory_id: carolId }] }, as(alice))).body.not_found[0], carolId);
    assert.equal((await h.call('GET', `/v1/memories/${carolId}/`, undefined, as(project))).status, 200, 'still there');
  });
});
