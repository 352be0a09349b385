/**
 * Must-show 3 of issue 10: `mnemo migrate` SQLite -> PostgreSQL -> SQLite round trip
 * preserves counts, states, times (ms), history, status history, access log, apps, rules
 * and keys, and search results (same top 5 for 20 queries in keyword mode); a second run
 * inserts nothing (idempotent). Runs the real CLI in child processes. PostgreSQL is the
 * real server at `MNEMO_TEST_POSTGRES_URL` when reachable, else PGlite over pglite-socket
 * (one connection), so this test always runs.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { Memory } from '../src/index.js';
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import type { MemoryStore } from '../src/storage/store.js';
import { CLI_PATH, tempDir } from './support/cli-path.js';
import { pgliteUrl, serverSkipReason, serverUrl, stopPglite } from './support/postgres-servers.js';

const run = promisify(execFile);
after(stopPglite);

const TOPICS = ['coffee', 'hiking', 'python', 'piano', 'garden', 'chess', 'travel', 'cooking', 'cycling', 'books'];
const QUERIES = [...TOPICS, 'morning coffee', 'python code', 'weekend hiking', 'piano lessons', 'garden tomatoes', 'chess openings',
  'travel japan', 'cooking pasta', 'cycling commute', 'books fantasy'];

/** Everything the round trip must keep, read through the store contract. */
async function snapshot(store: MemoryStore, users: string[]): Promise<unknown> {
  const out: Record<string, unknown> = {};
  for (const u of users) {
    const { rows } = await store.listMemories({ userId: u, states: ['active', 'paused', 'archived'] }, { limit: 10_000, offset: 0, order: { by: 'created_at', direction: 'asc' } });
    const deleted = await store.listIds({ userId: u, states: ['deleted'] });
    const per = [];
    for (const id of [...rows.map((r) => r.id), ...deleted]) {
      per.push({ id, history: await store.history(id, u), status: await store.statusHistory(id, u), reads: await store.accessLog(id, u, { limit: 1000, offset: 0 }) });
    }
    out[u] = {
      rows, deleted, per, apps: await store.governance.listApps(u, { sortBy: 'name', direction: 'asc', limit: 100, offset: 0 }),
      rules: await store.governance.listRules(u), keys: await store.governance.listKeys(u), stats: await store.governance.userStats(u),
    };
  }
  return out;
}

async function top5(path: string, users: string[]): Promise<string[][]> {
  const memory = new Memory({ path, embedder: null });
  try {
    const out: string[][] = [];
    for (const u of users) for (const q of QUERIES) out.push((await memory.search(q, { userId: u, limit: 5 })).results.map((r) => r.id));
    return out;
  } finally {
    await memory.close();
  }
}

/** A deterministic 32-d embedder: letters counted into buckets (enough to tell texts apart). */
const letters = {
  id: 'test:letters-32', dimensions: 32,
  async embed(texts: string[]) {
    return texts.map((t) => {
      const v = new Float32Array(32);
      for (const ch of t.toLowerCase()) v[ch.charCodeAt(0) % 32]! += 1;
      const norm = Math.hypot(...v) || 1;
      return v.map((x) => x / norm);
    });
  },
};

