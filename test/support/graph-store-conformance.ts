/**
 * The conformance suite of the graph half of the storage contract (src/storage/
 * graph-store.ts), written once against the contract and run against every backend, as
 * store-conformance.ts is for memories. A backend joins by one line:
 *
 * @example describeGraphStoreConformance('sqlite :memory:', () => openSqliteStore({ path: ':memory:' }));
 *
 * Every case opens a fresh store and closes it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Entity, Observation, Relation } from '../../src/core/graph.js';
import type { MemoryStore } from '../../src/storage/store.js';
import { row, uuid } from './store-conformance.js';

/** Opens a fresh, empty store. */
export type OpenStore = () => Promise<MemoryStore>;

const entity = (id: string, name: string, type = 'person', userId = 'u', aliases: string[] = []): Entity =>
  ({ id, userId, name, type, aliases, summary: null, createdAt: 1_000, updatedAt: 1_000 });
const fact = (id: string, entityId: string, content: string, validAt: number, extra: Partial<Observation> = {}): Observation => ({
  id, userId: 'u', entityId, content, predicate: null, value: null, confidence: 1, sourceMemoryIds: [], validAt, invalidAt: null,
  createdAt: 5_000, expiredAt: null, supersededBy: null, ...extra,
});
const relation = (id: string, fromId: string, toId: string, type: string, validAt: number, extra: Partial<Relation> = {}): Relation => ({
  id, userId: 'u', fromId, toId, type, weight: 1, validAt, invalidAt: null, createdAt: 5_000, expiredAt: null, supersededBy: null,
  provenance: { sourceMemoryIds: [], source: null }, ...extra,
});

