/**
 * Copies a whole mnemo database between backends (SQLite file <-> PostgreSQL URL, either
 * way), table by table: memories with their states and times (ms), content history,
 * status history, access log, apps, access rules, API keys (by hash), feedback, project
 * settings, webhooks, export jobs and the knowledge graph. Both ends are opened as stores
 * first, so both are migrated to this build's schema; rows then move as plain columns
 * (the columns both ends have; JSON, booleans and float arrays converted per end).
 *
 * Idempotent: rows keyed by an id (or a primary key) are inserted if absent, so a second
 * run copies nothing; history-like rows without an id (status history, access log) are
 * copied only for memories this run inserted. Source order (insertion sequence) is kept,
 * so ties in the target sort as in the source. Vectors are re-used when the target's
 * vector space is the source's (same embedder id and dimension) or the target has none
 * yet; otherwise (or without vector search on either end) they are not copied and
 * `mnemo reindex` re-embeds the target.
 *
 * An encrypted SQLite end (issue 14) opens with its key (`keys.from` / `keys.to`); a new
 * target file given a key is created encrypted.
 *
 * Failure contract: rejects with `MnemoError` (`UNAVAILABLE` when an end cannot be
 * opened; `FORBIDDEN` when an encrypted file has no key or the wrong one; `INVALID_INPUT`
 * for a key given to a PostgreSQL URL or a plaintext file); a failed table leaves earlier tables copied (re-run to finish: idempotent).
 */
import { isPostgresUrl } from '../../config/database-url.js';
import type { DbKey } from '../../config/db-key.js';
import { MnemoError } from '../../core/errors.js';
import type { MemoryStore } from '../store.js';

/** One end of a copy: raw access to mnemo's tables. */
interface TableEnd {
  /** Column name -> kind, for a table (empty when absent). */
  columns(table: string): Promise<Map<string, ColumnKind>>;
  /** Rows in insertion order, `limit` at a time after `offset`. */
  read(table: string, columns: string[], orderBy: string, limit: number, offset: number): Promise<Array<Record<string, unknown>>>;
  /** Inserts rows if absent. @returns which of them were inserted (by index). */
  insert(table: string, columns: string[], rows: unknown[][]): Promise<boolean[]>;
  /** Work after all tables (sequence repair). */
  finish(): Promise<void>;
  /** Stored vectors of the active space by memory id, in insertion order. */
  vectors(): Promise<Array<{ id: string; vector: Float32Array }>>;
  close(): Promise<void>;
}

type ColumnKind = 'json' | 'bool' | 'floats' | 'other';

/** Tables in foreign-key order, each with its insertion order column. */
const TABLES: Array<{ name: string; order: string; childOfNewMemories?: boolean }> = [
  { name: 'memories', order: 'seq' },
  { name: 'memory_history', order: 'seq' },
  { name: 'memory_status_history', order: 'seq', childOfNewMemories: true },
  { name: 'memory_access_log', order: 'seq', childOfNewMemories: true },
  { name: 'apps', order: 'created_at, user_id, name' },
  { name: 'access_rules', order: 'seq' },
  { name: 'api_keys', order: 'created_at, id' },
  { name: 'memory_feedback', order: 'seq' },
  { name: 'project_settings', order: 'key' },
  { name: 'webhooks', order: 'id' },
  { name: 'memory_exports', order: 'created_at, id' },
  { name: 'graph_entities', order: 'seq' },
  { name: 'graph_observations', order: 'seq' },
  { name: 'graph_relations', order: 'seq' },
  { name: 'graph_memory_links', order: 'created_at, memory_id, entity_id' },
  { name: 'graph_dismissals', order: 'created_at, user_id, key' },
  { name: 'graph_name_versions', order: 'user_id' },
];

/** Columns never copied: insertion sequences (the target numbers its own), derived search columns, SQLite's legacy marker. */
const SKIPPED_COLUMNS = new Set(['seq', 'tsv', 'doc', 'legacy_duplicate']);

/** Rows per read/insert batch. */
const BATCH = 500;

/** Counts of one copy. */
export interface CopyReport {
  /** Per table: rows read from the source and rows inserted into the target. */
  tables: Array<{ table: string; read: number; inserted: number }>;
  /**
   * Vectors: `copied` into the target's space (same embedder and dimension, or the
   * target had none), else why not (`reason`), in which case `mnemo reindex` embeds.
   */
  vectors: { copied: number; reason: string | null };
}

/**
 * Copies every table of `from` into `to` (see module header).
 * @param from a SQLite file path or `postgres://` URL.
 * @param to a SQLite file path or `postgres://` URL (created and migrated if new).
 * @param onTable called after each table with its counts.
 * @param keys keys of encrypted SQLite ends (none: plaintext).
 * @example await copyDatabase('./memory.sqlite', 'postgres://me@db/mnemo');
 */