describe('mnemo migrate', () => {
  it('re-uses vectors when the vector space matches: SQLite -> PGlite+pgvector -> SQLite keeps every similarity', async (t) => {
    const { dir, cleanup } = tempDir('mnemo-migrate-vec-');
    t.after(cleanup);
    const pgUrl = `${await pgliteUrl()}&schema=migrate_vec_${process.pid}&pool_max=1`;
    const a = join(dir, 'a.sqlite');
    const b = join(dir, 'b.sqlite');
    const memory = new Memory({ path: a, embedder: letters, dedupe: { enabled: false } });
    const ids: string[] = [];
    try {
      for (let i = 0; i < 12; i++) ids.push((await memory.add(`vector note ${i}: ${TOPICS[i % TOPICS.length]} ${'x'.repeat(i)}`, { userId: 'v' })).results[0]!.id);
    } finally {
      await memory.close();
    }
    const cli = async (...args: string[]) => JSON.parse((await run(process.execPath, [CLI_PATH, '--json', 'migrate', ...args])).stdout) as { vectors: { copied: number; reason: string | null } };
    assert.deepEqual((await cli('--from', a, '--to', pgUrl)).vectors, { copied: 12, reason: null });
    assert.deepEqual((await cli('--from', pgUrl, '--to', b)).vectors, { copied: 12, reason: null });
    const [q] = await letters.embed(['coffee hiking notes']);
    const [sa, sb] = await Promise.all([openSqliteStore({ path: a }), openSqliteStore({ path: b })]);
    try {
      assert.deepEqual(await sb.vectorSpace(), { embedderId: letters.id, dimensions: 32 });
      const [simA, simB] = [await sa.vectorSimilarities(q!, ids), await sb.vectorSimilarities(q!, ids)];
      assert.equal(simB.size, 12);
      for (const id of ids) assert.ok(Math.abs(simA.get(id)! - simB.get(id)!) < 1e-5, `similarity of ${id} kept`);
    } finally {
      await sa.close();
      await sb.close();
    }
  });

  it('SQLite -> PostgreSQL -> SQLite keeps every row, time, state, history and search result; re-running inserts nothing', async (t) => {
    const { dir, cleanup } = tempDir('mnemo-migrate-');
    t.after(cleanup);
    const skip = await serverSkipReason();
    let pgUrl: string;
    if (skip === null) {
      const u = new URL(serverUrl());
      const schema = `migrate_${process.pid}_${Date.now().toString(36)}`;
      u.searchParams.set('schema', schema);
      pgUrl = u.toString();
      t.after(async () => {
        const admin = new pg.Client({ connectionString: serverUrl() });
        await admin.connect();
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await admin.end();
      });
    } else {
      t.diagnostic(`using PGlite: ${skip}`);
      pgUrl = `${await pgliteUrl()}&schema=migrate_${process.pid}&pool_max=1`;
    }
    const a = join(dir, 'a.sqlite');
    const b = join(dir, 'b.sqlite');
    const users = ['alice', 'bob'];
    let clock = Date.UTC(2025, 0, 1, 9, 0, 0, 123);
    const memory = new Memory({ path: a, embedder: null, clock: { now: () => (clock += 61_007) } });
    try {
      for (const [n, u] of users.entries()) {
        const ids: string[] = [];
        for (let i = 0; i < 30; i++) {
          const topic = TOPICS[i % TOPICS.length]!;
          const res = await memory.add(`${u} note ${i} about ${topic}: detail ${i * 7 + n}`, { userId: u, app: i % 2 ? 'cursor' : 'claude', metadata: { i }, categories: [topic] });
          ids.push(res.results[0]!.id);
        }
        await memory.update(ids[1]!, `${u} changed note about coffee and hiking`, { userId: u });
        await memory.delete(ids[2]!, { userId: u });
        await memory.setState([ids[3]!], 'archived', { userId: u });
        await memory.setState([ids[4]!], 'paused', { userId: u });
        await memory.search('coffee hiking', { userId: u, limit: 3 });
        await memory.get(ids[5]!, { userId: u });
        await memory.apps.setActive(u, 'cursor', false);
        await memory.keys.create(u, { name: `${u} laptop` });
      }
    } finally {
      await memory.close();
    }
    const cli = async (...args: string[]) => JSON.parse((await run(process.execPath, [CLI_PATH, '--json', 'migrate', ...args])).stdout) as { tables: Array<{ table: string; read: number; inserted: number }> };
    const there = await cli('--from', a, '--to', pgUrl);
    const memoriesThere = there.tables.find((x) => x.table === 'memories')!;
    assert.equal(memoriesThere.inserted, 60);
    assert.ok(there.tables.find((x) => x.table === 'memory_access_log')!.inserted > 0);
    assert.equal(there.tables.find((x) => x.table === 'api_keys')!.inserted, 2);
    const again = await cli('--from', a, '--to', pgUrl);
    assert.deepEqual(again.tables.filter((x) => x.inserted > 0), [], 'a second run inserts nothing');
    await cli('--from', pgUrl, '--to', b);

    const [sa, sb] = await Promise.all([openSqliteStore({ path: a }), openSqliteStore({ path: b })]);
    try {
      assert.deepEqual(await snapshot(sb, users), await snapshot(sa, users));
      const [stA, stB] = [await sa.stats(), await sb.stats()];
      assert.deepEqual(stB.byState, stA.byState);
    } finally {
      await sa.close();
      await sb.close();
    }
    const [ta, tb] = [await top5(a, users), await top5(b, users)];
    assert.equal(ta.length, 40);
    assert.ok(ta.every((r) => r.length > 0));
    assert.deepEqual(tb, ta, 'same top 5 for 20 queries per user');
  });
});
