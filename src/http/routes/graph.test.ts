/**
 * The graph REST routes in-process (`app.request`): entities, observations with their
 * times, a timeline, relations at a time, contradictions resolved, reflect, user
 * separation and 4xx for bad input.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { harness } from '../../../test/support/http-harness.js';

describe('graph REST routes', () => {
  const h = harness();
  after(() => h.memory.close());
  let alice = '';

  it('creates entities and observations and shows a timeline with both time axes', async () => {
    const created = await h.call('POST', '/api/v1/entities', { entities: [{ name: 'Alice', type: 'person', aliases: ['Ali'] }, { name: 'Acme', type: 'company' }, { name: 'Globex', type: 'company' }] });
    assert.equal(created.status, 201);
    alice = created.body.created[0].id;
    const o1 = await h.call('POST', `/api/v1/entities/${alice}/observations`, { observations: [{ content: 'lives in Berlin', predicate: 'lives_in', valid_at: '2024-01-10' }] });
    assert.equal(o1.status, 201);
    const o2 = await h.call('POST', `/api/v1/entities/${alice}/observations`, { observations: [{ content: 'lives in Hamburg', predicate: 'lives_in', valid_at: '2024-06-01' }] });
    assert.deepEqual(o2.body.closed, [o1.body.added[0].id]);
    const detail = await h.call('GET', `/api/v1/entities/${alice}`);
    assert.equal(detail.status, 200);
    const berlin = detail.body.observations.find((o: any) => o.content === 'lives in Berlin');
    assert.equal(berlin.invalid_at, '2024-06-01T00:00:00.000Z');
    assert.equal(berlin.superseded_by, o2.body.added[0].id);
    assert.ok(berlin.expired_at && berlin.created_at);
    const list = await h.call('GET', '/api/v1/entities?q=ali');
    assert.deepEqual(list.body.entities.map((e: any) => e.name), ['Alice']);
  });

  it('relations at a time, links, changes, and 4xx for bad input', async () => {
    await h.call('POST', '/api/v1/relations', { relations: [{ from: 'Alice', to: 'Acme', type: 'works_at', valid_at: '2023-01-01', exclusive: true }] });
    const r2 = await h.call('POST', '/api/v1/relations', { relations: [{ from: 'Alice', to: 'Globex', type: 'works_at', valid_at: '2024-09-01', exclusive: true }] });
    assert.equal(r2.body.closed.length, 1);
    const then = await h.call('GET', '/api/v1/relations?as_of=2024-03-01');
    assert.deepEqual(then.body.relations.map((r: any) => r.to), ['Acme']);
    assert.deepEqual(then.body.entities.find((e: any) => e.name === 'Alice').observations.map((o: any) => o.content), ['lives in Berlin']);
    await h.call('POST', '/api/v1/memories', { text: 'Ali went hiking with Bob' });
    const mems = await h.call('GET', `/api/v1/entities/${alice}/memories`);
    assert.equal(mems.body.memories[0].link_reason, 'alias');
    const ch = await h.call('GET', `/api/v1/entities/${alice}/changes?from=2024-05-01&to=2024-10-01`);
    assert.equal(ch.body.started.length, 2);
    assert.equal((await h.call('POST', '/api/v1/relations', { relations: [{ from: 'Alice', to: 'Nobody', type: 'knows' }] })).status, 404);
    assert.equal((await h.call('POST', `/api/v1/entities/${alice}/observations`, { observations: [{ content: 'x', confidence: 3 }] })).status, 400);
    assert.equal((await h.call('GET', '/api/v1/entities/nope')).status, 404);
    assert.equal((await h.call('GET', `/api/v1/entities/${alice}?user_id=bob`)).status, 404, 'other users never see it');
  });

  it('lists contradictions and resolves one; reflect summarises', async () => {
    await h.call('POST', '/api/v1/memories', { text: 'I like coffee' });
    await h.call('POST', '/api/v1/memories', { text: 'I do not like coffee' });
    const list = await h.call('GET', '/api/v1/contradictions');
    assert.equal(list.body.total, 1);
    const id = list.body.contradictions[0].id;
    assert.equal((await h.call('POST', `/api/v1/contradictions/${encodeURIComponent(id)}/resolve`, { action: 'explode' })).status, 400);
    const res = await h.call('POST', `/api/v1/contradictions/${encodeURIComponent(id)}/resolve`, { action: 'supersede' });
    assert.equal(res.status, 200);
    assert.equal(res.body.changed.length, 1);
    assert.equal((await h.call('GET', '/api/v1/contradictions')).body.total, 0);
    const r = await h.call('GET', '/api/v1/reflect');
    assert.equal(r.status, 200);
    assert.equal(typeof r.body.summary, 'string');
    assert.ok(r.body.hotEntities.some((e: any) => e.name === 'Alice'));
  });

  it('export carries the graph and import restores it with its times for another user', async () => {
    const exp = await h.call('GET', '/api/v1/export');
    assert.equal(exp.status, 200);
    assert.ok(exp.body.graph.entities.some((e: any) => e.name === 'Alice'));
    const berlin = exp.body.graph.observations.find((o: any) => o.content === 'lives in Berlin');
    assert.equal(berlin.invalid_at, '2024-06-01T00:00:00.000Z');
    const bad = await h.call('POST', '/api/v1/import?user_id=zed', { memories: [{ content: 'x' }], graph: { entities: [{ name: '' }] } });
    assert.equal(bad.status, 400);
    assert.equal((await h.call('GET', '/api/v1/memories?user_id=zed')).body.total, 0, 'nothing stored when the graph is bad');
    const imp = await h.call('POST', '/api/v1/import?user_id=zed', exp.body);
    assert.equal(imp.status, 200);
    assert.equal(imp.body.graph.entities, 3);
    const then = await h.call('GET', '/api/v1/relations?as_of=2024-03-01&user_id=zed');
    const a = then.body.entities.find((e: any) => e.name === 'Alice');
    assert.deepEqual(a.observations.map((o: any) => o.content), ['lives in Berlin']);
    const hamburg = (await h.call('GET', '/api/v1/relations?user_id=zed')).body.entities.find((e: any) => e.name === 'Alice').observations.find((o: any) => o.content === 'lives in Hamburg');
    assert.equal(a.observations[0].superseded_by, hamburg.id, 'superseded-by pointers remapped to the new ids');
    assert.deepEqual(then.body.relations.map((r: any) => r.to), ['Acme']);
  });
});
