/**
 * The storage conformance suite: the behaviour every {@link MemoryStore} must have,
 * written once against the contract in src/storage/store.ts and run against every
 * backend (Hono's `common.case.test.ts` pattern, Kysely's "every integration test
 * against every dialect"). A backend joins by one line:
 *
 * @example describeStoreConformance('sqlite :memory:', () => openSqliteStore({ path: ':memory:' }));
 *
 * Each case opens a fresh store and closes it. Cases that need a capability the backend
 * does not claim (e.g. `vectorSearch`) are skipped with the reason printed; nothing is
 * skipped silently. The cases are also exported ({@link STORE_CASES}) so a test can run
 * them against a deliberately broken store and show the suite catches it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMnemoError } from '../../src/core/errors.js';
import { evaluateFilter, parseFilter } from '../../src/core/filter.js';
import { normalize, type Vector } from '../../src/embedding/embedder.js';
import type { MemoryFilter, MemoryStore, NewMemory, StoreCapabilities, Visibility } from '../../src/storage/store.js';

/** Opens a fresh, empty store. */
export type OpenStore = () => Promise<MemoryStore>;

/** One behaviour of the contract. */
export interface StoreCase {
  /** What the case checks, as printed in the test output. */
  name: string;
  /** Why the case does not apply to a store with these capabilities, or `null` when it does. */
  skip?: (capabilities: StoreCapabilities) => string | null;
  run(store: MemoryStore): Promise<void>;
}

/** A stable UUID-shaped id for test row `n`. */
export const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A new memory of user `u` (unique hash per id unless given). Times are epoch ms. */
export function row(n: number, content: string, extra: Partial<NewMemory> = {}): NewMemory {
  return {
    id: uuid(n), content, hash: `hash-${n}`, userId: 'u', agentId: null, runId: null, app: 'test', metadata: {}, categories: [],
    createdAt: 1_000 + n, ...extra,
  };
}

/** A unit vector from its components. */
export const vec = (...xs: number[]): Vector => normalize(Float32Array.from(xs));

const ALL_STATES: MemoryFilter['states'] = ['active', 'paused', 'archived', 'deleted'];
const OPEN_VISIBILITY: Visibility = { denyAll: false, restricted: false, allowIds: [], allowCategories: [], denyIds: [], denyCategories: [] };
const needsVectors = (c: StoreCapabilities) => (c.vectorSearch ? null : `vector search unavailable: ${c.vectorUnavailableReason ?? 'no reason given'}`);

async function insert(store: MemoryStore, rows: NewMemory[], vectors: Array<Vector | null> = []): Promise<void> {
  await store.insertMemories(rows.map((memory, i) => ({ memory, vector: vectors[i] ?? null })));
}

async function ids(store: MemoryStore, filter: Omit<MemoryFilter, 'userId'> & { userId?: string }): Promise<string[]> {
  return (await store.listIds({ userId: 'u', ...filter })).sort();
}