/** The cases. */
export const GRAPH_STORE_CASES: Array<{ name: string; run(store: MemoryStore): Promise<void> }> = [
  {
    name: 'entities are unique per user on normalised name and type; lookups fold case and accents',
    async run(store) {
      await store.graph.insertEntities([{ entity: entity('e1', 'Zoë Müller'), vector: null }]);
      await assert.rejects(store.graph.insertEntities([{ entity: entity('e2', 'zoe  MULLER', 'Person'), vector: null }]), (e: { code?: string }) => e.code === 'CONFLICT');
      await store.graph.insertEntities([{ entity: entity('e3', 'Zoë Müller', 'person', 'other'), vector: null }, { entity: entity('e4', 'Zoë Müller', 'city'), vector: null }]);
      assert.deepEqual((await store.graph.entitiesByName('u', ['zoe muller'])).map((e) => e.id), ['e1', 'e4']);
      assert.equal(await store.graph.getEntity('u', 'e3'), null, 'another user\'s entity is absent');
      assert.equal((await store.graph.listEntities('u', { limit: 10, offset: 0 })).total, 2);
    },
  },
  {
    name: 'facts: temporal queries by valid time, closings applied in the same write, user-scoped',
    async run(store) {
      await store.graph.insertEntities([{ entity: entity('a', 'Alice'), vector: null }]);
      await store.graph.writeObservations('u', [{ observation: fact('f1', 'a', 'lives in Berlin', 100, { predicate: 'lives_in' }), vector: null }], []);
      await store.graph.writeObservations('u', [{ observation: fact('f2', 'a', 'lives in Hamburg', 200, { predicate: 'lives_in' }), vector: Float32Array.from([1, 0]) }],
        [{ id: 'f1', invalidAt: 200, expiredAt: 6_000, supersededBy: 'f2' }]);
      assert.deepEqual((await store.graph.observations('u', { entityIds: ['a'] }, 10_000)).map((o) => o.id), ['f2']);
      assert.deepEqual((await store.graph.observations('u', { entityIds: ['a'], asOf: 150 }, 10_000)).map((o) => o.id), ['f1']);
      const all = await store.graph.observations('u', { entityIds: ['a'], includeInvalid: true }, 10_000);
      assert.deepEqual(all.map((o) => [o.id, o.invalidAt, o.expiredAt, o.supersededBy]), [['f1', 200, 6_000, 'f2'], ['f2', null, null, null]]);
      assert.deepEqual((await store.graph.factsOf('u', 'a', 'lives_in')).map((o) => o.id), ['f1', 'f2']);
      assert.deepEqual(await store.graph.closeObservations('other', [{ id: 'f2', invalidAt: 1, expiredAt: 1, supersededBy: null }]), [], 'other users cannot close it');
      assert.deepEqual([...(await store.graph.observationVectors('u', ['f1', 'f2'])).keys()], ['f2']);
      assert.deepEqual([...(await store.graph.observationVectors('u', ['f2'])).get('f2')!], [1, 0]);
      assert.deepEqual(await store.graph.observations('other', { includeInvalid: true }, 10_000), []);
    },
  },
  {
    name: 'relations: either end, valid time, relationsFrom; deleting an entity removes its facts, relations, links and search text',
    async run(store) {
      await store.graph.insertEntities(['a', 'b', 'c'].map((id) => ({ entity: entity(id, `Name ${id}`), vector: null })));
      await store.graph.writeRelations('u', [relation('r1', 'a', 'b', 'works_at', 100, { invalidAt: 200, expiredAt: 300, supersededBy: 'r2' }), relation('r2', 'a', 'c', 'works_at', 200)], []);
      assert.deepEqual((await store.graph.relations('u', { entityIds: ['b'], asOf: 150 }, 10_000)).map((r) => r.id), ['r1']);
      assert.deepEqual((await store.graph.relations('u', { entityIds: ['a'] }, 10_000)).map((r) => r.id), ['r2']);
      assert.deepEqual((await store.graph.relationsFrom('u', 'a', 'works_at')).map((r) => r.id), ['r1', 'r2']);
      await store.graph.writeObservations('u', [{ observation: fact('f', 'c', 'ships rockets', 1), vector: null }], []);
      await store.insertMemories([{ memory: row(1, 'met Name c'), vector: null }]);
      await store.graph.link([{ memoryId: uuid(1), entityId: 'c', userId: 'u', reason: 'name', createdAt: 1 }]);
      assert.equal((await store.graph.entityKeywordCandidates('u', { terms: ['rockets'] }, 5))[0]?.id, 'c');
      assert.deepEqual(await store.graph.deleteEntities('u', ['c', 'missing']), ['c']);
      assert.deepEqual((await store.graph.relations('u', { includeInvalid: true }, 10_000)).map((r) => r.id), ['r1']);
      assert.deepEqual(await store.graph.observations('u', { includeInvalid: true }, 10_000), []);
      assert.deepEqual(await store.graph.linksOfMemories('u', [uuid(1)]), []);
      assert.deepEqual(await store.graph.entityKeywordCandidates('u', { terms: ['rockets'] }, 5), []);
    },
  },
  {
    name: 'links, counts, hot entities, dismissals and the names version stay per user',
    async run(store) {
      assert.equal(await store.graph.namesVersion('u'), 0);
      await store.graph.insertEntities([{ entity: entity('a', 'Ann'), vector: null }, { entity: entity('x', 'Xi', 'person', 'other'), vector: null }]);
      const v1 = await store.graph.namesVersion('u');
      assert.ok(v1 > 0);
      await store.graph.updateEntity('u', 'a', { aliases: ['Annie'], updatedAt: 2_000 });
      assert.ok((await store.graph.namesVersion('u')) > v1, 'an alias change moves the version');
      await store.insertMemories([{ memory: row(1, 'Annie called'), vector: null }, { memory: row(2, 'Xi called', { userId: 'other' }), vector: null }]);
      await store.graph.link([
        { memoryId: uuid(1), entityId: 'a', userId: 'u', reason: 'alias', createdAt: 3_000 },
        { memoryId: uuid(1), entityId: 'x', userId: 'u', reason: 'name', createdAt: 3_000 },
      ]);
      assert.deepEqual((await store.graph.linksOfMemories('u', [uuid(1)])).map((l) => [l.entityId, l.reason]), [['a', 'alias']], 'no link to another user\'s entity');
      assert.equal((await store.graph.linksOfEntity('u', 'a', { limit: 10, offset: 0 })).total, 1);
      assert.deepEqual([...(await store.graph.linkCounts('u', ['a']))], [['a', 1]]);
      assert.deepEqual((await store.graph.hotEntities('u', 2_500, 5)).map((h) => [h.entity.id, h.links]), [['a', 1]]);
      await store.setState([uuid(1)], 'u', 'deleted', null, 4_000);
      assert.equal((await store.graph.linksOfEntity('u', 'a', { limit: 10, offset: 0 })).total, 0, 'a deleted memory is not listed or counted');
      assert.deepEqual([...(await store.graph.linkCounts('u', ['a']))], []);
      await store.graph.dismiss('u', 'obs:1:2', 1);
      assert.deepEqual([...(await store.graph.dismissed('u', ['obs:1:2', 'obs:3:4']))], ['obs:1:2']);
      assert.deepEqual([...(await store.graph.dismissed('other', ['obs:1:2']))], []);
    },
  },
];

/** Registers the graph suite under `describe(name)`, one test per case on a fresh store. */
export function describeGraphStoreConformance(name: string, open: OpenStore): void {
  describe(`GraphStore conformance: ${name}`, () => {
    for (const c of GRAPH_STORE_CASES) {
      it(c.name, async () => {
        const store = await open();
        try {
          await c.run(store);
        } finally {
          await store.close();
        }
      });
    }
  });
}