export async function copyDatabase(from: string, to: string, onTable?: (t: CopyReport['tables'][number]) => void,
  keys: { from?: DbKey | undefined; to?: DbKey | undefined } = {}): Promise<CopyReport> {
  if (from === to) throw new MnemoError('INVALID_INPUT', '--from and --to name the same database');
  const source = await openEnd(from, keys.from);
  let target: { end: TableEnd; store: MemoryStore } | undefined;
  try {
    target = await openEnd(to, keys.to);
    const report: CopyReport = { tables: [], vectors: { copied: 0, reason: null } };
    const newMemoryIds = new Set<string>();
    for (const t of TABLES) {
      const src = await source.end.columns(t.name);
      const dst = await target.end.columns(t.name);
      const columns = [...src.keys()].filter((c) => dst.has(c) && !SKIPPED_COLUMNS.has(c));
      let read = 0;
      let inserted = 0;
      if (columns.length > 0) {
        for (let offset = 0; ; offset += BATCH) {
          const rows = await source.end.read(t.name, columns, t.order, BATCH, offset);
          read += rows.length;
          const kept = t.childOfNewMemories ? rows.filter((r) => newMemoryIds.has(String(r.memory_id))) : rows;
          const values = kept.map((r) => columns.map((c) => r[c]));
          const done = values.length === 0 ? [] : await target.end.insert(t.name, columns, values);
          done.forEach((ok, i) => {
            if (!ok) return;
            inserted++;
            if (t.name === 'memories') newMemoryIds.add(String(kept[i]!.id));
          });
          if (rows.length < BATCH) break;
        }
      }
      const entry = { table: t.name, read, inserted };
      report.tables.push(entry);
      onTable?.(entry);
    }
    await target.end.finish();
    report.vectors = await copyVectors(source, target, newMemoryIds);
    // Entity search documents are derived: rewrite them through the graph contract.
    for (const row of await source.end.read('graph_entities', ['id', 'user_id', 'aliases', 'updated_at'], 'seq', Number.MAX_SAFE_INTEGER, 0)) {
      const aliases = typeof row.aliases === 'string' ? JSON.parse(row.aliases) as string[] : row.aliases as string[];
      await target.store.graph.updateEntity(String(row.user_id), String(row.id), { aliases, updatedAt: Number(row.updated_at) });
    }
    return report;
  } finally {
    await target?.end.close();
    await target?.store.close();
    await source.end.close();
    await source.store.close();
  }
}

/**
 * Puts the source's vectors of the memories this run inserted into the target, when the
 * spaces match (or the target has none yet).
 */
async function copyVectors(source: { end: TableEnd; store: MemoryStore }, target: { end: TableEnd; store: MemoryStore }, inserted: Set<string>): Promise<CopyReport['vectors']> {
  if (!source.store.capabilities.vectorSearch) return { copied: 0, reason: `source: ${source.store.capabilities.vectorUnavailableReason ?? 'no vector search'}` };
  const space = await source.store.vectorSpace();
  if (space === null) return { copied: 0, reason: null };
  if (!target.store.capabilities.vectorSearch) return { copied: 0, reason: `target: ${target.store.capabilities.vectorUnavailableReason ?? 'no vector search'}` };
  const current = await target.store.vectorSpace();
  if (current !== null && (current.embedderId !== space.embedderId || current.dimensions !== space.dimensions)) {
    return { copied: 0, reason: `the target's vector space (${current.embedderId}, ${current.dimensions}-d) differs from the source's (${space.embedderId}, ${space.dimensions}-d)` };
  }
  if (current === null) await target.store.resetVectorSpace(space);
  const rows = (await source.end.vectors()).filter((r) => inserted.has(r.id));
  for (let i = 0; i < rows.length; i += BATCH) await target.store.putVectors(rows.slice(i, i + BATCH));
  return { copied: rows.length, reason: null };
}