/** Every case of the suite, in the order they run. */
export const STORE_CASES: StoreCase[] = [
  {
    name: 'CRUD: inserted memories read back with every field; other users see nothing',
    async run(store) {
      await insert(store, [row(1, 'green tea in the morning', { agentId: 'a', runId: 'r', metadata: { k: 'v', n: 2 }, categories: ['food'] })]);
      const m = await store.getMemory(uuid(1), 'u');
      assert.ok(m);
      assert.equal(m.memory, 'green tea in the morning');
      assert.equal(m.hash, 'hash-1');
      assert.deepEqual([m.userId, m.agentId, m.runId, m.app, m.state], ['u', 'a', 'r', 'test', 'active']);
      assert.deepEqual(m.metadata, { k: 'v', n: 2 });
      assert.deepEqual(m.categories, ['food']);
      assert.equal(m.createdAt, new Date(1_001).toISOString());
      assert.equal(m.updatedAt, m.createdAt);
      assert.equal(await store.getMemory(uuid(1), 'someone-else'), null);
      assert.equal(await store.getMemory(uuid(99), 'u'), null);
    },
  },
  {
    name: 'CRUD: getMemories keeps the order of ids and drops absent or filtered ones',
    async run(store) {
      await insert(store, [row(1, 'one'), row(2, 'two', { agentId: 'a' }), row(3, 'three')]);
      const got = await store.getMemories([uuid(3), uuid(99), uuid(1), uuid(2)], { userId: 'u' });
      assert.deepEqual(got.map((m) => m.id), [uuid(3), uuid(1), uuid(2)]);
      assert.deepEqual((await store.getMemories([uuid(3), uuid(2)], { userId: 'u', agentId: 'a' })).map((m) => m.id), [uuid(2)]);
      assert.deepEqual(await store.getMemories([], { userId: 'u' }), []);
    },
  },
  {
    name: 'CRUD: updateMemory replaces text, merges metadata, keeps history; absent ids give null',
    async run(store) {
      await insert(store, [row(1, 'old text', { metadata: { a: 1, b: 1 }, categories: ['x'] })]);
      const updated = await store.updateMemory(uuid(1), 'u', { content: 'new text', hash: 'h2', metadata: { b: 2, c: 3 }, app: 'editor', at: 5_000 });
      assert.ok(updated);
      assert.equal(updated.memory, 'new text');
      assert.equal(updated.hash, 'h2');
      assert.deepEqual(updated.metadata, { a: 1, b: 2, c: 3 });
      assert.deepEqual(updated.categories, ['x']);
      assert.equal(updated.updatedAt, new Date(5_000).toISOString());
      const recat = await store.updateMemory(uuid(1), 'u', { content: 'new text', hash: 'h2', categories: ['y', 'z'], app: null, at: 6_000 });
      assert.deepEqual(recat?.categories, ['y', 'z']);
      const history = await store.history(uuid(1), 'u');
      assert.deepEqual(history.map((h) => [h.event, h.oldMemory, h.newMemory]), [['ADD', null, 'old text'], ['UPDATE', 'old text', 'new text'], ['UPDATE', 'new text', 'new text']]);
      assert.equal(history[1]!.app, 'editor');
      assert.equal(await store.updateMemory(uuid(99), 'u', { content: 'x', hash: 'x', app: null, at: 1 }), null);
      assert.equal(await store.updateMemory(uuid(1), 'other', { content: 'x', hash: 'x', app: null, at: 1 }), null);
    },
  },
  {
    name: 'states: lists default to active; setState moves, records status history, skips no-ops and absent ids',
    async run(store) {
      await insert(store, [row(1, 'a'), row(2, 'b'), row(3, 'c')]);
      assert.deepEqual(await store.setState([uuid(1), uuid(99)], 'u', 'archived', 'app', 2_000), [uuid(1)]);
      assert.deepEqual(await store.setState([uuid(1)], 'u', 'archived', 'app', 2_001), [], 'no-op change');
      assert.deepEqual(await store.setState([uuid(2)], 'other', 'paused', 'app', 2_000), [], 'another user');
      await store.setState([uuid(2)], 'u', 'paused', null, 2_002);
      assert.deepEqual(await ids(store, {}), [uuid(3)]);
      assert.deepEqual(await ids(store, { states: ['archived', 'paused'] }), [uuid(1), uuid(2)]);
      assert.equal((await store.getMemory(uuid(1), 'u'))?.state, 'archived');
      const status = await store.statusHistory(uuid(1), 'u');
      assert.deepEqual(status.map((s) => [s.oldState, s.newState, s.changedBy]), [[null, 'active', 'test'], ['active', 'archived', 'app']]);
    },
  },
  {
    name: 'states: deleted memories leave every read and index but keep their history',
    async run(store) {
      await insert(store, [row(1, 'secret plans for friday'), row(2, 'other plans')]);
      assert.deepEqual(await store.setState([uuid(1)], 'u', 'deleted', 'app', 3_000), [uuid(1)]);
      assert.equal(await store.getMemory(uuid(1), 'u'), null);
      assert.deepEqual(await ids(store, { states: ['active', 'paused', 'archived'] }), [uuid(2)]);
      assert.deepEqual(await ids(store, { states: ALL_STATES }), [uuid(1), uuid(2)]);
      const hits = await store.keywordCandidates({ terms: ['secret'] }, { userId: 'u', states: ['active', 'paused', 'archived'] }, 10);
      assert.deepEqual(hits, []);
      assert.deepEqual(await store.setState([uuid(1)], 'u', 'active', 'app', 3_001), [], 'a deleted memory cannot come back');
      const history = await store.history(uuid(1), 'u');
      assert.deepEqual(history.map((h) => [h.event, h.oldMemory, h.newMemory]), [['ADD', null, 'secret plans for friday'], ['DELETE', 'secret plans for friday', null]]);
      assert.deepEqual(await store.history(uuid(1), 'other'), []);
    },
  },
  {
    name: 'filters: agent, run, app, categories (any of), metadata equality, time bounds, ids, excluded ids, contains',
    async run(store) {
      await insert(store, [
        row(1, 'Green TEA 100%', { agentId: 'a', runId: 'r1', app: 'cursor', categories: ['food', 'health'], metadata: { topic: 'drink', n: 1, ok: true } }),
        row(2, 'coffee_beans', { agentId: 'a', runId: 'r2', app: 'claude', categories: ['food'], metadata: { topic: 'drink', n: 2 }, createdAt: 5_000 }),
        row(3, 'flight to Lisbon', { agentId: 'b', app: 'cursor', categories: ['travel'], metadata: { topic: 'trip', nested: { x: 1 } }, createdAt: 9_000 }),
      ]);
      assert.deepEqual(await ids(store, { agentId: 'a' }), [uuid(1), uuid(2)]);
      assert.deepEqual(await ids(store, { agentId: 'a', runId: 'r2' }), [uuid(2)]);
      assert.deepEqual(await ids(store, { app: 'cursor' }), [uuid(1), uuid(3)]);
      assert.deepEqual(await ids(store, { categories: ['health', 'travel'] }), [uuid(1), uuid(3)]);
      assert.deepEqual(await ids(store, { metadata: { topic: 'drink', n: 2 } }), [uuid(2)]);
      assert.deepEqual(await ids(store, { metadata: { ok: true } }), [uuid(1)]);
      assert.deepEqual(await ids(store, { metadata: { nested: { x: 1 } } }), [uuid(3)]);
      assert.deepEqual(await ids(store, { from: 5_000 }), [uuid(2), uuid(3)]);
      assert.deepEqual(await ids(store, { from: 5_000, to: 5_000 }), [uuid(2)], 'bounds are inclusive');
      assert.deepEqual(await ids(store, { to: 4_999 }), [uuid(1)]);
      assert.deepEqual(await ids(store, { ids: [uuid(3), uuid(1), uuid(9)] }), [uuid(1), uuid(3)]);
      assert.deepEqual(await ids(store, { ids: [] }), []);
      assert.deepEqual(await ids(store, { excludeIds: [uuid(1)] }), [uuid(2), uuid(3)]);
      assert.deepEqual(await ids(store, { contains: 'green tea' }), [uuid(1)], 'case-insensitive');
      assert.deepEqual(await ids(store, { contains: '100%' }), [uuid(1)], '% is literal');
      assert.deepEqual(await ids(store, { contains: 'e_b' }), [uuid(2)], '_ is literal');
      assert.deepEqual(await ids(store, { contains: 'e%b' }), []);
      assert.deepEqual(await ids(store, { userId: 'other' }), []);
    },
  },
  {
    name: 'filters: a filter tree (AND/OR/NOT, in, ne, icontains, *, metadata operators, times) keeps exactly what evaluateFilter keeps',
    skip: (c) => (c.filterPushdown ? null : 'filterPushdown is false: the engine evaluates filter trees for this store'),
    async run(store) {
      const rows = [
        row(1, 'one', { agentId: 'alpha', runId: 'r1', app: 'Cursor', categories: ['Work'], metadata: { n: 1, topic: 'Café' } }),
        row(2, 'two', { agentId: 'beta', app: 'claude', categories: ['travel', 'food'], metadata: { n: 5, tags: ['a'] }, createdAt: 86_400_000 }),
        row(3, 'three', { agentId: null, app: null, categories: [], metadata: { n: '7', topic: null }, createdAt: 2 * 86_400_000 }),
        row(4, 'four', { agentId: 'gamma', runId: 'r2', app: 'cursor', categories: ['work'], metadata: { nested: { a: 1 } }, createdAt: 3 * 86_400_000 }),
      ];
      await insert(store, rows);
      await store.updateMemory(uuid(4), 'u', { content: 'four', hash: 'hash-4', app: null, at: 4 * 86_400_000 });
      const all = await store.getMemories(rows.map((r) => r.id), { userId: 'u' });
      const trees: unknown[] = [
        { OR: [{ agent_id: 'alpha' }, { metadata: { n: { gte: 5 } } }] },
        { NOT: [{ agent_id: 'alpha' }] },
        { NOT: [{ run_id: '*' }] },
        { agent_id: { ne: 'beta' } },
        { agent_id: { in: ['beta', 'gamma'] } },
        { app_id: { icontains: 'CURSOR' } },
        { categories: 'work' },
        { categories: { contains: 'WOR' } },
        { categories: { in: ['food', 'Work'] } },
        { NOT: [{ categories: { in: ['work', 'Work'] } }] },
        { metadata: { topic: { icontains: 'café' } } },
        { metadata: { topic: '*' } },
        { metadata: { n: { in: [1, '7'] } } },
        { metadata: { n: { ne: 5 } } },
        { metadata: { nested: { a: 1 } } },
        { metadata: { tags: ['a'] } },
        { created_at: { gte: '1970-01-02', lt: '1970-01-04' } },
        { created_at: { lte: '1970-01-02' } },
        { updated_at: { gt: '1970-01-04' } },
        { AND: [{ OR: [{ agent_id: 'alpha' }, { agent_id: 'gamma' }] }, { NOT: [{ app_id: 'cursor' }] }] },
        { OR: [{ NOT: [{ agent_id: '*' }] }, { AND: [{ run_id: 'r2' }, { categories: 'work' }] }] },
      ];
      for (const t of trees) {
        const tree = parseFilter(t);
        const expected = all.filter((m) => evaluateFilter(tree, m)).map((m) => m.id).sort();
        assert.deepEqual(await ids(store, { where: tree }), expected, JSON.stringify(t));
        const page = await store.listMemories({ userId: 'u', where: tree }, { limit: 1, offset: 0 });
        assert.equal(page.total, expected.length, `total of ${JSON.stringify(t)}`);
      }
    },
  },
  {
    name: 'visibility: deny all, denied ids and categories, and restricted allow lists',
    async run(store) {
      await insert(store, [row(1, 'a', { categories: ['work'] }), row(2, 'b', { categories: ['home'] }), row(3, 'c')]);
      const v = (over: Partial<Visibility>) => ({ ...OPEN_VISIBILITY, ...over });
      assert.deepEqual(await ids(store, { visibility: v({}) }), [uuid(1), uuid(2), uuid(3)]);
      assert.deepEqual(await ids(store, { visibility: v({ denyAll: true }) }), []);
      assert.deepEqual(await ids(store, { visibility: v({ denyIds: [uuid(2)] }) }), [uuid(1), uuid(3)]);
      assert.deepEqual(await ids(store, { visibility: v({ denyCategories: ['work'] }) }), [uuid(2), uuid(3)]);
      assert.deepEqual(await ids(store, { visibility: v({ restricted: true, allowIds: [uuid(3)], allowCategories: ['home'] }) }), [uuid(2), uuid(3)]);
      assert.deepEqual(await ids(store, { visibility: v({ restricted: true, allowCategories: ['home'], denyIds: [uuid(2)] }) }), [], 'deny beats allow');
      assert.deepEqual(await ids(store, { visibility: v({ restricted: true }) }), []);
    },
  },
  {
    name: 'listing: pages with a total, ordered by each sort key both ways, ties by insertion order',
    async run(store) {
      await insert(store, [
        row(1, 'banana', { app: 'b', createdAt: 3_000 }), row(2, 'Apple', { app: 'a', createdAt: 1_000 }),
        row(3, 'cherry', { app: 'c', createdAt: 2_000 }), row(4, 'apricot', { app: 'a', createdAt: 2_000 }),
      ]);
      await store.updateMemory(uuid(2), 'u', { content: 'Apple', hash: 'hash-2', app: null, at: 9_000 });
      const list = async (by: 'created_at' | 'updated_at' | 'content' | 'app', direction: 'asc' | 'desc', limit = 10, offset = 0) =>
        store.listMemories({ userId: 'u' }, { limit, offset, order: { by, direction } });
      const page = await store.listMemories({ userId: 'u' }, { limit: 2, offset: 0 });
      assert.equal(page.total, 4);
      assert.deepEqual(page.rows.map((m) => m.id), [uuid(1), uuid(4)], 'default: newest created first, ties newest inserted first');
      assert.deepEqual((await list('created_at', 'asc')).rows.map((m) => m.id), [uuid(2), uuid(3), uuid(4), uuid(1)]);
      assert.deepEqual((await list('updated_at', 'desc', 1)).rows.map((m) => m.id), [uuid(2)]);
      assert.deepEqual((await list('content', 'asc')).rows.map((m) => m.memory), ['Apple', 'apricot', 'banana', 'cherry'], 'case-insensitive');
      assert.deepEqual((await list('app', 'asc')).rows.map((m) => m.id), [uuid(2), uuid(4), uuid(1), uuid(3)]);
      const last = await list('created_at', 'asc', 2, 3);
      assert.deepEqual([last.rows.length, last.total], [1, 4]);
    },
  },
  {
    name: 'dedupe: insertMemories inserts if absent on (user, agent, run, hash) and reports which rows it inserted',
    async run(store) {
      const first = await store.insertMemories([{ memory: row(1, 'same text', { hash: 'H' }), vector: null }]);
      assert.deepEqual(first, [{ id: uuid(1), inserted: true }]);
      const again = await store.insertMemories([
        { memory: row(2, 'same text', { hash: 'H' }), vector: null },
        { memory: row(3, 'same text', { hash: 'H', agentId: 'a' }), vector: null },
        { memory: row(4, 'same text', { hash: 'H', agentId: 'a' }), vector: null },
        { memory: row(5, 'same text', { hash: 'H', userId: 'v' }), vector: null },
      ]);
      assert.deepEqual(again, [
        { id: uuid(1), inserted: false }, { id: uuid(3), inserted: true }, { id: uuid(3), inserted: false }, { id: uuid(5), inserted: true },
      ]);
      assert.deepEqual(await ids(store, { states: ALL_STATES }), [uuid(1), uuid(3)]);
      assert.equal((await store.findByHash('u', 'a', null, 'H'))?.id, uuid(3));
      assert.equal(await store.findByHash('u', 'a', 'r', 'H'), null);
      await store.setState([uuid(1)], 'u', 'deleted', null, 5_000);
      assert.deepEqual(await store.insertMemories([{ memory: row(6, 'same text', { hash: 'H' }), vector: null }]), [{ id: uuid(6), inserted: true }],
        'a deleted memory does not hold its key');
      await store.setState([uuid(6)], 'u', 'archived', null, 5_001);
      assert.deepEqual(await store.insertMemories([{ memory: row(7, 'same text', { hash: 'H' }), vector: null }]), [{ id: uuid(6), inserted: false }],
        'an archived memory still holds its key');
    },
  },
  {
    name: 'dedupe: updateMemory refuses a text another live memory of the scope holds (CONFLICT), and allows its own',
    async run(store) {
      await insert(store, [row(1, 'first', { hash: 'A' }), row(2, 'second', { hash: 'B' }), row(3, 'second', { hash: 'B', agentId: 'x' })]);
      await assert.rejects(store.updateMemory(uuid(2), 'u', { content: 'first', hash: 'A', app: null, at: 2_000 }), (e) => isMnemoError(e, 'CONFLICT'));
      assert.equal((await store.getMemory(uuid(2), 'u'))?.memory, 'second', 'nothing changed');
      assert.equal((await store.updateMemory(uuid(2), 'u', { content: 'second', hash: 'B', metadata: { m: 1 }, app: null, at: 2_001 }))?.hash, 'B');
      assert.equal((await store.updateMemory(uuid(3), 'u', { content: 'first', hash: 'A', app: null, at: 2_002 }))?.hash, 'A', 'another scope');
      await store.setState([uuid(1)], 'u', 'deleted', null, 2_003);
      assert.equal((await store.updateMemory(uuid(2), 'u', { content: 'first', hash: 'A', app: null, at: 2_004 }))?.hash, 'A', 'a deleted memory holds nothing');
    },
  },
  {
    name: 'dedupe: concurrent inserts of one key store it once',
    async run(store) {
      const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) =>
        store.insertMemories([{ memory: row(10 + i, 'raced text', { hash: 'RACE' }), vector: null }])));
      assert.equal(outcomes.flat().filter((o) => o.inserted).length, 1);
      assert.equal(new Set(outcomes.flat().map((o) => o.id)).size, 1);
      assert.equal((await ids(store, {})).length, 1);
    },
  },
  {
    name: 'keyword candidates: any term matches, best first with 1-based ranks and positive scores, filtered, never parsed as syntax',
    async run(store) {
      await insert(store, [
        row(1, 'Caroline went to the support group on Monday'), row(2, 'the group trip was cancelled'),
        row(3, 'support group support group support', { agentId: 'a' }), row(4, 'nothing related here'),
      ]);
      const hits = await store.keywordCandidates({ terms: ['support', 'group'] }, { userId: 'u' }, 10);
      assert.deepEqual(new Set(hits.map((h) => h.id)), new Set([uuid(1), uuid(2), uuid(3)]));
      assert.deepEqual(hits.map((h) => h.rank), [1, 2, 3]);
      assert.ok(hits.every((h, i) => h.score > 0 && (i === 0 || hits[i - 1]!.score >= h.score)), 'scores positive, best first');
      assert.notEqual(hits[2]!.id, uuid(3), 'a memory matching both terms outranks one matching only "group"');
      assert.equal((await store.keywordCandidates({ terms: ['support', 'group'] }, { userId: 'u' }, 1)).length, 1);
      assert.deepEqual((await store.keywordCandidates({ terms: ['support'] }, { userId: 'u', agentId: 'a' }, 10)).map((h) => h.id), [uuid(3)]);
      assert.deepEqual(await store.keywordCandidates({ terms: ['support'] }, { userId: 'other' }, 10), []);
      for (const terms of [['or'], ['and', 'not'], ['near'], ['title:x'], ['x*'], ['"'], ['(group']]) {
        await store.keywordCandidates({ terms }, { userId: 'u' }, 10); // must not throw
      }
      assert.deepEqual(await store.keywordCandidates({ terms: [] }, { userId: 'u' }, 10), []);
    },
  },
  {
    name: 'keyword candidates: follow content changes and state',
    async run(store) {
      await insert(store, [row(1, 'the quick brown fox'), row(2, 'a lazy dog')]);
      await store.updateMemory(uuid(1), 'u', { content: 'the quick brown cat', hash: 'h', app: null, at: 2_000 });
      assert.deepEqual(await store.keywordCandidates({ terms: ['fox'] }, { userId: 'u' }, 10), []);
      assert.deepEqual((await store.keywordCandidates({ terms: ['cat'] }, { userId: 'u' }, 10)).map((h) => h.id), [uuid(1)]);
      await store.setState([uuid(2)], 'u', 'archived', null, 3_000);
      assert.deepEqual(await store.keywordCandidates({ terms: ['dog'] }, { userId: 'u' }, 10), []);
      assert.deepEqual((await store.keywordCandidates({ terms: ['dog'] }, { userId: 'u', states: ['archived'] }, 10)).map((h) => h.id), [uuid(2)]);
    },
  },
  {
    name: 'vector candidates: nearest by cosine in the active space, filtered by user and scope; similarities by id',
    skip: needsVectors,
    async run(store) {
      assert.equal(await store.vectorSpace(), null);
      await store.resetVectorSpace({ embedderId: 'test:3', dimensions: 3 });
      assert.deepEqual(await store.vectorSpace(), { embedderId: 'test:3', dimensions: 3 });
      await insert(store, [row(1, 'x', { agentId: 'a' }), row(2, 'y'), row(3, 'z'), row(4, 'w', { userId: 'v' }), row(5, 'none')],
        [vec(1, 0, 0), vec(0.9, 0.1, 0), vec(0, 0, 1), vec(1, 0, 0), null]);
      const hits = await store.vectorCandidates(vec(1, 0, 0), { userId: 'u' }, 10);
      assert.deepEqual(hits.map((h) => h.id), [uuid(1), uuid(2), uuid(3)]);
      assert.deepEqual(hits.map((h) => h.rank), [1, 2, 3]);
      assert.ok(Math.abs(hits[0]!.score - 1) < 1e-5);
      assert.ok(Math.abs(hits[2]!.score) < 1e-5);
      assert.deepEqual((await store.vectorCandidates(vec(1, 0, 0), { userId: 'u' }, 1)).map((h) => h.id), [uuid(1)]);
      assert.deepEqual((await store.vectorCandidates(vec(1, 0, 0), { userId: 'u', excludeIds: [uuid(1)], agentId: undefined }, 1)).map((h) => h.id), [uuid(2)]);
      assert.deepEqual((await store.vectorCandidates(vec(0, 0, 1), { userId: 'u', agentId: 'a' }, 5)).map((h) => h.id), [uuid(1)]);
      assert.deepEqual(await store.vectorCandidates(vec(1, 0), { userId: 'u' }, 5), [], 'another dimension matches nothing');
      const sims = await store.vectorSimilarities(vec(1, 0, 0), [uuid(1), uuid(3), uuid(5), uuid(99)]);
      assert.deepEqual([...sims.keys()].sort(), [uuid(1), uuid(3)]);
      assert.ok(Math.abs(sims.get(uuid(1))! - 1) < 1e-5);
      await store.setState([uuid(1)], 'u', 'deleted', null, 2_000);
      assert.deepEqual((await store.vectorCandidates(vec(1, 0, 0), { userId: 'u', states: ALL_STATES }, 10)).map((h) => h.id), [uuid(2), uuid(3)],
        'a deleted memory leaves the vector index');
    },
  },
  {
    name: 'vector candidates: exact search finds every filtered neighbour, however many unfiltered vectors are nearer',
    skip: (c) => needsVectors(c) ?? (c.exactVectorSearch ? null : 'exactVectorSearch is false (approximate index)'),
    async run(store) {
      await store.resetVectorSpace({ embedderId: 'test:2', dimensions: 2 });
      const rows = Array.from({ length: 300 }, (_, i) => row(i + 1, `n${i}`, { agentId: i === 299 ? 'far' : 'near' }));
      await insert(store, rows, rows.map((_, i) => (i === 299 ? vec(-1, 0.01) : vec(1, i / 1000))));
      const hits = await store.vectorCandidates(vec(1, 0), { userId: 'u', agentId: 'far' }, 5);
      assert.deepEqual(hits.map((h) => h.id), [uuid(300)]);
    },
  },
  {
    name: 'vector space switch: a new space drops the old vectors; memories then miss vectors until put again',
    skip: needsVectors,
    async run(store) {
      await store.resetVectorSpace({ embedderId: 'old', dimensions: 2 });
      await insert(store, [row(1, 'a'), row(2, 'b')], [vec(1, 0), vec(0, 1)]);
      assert.deepEqual([(await store.stats()).vectors, (await store.stats()).missingVectors], [2, 0]);
      await store.resetVectorSpace({ embedderId: 'new', dimensions: 3 });
      assert.deepEqual(await store.vectorSpace(), { embedderId: 'new', dimensions: 3 });
      assert.deepEqual(await store.vectorCandidates(vec(1, 0, 0), { userId: 'u' }, 5), []);
      const stats = await store.stats();
      assert.deepEqual([stats.vectors, stats.missingVectors], [0, 2]);
      assert.deepEqual(stats.vectorSpace, { embedderId: 'new', dimensions: 3 });
      await store.putVectors([{ id: uuid(2), vector: vec(0, 1, 0) }, { id: uuid(99), vector: vec(1, 0, 0) }]);
      assert.deepEqual((await store.vectorCandidates(vec(0, 1, 0), { userId: 'u' }, 5)).map((h) => h.id), [uuid(2)]);
      assert.equal((await store.stats()).vectors, 1);
    },
  },
  {
    name: 'reindex cursor: pages through every live memory of every user once, in a stable order; hasMemories',
    async run(store) {
      assert.equal(await store.hasMemories(), false);
      assert.deepEqual(await store.scanForReindex(null, 10), { rows: [], next: null });
      await insert(store, [row(1, 'a'), row(2, 'b', { userId: 'v' }), row(3, 'c'), row(4, 'd'), row(5, 'e')]);
      await store.setState([uuid(3)], 'u', 'deleted', null, 2_000);
      await store.setState([uuid(4)], 'u', 'archived', null, 2_000);
      assert.equal(await store.hasMemories(), true);
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let pages = 0; ; pages++) {
        assert.ok(pages < 10, 'the scan ends');
        const page = await store.scanForReindex(cursor, 2);
        assert.ok(page.rows.length <= 2);
        seen.push(...page.rows.map((r) => `${r.id}:${r.content}`));
        if (pages === 0) await insert(store, [row(6, 'f')]); // a write during the scan
        if (page.next === null) break;
        assert.equal(typeof page.next, 'string');
        cursor = page.next;
      }
      const expected = [`${uuid(1)}:a`, `${uuid(2)}:b`, `${uuid(4)}:d`, `${uuid(5)}:e`];
      assert.deepEqual(seen.filter((s) => !s.startsWith(uuid(6))), expected);
      assert.equal(new Set(seen).size, seen.length, 'no memory twice');
      await store.setState([uuid(1), uuid(4), uuid(5), uuid(6)], 'u', 'deleted', null, 3_000);
      await store.setState([uuid(2)], 'v', 'deleted', null, 3_000);
      assert.equal(await store.hasMemories(), false);
    },
  },
  {
    name: 'audit: access log newest first with totals, history per memory, activity of a user',
    async run(store) {
      await insert(store, [row(1, 'a'), row(2, 'b')]);
      await store.logAccess([
        { memoryId: uuid(1), app: 'cursor', action: 'search', query: 'q1', score: 0.5, at: 2_000 },
        { memoryId: uuid(1), app: 'claude', action: 'get', query: null, score: null, at: 3_000 },
        { memoryId: uuid(2), app: 'cursor', action: 'list', query: null, score: null, at: 4_000 },
      ]);
      await store.logAccess([]);
      const log = await store.accessLog(uuid(1), 'u', { limit: 1, offset: 0 });
      assert.equal(log.total, 2);
      assert.deepEqual(log.rows.map((r) => [r.app, r.action, r.query, r.score]), [['claude', 'get', null, null]]);
      assert.deepEqual((await store.accessLog(uuid(1), 'u', { limit: 5, offset: 1 })).rows.map((r) => r.query), ['q1']);
      assert.deepEqual(await store.accessLog(uuid(1), 'other', { limit: 5, offset: 0 }), { rows: [], total: 0 });
      await store.updateMemory(uuid(2), 'u', { content: 'b2', hash: 'h', app: 'claude', at: 5_000 });
      await store.setState([uuid(1)], 'u', 'paused', 'cursor', 6_000);
      const activity = await store.activity('u', { limit: 10, offset: 0 });
      assert.ok(activity.total >= 6);
      assert.deepEqual(activity.rows.slice(0, 3).map((r) => [r.kind, r.action, r.memoryId]), [
        ['write', 'paused', uuid(1)], ['write', 'update', uuid(2)], ['read', 'list', uuid(2)],
      ]);
      const cursorOnly = await store.activity('u', { app: 'cursor', limit: 10, offset: 0 });
      assert.ok(cursorOnly.rows.length > 0 && cursorOnly.rows.every((r) => r.app === 'cursor'));
      assert.deepEqual(await store.activity('other', { limit: 10, offset: 0 }), { rows: [], total: 0 });
    },
  },
  {
    name: 'entities: the user, its agents and runs with counts and times',
    async run(store) {
      await insert(store, [row(1, 'a', { agentId: 'x' }), row(2, 'b', { agentId: 'x', runId: 'r' }), row(3, 'c', { createdAt: 9_000 })]);
      const entities = await store.entities({ userId: 'u' });
      assert.deepEqual(entities.map((e) => [e.type, e.id, e.memories]), [['user', 'u', 3], ['agent', 'x', 2], ['run', 'r', 1]]);
      assert.equal(entities[0]!.updatedAt, new Date(9_000).toISOString());
      assert.deepEqual(await store.entities({ userId: 'nobody' }), []);
    },
  },
  {
    name: 'stats: memories by state, users, apps, schema version',
    async run(store) {
      await insert(store, [row(1, 'a'), row(2, 'b', { app: 'other' }), row(3, 'c', { userId: 'v' })]);
      await store.setState([uuid(2)], 'u', 'deleted', null, 2_000);
      const all = await store.stats();
      assert.equal(all.memories, 2);
      assert.deepEqual(all.byState, { active: 2, deleted: 1 });
      assert.equal(all.users, 2);
      assert.ok(all.apps >= 1);
      assert.equal(all.schemaVersion, store.schemaVersion);
      assert.ok(all.bytes >= 0);
      const one = await store.stats('v');
      assert.deepEqual([one.memories, one.users], [1, 1]);
    },
  },
  {
    name: 'transfer: imported memories keep their state, times, app, categories and metadata',
    async run(store) {
      await insert(store, [row(1, 'imported', { state: 'archived', createdAt: 1_000, updatedAt: 7_000, app: 'old-app', categories: ['c'], metadata: { m: 1 } })]);
      const m = (await store.getMemories([uuid(1)], { userId: 'u', states: ['archived'] }))[0];
      assert.ok(m);
      assert.deepEqual([m.state, m.createdAt, m.updatedAt, m.app], ['archived', new Date(1_000).toISOString(), new Date(7_000).toISOString(), 'old-app']);
      assert.deepEqual([m.categories, m.metadata], [['c'], { m: 1 }]);
      assert.deepEqual((await store.statusHistory(uuid(1), 'u')).map((s) => s.newState), ['archived']);
    },
  },
  {
    name: 'transfer: an imported past (edit and state history) replaces the synthesized rows; ids are checked globally',
    async run(store) {
      await insert(store, [row(2, 'edited twice', {
        state: 'paused', createdAt: 1_000, updatedAt: 5_000,
        history: [
          { id: 'h-1', event: 'ADD', oldMemory: null, newMemory: 'edited once', app: 'a', at: 1_000 },
          { id: 'h-2', event: 'UPDATE', oldMemory: 'edited once', newMemory: 'edited twice', app: 'b', at: 3_000 },
        ],
        statusHistory: [
          { oldState: null, newState: 'active', changedBy: 'a', at: 1_000 },
          { oldState: 'active', newState: 'paused', changedBy: 'u', at: 5_000 },
        ],
      })]);
      const history = await store.history(uuid(2), 'u');
      assert.deepEqual(history.map((h) => [h.id, h.event, h.newMemory, h.createdAt]), [
        ['h-1', 'ADD', 'edited once', new Date(1_000).toISOString()], ['h-2', 'UPDATE', 'edited twice', new Date(3_000).toISOString()],
      ]);
      assert.deepEqual((await store.statusHistory(uuid(2), 'u')).map((c) => [c.oldState, c.newState]), [[null, 'active'], ['active', 'paused']]);
      assert.deepEqual([...await store.existingIds([uuid(2), uuid(99)])], [uuid(2)]);
      await store.setState([uuid(2)], 'u', 'deleted', 'u', 6_000);
      assert.deepEqual([...await store.existingIds([uuid(2)])], [uuid(2)], 'a deleted row still holds its id');
    },
  },
  {
    name: 'governance: apps touched, paused and resumed; rules; keys; categories and user stats',
    async run(store) {
      const gov = store.governance;
      assert.equal(await gov.touchApp('u', 'cursor', 'write', 1_000), true);
      assert.equal((await gov.setAppActive('u', 'cursor', false, 2_000)).isActive, false);
      assert.equal(await gov.touchApp('u', 'cursor', 'read', 3_000), false, 'a paused app is refused');
      await gov.setAppActive('u', 'cursor', true, 4_000);
      assert.equal(await gov.touchApp('u', 'cursor', 'read', 5_000), true);
      // The last read is stamped at most once a minute (a read is not a write each time).
      assert.equal((await gov.getApp('u', 'cursor'))?.lastAccessedAt, new Date(3_000).toISOString());
      assert.equal(await gov.touchApp('u', 'cursor', 'read', 70_000), true);
      assert.equal((await gov.getApp('u', 'cursor'))?.lastAccessedAt, new Date(70_000).toISOString());
      assert.equal(await gov.getApp('v', 'cursor'), null);
      const apps = await gov.listApps('u', { sortBy: 'name', direction: 'asc', limit: 10, offset: 0 });
      assert.deepEqual([apps.total, apps.rows.map((a) => a.name)], [1, ['cursor']]);

      const rule = await gov.addRule({ id: uuid(50), userId: 'u', app: 'cursor', effect: 'deny', objectType: 'category', objectId: 'work', at: 1_000 });
      assert.equal(rule.objectId, 'work');
      assert.deepEqual((await gov.listRules('u', 'cursor')).map((r) => r.id), [uuid(50)]);
      assert.deepEqual(await gov.listRules('u', 'claude'), []);
      assert.equal(await gov.deleteRule('v', uuid(50)), false, "another user's rule");
      assert.equal(await gov.deleteRule('u', uuid(50)), true);
      assert.deepEqual(await gov.listRules('u'), []);

      await gov.createKey({ id: 'k1', hash: 'hash-of-token', userId: 'u', app: 'cursor', name: 'laptop', at: 1_000 });
      assert.equal((await gov.useKey('hash-of-token', 2_000))?.lastUsedAt, new Date(2_000).toISOString());
      assert.equal(await gov.useKey('unknown', 2_000), null);
      assert.equal(await gov.revokeKey('k1', 3_000, 'v'), false);
      assert.equal(await gov.revokeKey('k1', 3_000, 'u'), true);
      assert.equal(await gov.useKey('hash-of-token', 4_000), null, 'a revoked key no longer works');
      assert.equal((await gov.listKeys('u'))[0]?.revokedAt, new Date(3_000).toISOString());

      await insert(store, [row(1, 'a', { categories: ['work', 'home'] }), row(2, 'b', { categories: ['work'] }), row(3, 'c', { categories: ['gone'] })]);
      await store.setState([uuid(3)], 'u', 'deleted', null, 2_000);
      assert.deepEqual(await gov.categories('u'), [{ name: 'work', count: 2 }, { name: 'home', count: 1 }]);
      const stats = await gov.userStats('u');
      assert.equal(stats.totalMemories, 2);
      assert.deepEqual(stats.perDay.reduce((a, d) => a + d.count, 0) >= 2, true);
    },
  },
  {
    name: 'platform: expiry filter, owners and users, re-dating, feedback, project settings, webhooks, export jobs',
    async run(store) {
      const p = store.platform;
      await insert(store, [row(1, 'expires', { expiresAt: 5_000 }), row(2, 'stays'), row(3, 'other user', { userId: 'v' })]);
      assert.equal((await store.getMemory(uuid(1), 'u'))?.expiresAt, new Date(5_000).toISOString());
      assert.equal((await store.getMemory(uuid(2), 'u'))?.expiresAt ?? null, null);
      assert.deepEqual((await store.listMemories({ userId: 'u', notExpiredAt: 4_999 }, { limit: 10, offset: 0 })).total, 2);
      assert.deepEqual((await store.listMemories({ userId: 'u', notExpiredAt: 5_000 }, { limit: 10, offset: 0 })).rows.map((m) => m.id), [uuid(2)]);
      assert.equal((await store.listMemories({ userId: 'u' }, { limit: 10, offset: 0 })).total, 2, 'no bound: expired shown');
      assert.equal(await p.memoryOwner(uuid(3)), 'v');
      assert.equal(await p.memoryOwner(uuid(99)), null);
      assert.deepEqual(await p.userIds(), ['u', 'v']);
      assert.equal(await p.setMemoryTimes(uuid(1), 'u', { createdAt: 42, expiresAt: null }, 6_000), true);
      const redated = await store.getMemory(uuid(1), 'u');
      assert.deepEqual([redated?.createdAt, redated?.updatedAt, redated?.expiresAt], [new Date(42).toISOString(), new Date(6_000).toISOString(), null]);
      assert.equal(await p.setMemoryTimes(uuid(1), 'v', { createdAt: 1 }, 6_000), false, "another user's memory");

      await p.addFeedback({ id: uuid(70), memoryId: uuid(2), userId: 'u', feedback: 'NEGATIVE', reason: 'old', at: 1_000 });
      await p.addFeedback({ id: uuid(71), memoryId: uuid(2), userId: 'u', feedback: null, reason: null, at: 2_000 });
      assert.deepEqual((await p.listFeedback(uuid(2), 'u')).map((f) => [f.feedback, f.reason]), [['NEGATIVE', 'old'], [null, null]]);
      assert.deepEqual(await p.listFeedback(uuid(2), 'v'), []);

      assert.deepEqual(await p.getSettings(), {});
      await p.putSettings({ custom_categories: [{ bees: 'hives' }], custom_instructions: null }, 1_000);
      await p.putSettings({ custom_instructions: 'x' }, 2_000);
      assert.deepEqual(await p.getSettings(), { custom_categories: [{ bees: 'hives' }], custom_instructions: 'x' });

      const hook = await p.createWebhook({ projectId: 'default', name: 'h', url: 'https://a.example/x', eventTypes: ['memory_add'], at: 1_000 });
      assert.equal(typeof hook.id, 'number');
      assert.deepEqual((await p.listWebhooks('default')).map((w) => w.name), ['h']);
      assert.deepEqual(await p.listWebhooks('other'), []);
      const changed = await p.updateWebhook(hook.id, { name: 'h2', eventTypes: ['memory_delete'], isActive: false }, 2_000);
      assert.deepEqual([changed?.name, changed?.eventTypes, changed?.isActive, changed?.updatedAt], ['h2', ['memory_delete'], false, new Date(2_000).toISOString()]);
      assert.equal(await p.updateWebhook(hook.id + 100, { name: 'x' }, 3_000), null);
      assert.equal(await p.deleteWebhook(hook.id), true);
      assert.equal(await p.getWebhook(hook.id), null);

      await p.createExport({ id: 'e1', userId: 'u', schema: { type: 'array' }, filters: {}, status: 'COMPLETED', result: [{ memory: 'a' }], at: 1_000 });
      await p.createExport({ id: 'e2', userId: 'u', schema: {}, filters: { user_id: 'u' }, status: 'COMPLETED', result: { n: 1 }, at: 2_000 });
      assert.deepEqual((await p.getExport('u', 'e1'))?.result, [{ memory: 'a' }]);
      assert.equal((await p.getExport('u'))?.id, 'e2', 'the newest without an id');
      assert.equal(await p.getExport('v', 'e1'), null, "another user's export");
    },
  },
  {
    name: 'memory texts: getMemoryTexts gives what getMemories gives of text and scope, in the order asked, filtered alike',
    async run(store) {
      if (typeof store.getMemoryTexts !== 'function') return; // optional: the add path falls back to getMemories
      await insert(store, [row(1, 'one', { agentId: 'a' }), row(2, 'two', { runId: 'r' }), row(3, 'three'), row(4, 'four', { userId: 'v' })]);
      await store.setState([uuid(3)], 'u', 'archived', null, 2_000);
      const asked = [uuid(3), uuid(4), uuid(99), uuid(2), uuid(1)];
      for (const filter of [{ userId: 'u' }, { userId: 'u', states: ['active', 'archived'] }, { userId: 'u', agentId: 'a' }] as MemoryFilter[]) {
        const full = (await store.getMemories(asked, filter)).map(({ id, memory, agentId, runId }) => ({ id, memory, agentId, runId }));
        assert.deepEqual(await store.getMemoryTexts(asked, filter), full, JSON.stringify(filter));
      }
      assert.deepEqual((await store.getMemoryTexts(asked, { userId: 'u', states: ['active', 'archived'] })).map((m) => m.id), [uuid(3), uuid(2), uuid(1)]);
      assert.deepEqual(await store.getMemoryTexts([], { userId: 'u' }), []);
    },
  },
  {
    name: 'context: contextNeighbours follows conversation order within scope, window and filter',
    skip: (c) => (c.conversationContext === true ? null : 'conversationContext not supported'),
    async run(store) {
      const H = 3_600_000;
      await insert(store, [
        row(1, 'one', { createdAt: 10 * H }),
        row(2, 'two', { createdAt: 10 * H }), // same time: insertion order decides
        row(3, 'three', { createdAt: 10 * H + 1 }),
        row(4, 'four', { createdAt: 10 * H + 2 }),
        row(5, 'far later', { createdAt: 20 * H }),
        row(6, 'other run', { createdAt: 10 * H + 1, runId: 'r' }),
        row(7, 'other user', { createdAt: 10 * H + 1, userId: 'v' }),
      ]);
      const got = await store.contextNeighbours!([uuid(2), uuid(5), uuid(7)], { userId: 'u' }, 2, H);
      assert.deepEqual(got.get(uuid(2)), { before: [uuid(1)], after: [uuid(3), uuid(4)] }, 'nearest first on each side');
      assert.deepEqual(got.get(uuid(5)), { before: [], after: [] }, 'outside the time window');
      assert.equal(got.has(uuid(7)), false, "another user's memory is absent");
      await store.setState([uuid(3)], 'u', 'deleted', null, 1);
      const after = await store.contextNeighbours!([uuid(2)], { userId: 'u' }, 1, H);
      assert.deepEqual(after.get(uuid(2)), { before: [uuid(1)], after: [uuid(4)] }, 'a deleted memory is skipped');
    },
  },
  {
    name: 'context: contextWindows gives contextNeighbours and the cosines of the windows (anchors and neighbours within its radius)',
    skip: (c) => (c.conversationContext !== true ? 'conversationContext not supported' : needsVectors(c)),
    async run(store) {
      if (typeof store.contextWindows !== 'function') return; // optional: the search path falls back to two reads
      const H = 3_600_000;
      await store.resetVectorSpace({ embedderId: 'test:2', dimensions: 2 });
      // One conversation 1..7 (6 without a vector, 4 deleted below), one memory of another user.
      const rows = Array.from({ length: 7 }, (_, i) => row(i + 1, `turn ${i + 1}`, { createdAt: 10 * H + i }));
      await insert(store, [...rows, row(8, 'other user', { userId: 'v', createdAt: 10 * H + 3 })],
        [vec(1, 0), vec(1, 1), vec(0, 1), vec(-1, 1), vec(-1, 0), null, vec(1, -1), vec(1, 0)]);
      await store.setState([uuid(4)], 'u', 'deleted', null, 1);
      const q = vec(1, 0.5);
      const anchors = [uuid(3), uuid(8), uuid(99)];
      const got = await store.contextWindows(anchors, { userId: 'u' }, 2, H, { vector: q, radius: 1 });
      assert.deepEqual(got.chains, await store.contextNeighbours!(anchors, { userId: 'u' }, 2, H), 'chains as contextNeighbours');
      // Memory 3's window within radius 1: 2 and 5 (4 is deleted); 8 is another user's, 99 unknown.
      const expected = await store.vectorSimilarities(q, [uuid(2), uuid(3), uuid(5)]);
      assert.deepEqual([...got.cosines.keys()].sort(), [uuid(2), uuid(3), uuid(5)]);
      for (const [id, s] of expected) assert.ok(Math.abs(got.cosines.get(id)! - s) < 1e-6, `cosine of ${id}`);
      const wide = await store.contextWindows([uuid(5)], { userId: 'u' }, 2, H, { vector: q, radius: 2 });
      assert.deepEqual([...wide.cosines.keys()].sort(), [uuid(2), uuid(3), uuid(5), uuid(7)], 'a memory without a vector is absent');
      assert.equal((await store.contextWindows([uuid(5)], { userId: 'u' }, 2, H, { vector: vec(1, 0, 0), radius: 2 })).cosines.size, 0,
        'a vector of another dimension matches nothing');
    },
  },
  {
    name: 'faults: after close, calls reject with MnemoError (never a driver error)',
    async run(store) {
      await store.close();
      await assert.rejects(store.listIds({ userId: 'u' }), (e) => isMnemoError(e));
      await assert.rejects(store.insertMemories([{ memory: row(1, 'x'), vector: null }]), (e) => isMnemoError(e));
      await assert.rejects(store.governance.listRules('u'), (e) => isMnemoError(e));
      await assert.rejects(store.platform.userIds(), (e) => isMnemoError(e));
    },
  },
];

/**
 * Registers the whole suite under `describe(name)`: one test per case, each on a fresh
 * store from `open`, skipped (with the reason in the output) when the store lacks a
 * capability the case needs.
 */
export function describeStoreConformance(name: string, open: OpenStore): void {
  describe(`MemoryStore conformance: ${name}`, () => {
    for (const c of STORE_CASES) {
      it(c.name, async (t) => {
        const store = await open();
        try {
          const reason = c.skip?.(store.capabilities) ?? null;
          if (reason !== null) {
            t.skip(reason);
            return;
          }
          await c.run(store);
        } finally {
          await store.close().catch(() => undefined);
        }
      });
    }
  });
}
