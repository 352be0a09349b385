/**
 * The conformance suite catches a store that drops a behaviour: the SQLite store wrapped
 * so that it (a) claims every row was inserted though a stored one held its key, (b)
 * ignores filter trees while claiming `filterPushdown`, or (c) ignores an app's access
 * rules. Running every case against each broken store, exactly the cases about that
 * behaviour fail and every other case still passes (so the failures are the suite's
 * doing, not the wrapper's).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STORE_CASES } from '../../../test/support/store-conformance.js';
import type { MemoryStore } from '../store.js';
import { openSqliteStore } from './sqlite-store.js';

/** `store` with one method replaced. */
function overriding<K extends keyof MemoryStore>(store: MemoryStore, key: K, replace: (original: MemoryStore[K]) => MemoryStore[K]): MemoryStore {
  const replaced = replace((store[key] as (...a: unknown[]) => unknown).bind(store) as MemoryStore[K]);
  return new Proxy(store, { get: (target, k, receiver) => (k === key ? replaced : Reflect.get(target, k, receiver)) });
}

const BROKEN: Record<string, { open: () => Promise<MemoryStore>; caught: RegExp }> = {
  'reports every row as inserted (drops insert-if-absent outcomes)': {
    open: async () => overriding(await openSqliteStore({ path: ':memory:' }), 'insertMemories', (insert) => async (rows) => {
      await insert(rows);
      return rows.map((r) => ({ id: r.memory.id, inserted: true }));
    }),
    caught: /^dedupe: (insertMemories|concurrent)/,
  },
  'ignores filter trees while claiming filterPushdown': {
    open: async () => {
      const store = await openSqliteStore({ path: ':memory:' });
      const strip = <F extends { where?: unknown }>(f: F): F => ({ ...f, where: undefined });
      return overriding(overriding(store, 'listIds', (list) => (f) => list(strip(f))), 'listMemories', (list) => (f, p) => list(strip(f), p));
    },
    caught: /^filters: a filter tree/,
  },
  'ignores access rules (visibility) when listing': {
    open: async () => overriding(await openSqliteStore({ path: ':memory:' }), 'listIds', (list) => (f) => list({ ...f, visibility: undefined })),
    caught: /^visibility:/,
  },
};

describe('the storage conformance suite catches a broken store', () => {
  for (const [what, broken] of Object.entries(BROKEN)) {
    it(`a store that ${what}`, async () => {
      const failed: string[] = [];
      for (const c of STORE_CASES) {
        const store = await broken.open();
        try {
          if (c.skip?.(store.capabilities)) continue;
          await c.run(store);
        } catch {
          failed.push(c.name);
        } finally {
          await store.close().catch(() => undefined);
        }
      }
      assert.ok(failed.length > 0, 'some case fails');
      assert.deepEqual(failed.filter((name) => !broken.caught.test(name)), [], 'only the cases about the dropped behaviour fail');
      assert.deepEqual(STORE_CASES.map((c) => c.name).filter((n) => broken.caught.test(n) && !failed.includes(n)), [], 'every case about it fails');
    });
  }
});