/** Opens `location` as a store (migrating it) and as raw tables. */
async function openEnd(location: string, key: DbKey | undefined): Promise<{ end: TableEnd; store: MemoryStore }> {
  if (isPostgresUrl(location)) {
    if (key !== undefined) throw new MnemoError('INVALID_INPUT', 'a database key applies only to a SQLite file, not to a PostgreSQL URL');
    const { openPostgresStore } = await import('../postgres/postgres-store.js');
    const store = await openPostgresStore({ url: location });
    // The store's own pool (one server connection suffices: every step is sequential).
    const db = store.db;
    const end: TableEnd = {
      async columns(table) {
        const rows = await db.all<{ column_name: string; data_type: string; is_generated: string }>(`SELECT column_name, data_type, is_generated FROM information_schema.columns
          WHERE table_name = ? AND table_schema = current_schema()`, [table]);
        return new Map(rows.filter((r) => r.is_generated !== 'ALWAYS').map((r) => [r.column_name,
          r.data_type === 'jsonb' ? 'json' : r.data_type === 'boolean' ? 'bool' : r.data_type === 'ARRAY' ? 'floats' : 'other'] as [string, ColumnKind]));
      },
      async read(table, columns, orderBy, limit, offset) {
        const kinds = await end.columns(table);
        const select = columns.map((c) => (kinds.get(c) === 'json' ? `"${c}"::text AS "${c}"` : `"${c}"`)).join(', ');
        return db.all(`SELECT ${select} FROM "${table}" ORDER BY ${orderBy} LIMIT ? OFFSET ?`, [Math.min(limit, 2 ** 31 - 1), offset]);
      },
      async insert(table, columns, rows) {
        const kinds = await end.columns(table);
        return db.tx(async (t) => {
          const out: boolean[] = [];
          for (const row of rows) {
            const values = row.map((v, i) => toPostgres(v, kinds.get(columns[i]!) ?? 'other'));
            out.push((await t.run(`INSERT INTO "${table}"(${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
              ON CONFLICT DO NOTHING`, values)) > 0);
          }
          return out;
        });
      },
      async vectors() {
        const space = await db.get<{ table_name: string }>('SELECT table_name FROM vector_spaces WHERE active ORDER BY id DESC LIMIT 1');
        if (!space) return [];
        const tableName = space.table_name;
        const rows = await db.all<{ id: string; v: string }>(`SELECT m.id, v.embedding::text AS v FROM "${tableName}" v JOIN memories m ON m.seq = v.seq ORDER BY m.seq`);
        return rows.map((r) => ({ id: r.id, vector: Float32Array.from(JSON.parse(r.v) as number[]) }));
      },
      async finish() {
        // Webhook ids were copied: move the id sequence past them.
        await db.exec(`SELECT setval(pg_get_serial_sequence('webhooks', 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM webhooks), 1))`);
      },
      async close() { /* the store's close ends the pool */ },
    };
    return { end, store };
  }
  const { openSqliteStore } = await import('../sqlite/sqlite-store.js');
  const store = await openSqliteStore({ path: location, key });
  // A second, raw connection for plain table access (the cipher driver for an encrypted file).
  const { loadDriver, unlock } = await import('../sqlite/sqlite-cipher.js');
  let db: import('better-sqlite3').Database;
  try {
    const Database = await loadDriver(key !== undefined);
    db = new Database(location);
    if (key !== undefined) unlock(db, key, location);
  } catch (error) {
    await store.close();
    throw error;
  }
  db.pragma('busy_timeout = 10000');
  const end: TableEnd = {
    async columns(table) {
      const rows = db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string; type: string }>;
      return new Map(rows.map((r) => [r.name, r.type === 'BLOB' ? 'floats' : 'other'] as [string, ColumnKind]));
    },
    async read(table, columns, orderBy, limit, offset) {
      return db.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}" ORDER BY ${orderBy} LIMIT ? OFFSET ?`).all(limit, offset) as Array<Record<string, unknown>>;
    },
    async insert(table, columns, rows) {
      const kinds = await end.columns(table);
      const stmt = db.prepare(`INSERT OR IGNORE INTO "${table}"(${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      return db.transaction(() => rows.map((row) => stmt.run(...row.map((v, i) => toSqlite(v, kinds.get(columns[i]!) ?? 'other'))).changes > 0)).immediate();
    },
    async finish() { /* rowids need no repair */ },
    async vectors() {
      const space = db.prepare('SELECT table_name FROM vector_spaces WHERE active = 1 ORDER BY id DESC LIMIT 1').get() as { table_name: string } | undefined;
      if (!space) return [];
      const tableName = space.table_name;
      const sqliteVec = await import('sqlite-vec');
      sqliteVec.load(db);
      const rows = db.prepare(`SELECT m.id, v.embedding FROM "${tableName}" v JOIN memories m ON m.seq = v.rowid ORDER BY m.seq`).all() as Array<{ id: string; embedding: Buffer }>;
      return rows.map((r) => {
        const copy = new Uint8Array(r.embedding.byteLength);
        copy.set(r.embedding);
        return { id: r.id, vector: new Float32Array(copy.buffer) };
      });
    },
    async close() { db.close(); },
  };
  return { end, store };
}

/** A source value as PostgreSQL takes it for a column of `kind`. */
function toPostgres(v: unknown, kind: ColumnKind): unknown {
  if (v === null || v === undefined) return null;
  if (kind === 'bool') return v === true || v === 1 || v === '1';
  if (kind === 'floats' && Buffer.isBuffer(v)) {
    const copy = new Uint8Array(v.byteLength);
    copy.set(v);
    return Array.from(new Float32Array(copy.buffer));
  }
  return v;
}

/** A source value as SQLite stores it for a column of `kind`. */
function toSqlite(v: unknown, kind: ColumnKind): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (kind === 'floats' && Array.isArray(v)) return Buffer.from(Float32Array.from(v as number[]).buffer);
  if (typeof v === 'object' && !Buffer.isBuffer(v)) return JSON.stringify(v);
  return v;
}
