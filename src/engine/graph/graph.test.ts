/**
 * The graph SDK on a real SQLite store (keyword-only: no embedder): entity uniqueness,
 * the predicate rule with Graphiti's ordering, exclusive relations, supersede, asOf
 * views, deletes, user separation and bad input.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Memory } from '../memory.js';
import { resolveSupersession } from './temporal.js';

const T = (iso: string) => Date.parse(iso);

describe('resolveSupersession', () => {
  it('closes older open facts and stores an older incoming fact already closed', () => {
    const newer = resolveSupersession([{ id: 'b', validAt: 10, key: 'berlin' }], { id: 'h', validAt: 20, key: 'hamburg' }, 99);
    assert.deepEqual(newer, { kind: 'insert', invalidAt: null, expiredAt: null, supersededBy: null, closings: [{ id: 'b', invalidAt: 20, expiredAt: 99, supersededBy: 'h' }] });
    const older = resolveSupersession([{ id: 'h', validAt: 20, key: 'hamburg' }], { id: 'b', validAt: 10, key: 'berlin' }, 99);
    assert.deepEqual(older, { kind: 'insert', invalidAt: 20, expiredAt: 99, supersededBy: 'h', closings: [] });
    assert.deepEqual(resolveSupersession([{ id: 'h', validAt: 20, key: 'hamburg' }], { id: 'x', validAt: 30, key: 'hamburg' }, 99), { kind: 'duplicate', of: 'h' });
  });
});

describe('memory.graph', () => {
  let memory: Memory;
  const u = { userId: 'alice' };
  before(() => { memory = new Memory({ path: ':memory:', embedder: null, clock: { now: () => T('2025-01-01T00:00:00Z') } }); });
  after(async () => { await memory.close(); });

  it('creates entities unique on normalised name and type, merging aliases', async () => {
    const a = await memory.graph.createEntities([{ name: 'Zoë Müller', type: 'person', observations: ['likes tea'] }, { name: 'Acme', type: 'org' }, { name: 'Globex', type: 'org' }], u);
    assert.equal(a.created.length, 3);
    const b = await memory.graph.createEntities([{ name: 'zoe  muller', type: 'Person', aliases: ['Zo'] }], u);
    assert.equal(b.created.length, 0);
    assert.deepEqual(b.existing[0]!.aliases, ['Zo']);
    const view = await memory.graph.open(['ZOE MULLER'], u);
    assert.deepEqual(view.entities[0]!.observations.map((o) => o.content), ['likes tea']);
  });

  it('closes the open fact of the same predicate, in Graphiti order, never deleting', async () => {
    const r1 = await memory.graph.addObservations([{ entityName: 'Zoë Müller', content: 'lives in Berlin', predicate: 'lives_in', value: 'Berlin', validAt: '2024-01-10' }], u);
    const r2 = await memory.graph.addObservations([{ entityName: 'Zoë Müller', content: 'lives in Hamburg', predicate: 'lives_in', value: 'Hamburg', validAt: '2024-06-01' }], u);
    assert.deepEqual(r2.closed, [r1.added[0]!.id]);
    // An older fact arriving late is stored already invalidated, by the next fact in time.
    const r3 = await memory.graph.addObservations([{ entityName: 'Zoë Müller', content: 'lives in Paris', predicate: 'lives_in', value: 'Paris', validAt: '2023-01-01' }], u);
    assert.deepEqual(r3.closed, []);
    assert.equal(r3.added[0]!.invalidAt, T('2024-01-10'));
    assert.equal(r3.added[0]!.supersededBy, r1.added[0]!.id);
    const late = await memory.graph.addObservations([{ entityName: 'Zoë Müller', content: 'lives in Rome', predicate: 'lives_in', value: 'Rome', validAt: '2024-03-01' }], u);
    assert.equal(late.added[0]!.invalidAt, T('2024-06-01'), 'Graphiti: older than the open Hamburg fact');
    assert.equal(late.added[0]!.supersededBy, r2.added[0]!.id);
    await memory.graph.deleteObservations([{ entityName: 'Zoë Müller', contents: ['lives in Rome'] }], u);
    assert.equal(r3.added[0]!.expiredAt, T('2025-01-01T00:00:00Z'));
    // The same value again is a duplicate.
    const r4 = await memory.graph.addObservations([{ entityName: 'Zoë Müller', content: 'lives in hamburg', predicate: 'lives_in', value: 'hamburg' }], u);
    assert.equal(r4.added.length, 0);
    assert.equal(r4.skipped[0]!.duplicateOf, r2.added[0]!.id);

    const now = await memory.graph.open(['Zoë Müller'], u);
    assert.deepEqual(now.entities[0]!.observations.map((o) => o.value).filter(Boolean), ['Hamburg']);
    const march = await memory.graph.open(['Zoë Müller'], { ...u, asOf: '2024-03-01' });
    const berlin = march.entities[0]!.observations.find((o) => o.predicate === 'lives_in')!;
    assert.equal(berlin.value, 'Berlin');
    assert.equal(berlin.invalidAt, T('2024-06-01'));
    assert.equal(berlin.supersededBy, r2.added[0]!.id);
    assert.equal(march.entities[0]!.observations.some((o) => o.value === 'Hamburg'), false);
    const y2023 = await memory.graph.open(['Zoë Müller'], { ...u, asOf: '2023-06-01' });
    assert.ok(y2023.entities[0]!.observations.some((o) => o.value === 'Paris'));

    const changes = await memory.graph.changes('Zoë Müller', { ...u, from: '2024-05-01', to: '2024-07-01' });
    assert.deepEqual(changes.started.map((x) => ('content' in x ? x.content : x.type)), ['lives in Hamburg']);
    assert.deepEqual(changes.ended.map((x) => ('content' in x ? x.content : x.type)), ['lives in Berlin']);
  });

  it('supersedes an exclusive relation and keeps non-exclusive ones side by side', async () => {
    const w1 = await memory.graph.createRelations([{ from: 'Zoë Müller', to: 'Acme', type: 'works_at', validAt: '2023-01-01', exclusive: true }], u);
    const w2 = await memory.graph.createRelations([{ from: 'Zoë Müller', to: 'Globex', type: 'works_at', validAt: '2024-09-01', exclusive: true }], u);
    assert.deepEqual(w2.closed, [w1.created[0]!.id]);
    const k = await memory.graph.createRelations([{ from: 'Zoë Müller', to: 'Acme', type: 'knows' }, { from: 'Zoë Müller', to: 'Globex', type: 'knows' }, { from: 'Zoë Müller', to: 'Acme', type: 'knows' }], u);
    assert.equal(k.created.length, 2);
    assert.equal(k.skipped.length, 1);
    const then = await memory.graph.open(['Zoë Müller', 'Acme', 'Globex'], { ...u, asOf: '2024-01-01' });
    const works = then.relations.filter((r) => r.type === 'works_at');
    assert.deepEqual(works.map((r) => [r.to, r.invalidAt, r.supersededBy]), [['Acme', T('2024-09-01'), w2.created[0]!.id]]);
    const nowView = await memory.graph.read(u);
    assert.deepEqual(nowView.relations.filter((r) => r.type === 'works_at').map((r) => r.to), ['Globex']);
  });

  it('supersede_observation closes a free-text fact without deleting it', async () => {
    const { added } = await memory.graph.addObservations([{ entityName: 'Acme', content: 'has 50 employees', validAt: '2022-01-01' }, { entityName: 'Acme', content: 'has 80 employees', validAt: '2024-02-01' }], u);
    const s = await memory.graph.supersedeObservation(added[0]!.id, { ...u, by: added[1]!.id });
    assert.equal(s.invalidAt, T('2024-02-01'));
    const full = await memory.graph.entity(added[0]!.entityId, u);
    assert.equal(full.observations.find((o) => o.id === added[0]!.id)!.supersededBy, added[1]!.id);
    await assert.rejects(memory.graph.supersedeObservation(added[0]!.id, u), /already superseded/);
  });

  it('keeps users apart and rejects bad input without writing', async () => {
    assert.deepEqual((await memory.graph.read({ userId: 'bob' })).entities, []);
    await assert.rejects(memory.graph.addObservations([{ entityName: 'Acme', content: 'x' }], { userId: 'bob' }), (e: { code?: string }) => e.code === 'NOT_FOUND');
    await assert.rejects(memory.graph.addObservations([{ entityName: 'Acme', content: 'ok' }, { entityName: 'Nobody', content: 'y' }], u), /entity "Nobody" not found/);
    assert.equal((await memory.graph.open(['Acme'], u)).entities[0]!.observations.some((o) => o.content === 'ok'), false);
    await assert.rejects(memory.graph.createEntities([{ name: '', type: 'x' }], u), (e: { code?: string }) => e.code === 'INVALID_INPUT');
    await assert.rejects(memory.graph.addObservations([{ entityName: 'Acme', content: 'c', confidence: 2 }], u), /confidence/);
  });

  it('a paused app neither writes nor reads the graph', async () => {
    await memory.apps.setActive('alice', 'bot', false);
    await assert.rejects(memory.graph.createEntities([{ name: 'Eve', type: 'person' }], { ...u, caller: 'bot' }), (e: { code?: string }) => e.code === 'FORBIDDEN');
    assert.deepEqual(await memory.graph.read({ ...u, caller: 'bot' }), { entities: [], relations: [] });
    assert.deepEqual((await memory.graph.open(['Acme'], { ...u, caller: 'bot' })).entities, []);
    assert.deepEqual(await memory.graph.findContradictions({ ...u, caller: 'bot' }), []);
    assert.ok((await memory.graph.read(u)).entities.length > 0, 'the user acting directly still sees it');
  });

  it('ranks entities by keywords without an embedder (with a notice) and deletes with cascade', async () => {
    const res = await memory.graph.search('employees', u);
    assert.equal(res.entities[0]!.name, 'Acme');
    assert.match(res.notice ?? '', /keyword/);
    await memory.graph.deleteObservations([{ entityName: 'Acme', contents: ['has 50 employees'] }], u);
    const acmeId = (await memory.graph.listEntities({ ...u, contains: 'acme' })).rows[0]!.id;
    assert.deepEqual(await memory.graph.deleteEntities(['Acme', 'Nobody'], u), [acmeId]);
    const after = await memory.graph.read(u);
    assert.equal(after.entities.some((e) => e.name === 'Acme'), false);
    assert.equal(after.relations.some((r) => r.to === 'Acme'), false);
  });
});

describe('memory.graph.importPeer', () => {
  it('imports a peer graph by names with valid times, confidence and weights; refused items are reported', async () => {
    const memory = new Memory({ path: ':memory:', embedder: null });
    try {
      const u = { userId: 'imp' };
      const res = await memory.graph.importPeer({
        entities: [{ name: 'John', entityType: 'person', observations: [
          { content: 'works remotely', confidence: 0.6, validFrom: T('2022-01-01'), validTo: T('2023-01-01') },
          { content: 'speaks Spanish', createdAt: T('2021-05-01') },
          { content: 'broken interval', validFrom: T('2024-01-01'), validTo: T('2023-01-01') },
        ] }],
        relations: [{ from: 'John', to: 'Acme', relationType: 'works_at', weight: 2, createdAt: T('2022-01-01') }],
      }, u);
      assert.equal(res.entities, 2, 'Acme is created for the dangling relation');
      assert.equal(res.observations, 2);
      assert.equal(res.relations, 1);
      assert.equal(res.skipped.length, 1);
      assert.match(res.skipped[0]!.reason, /invalidAt must be after validAt/);
      const then = await memory.graph.open(['John'], { ...u, asOf: '2022-06-01' });
      assert.deepEqual(then.entities[0]!.observations.map((o) => [o.content, o.confidence]), [['speaks Spanish', 1], ['works remotely', 0.6]]);
      assert.deepEqual(then.relations.map((r) => [r.to, r.weight]), [['Acme', 2]]);
      assert.deepEqual((await memory.graph.open(['John'], u)).entities[0]!.observations.map((o) => o.content), ['speaks Spanish']);
    } finally {
      await memory.close();
    }
  });
});
