/**
 * The vector side of the SQLite store: sqlite-vec `vec0` tables, one per vector space
 * (embedder id + dimension), keyed by the memory's `seq` and partitioned by `user_id` so
 * a KNN query only scans one user's vectors. Vectors of different spaces never meet: a
 * new space gets a new table and the old one is dropped. Every vector is also written to
 * the plain BLOB copy (sqlite-vector-blobs.ts) that the fast path and
 * `vectorSimilarities` read; vec0 stays the exact path (small users, selective filters,
 * `vectorIndex: 'exact'`: its chunked storage scans faster than one row per vector) and
 * the source that transfer (storage/copy) reads.
 *
 * Failure contract: when the extension cannot be loaded, `load` returns the reason and
 * the store reports `vectorSearch: false`; nothing else here is called then.
 */
import type Database from 'better-sqlite3';
import type { Vector } from '../../embedding/embedder.js';
import type { VectorSpace } from '../store.js';
import { cachedStatement } from './sqlite-statements.js';
import { clearVectorBlobs, putVectorBlob, removeVectorBlobs } from './sqlite-vector-blobs.js';

/** The active space's row in `vector_spaces`. */
export interface ActiveSpace extends VectorSpace {
  /** Row id in `vector_spaces` (a new space, a new id). */
  id: number;
  tableName: string;
  /** Its vectors are in `memory_vectors` too (migration 7); `false` until an older file's copy is made. */
  blobCopy: boolean;
}

/**
 * Loads sqlite-vec into `db`, from `extensionPath` when given (else the npm package's
 * bundled binary).
 * @returns `null` on success, else the reason it failed (for the search `notice`).
 */
export async function loadSqliteVec(db: Database.Database, extensionPath?: string): Promise<string | null> {
  try {
    if (extensionPath !== undefined) {
      db.loadExtension(extensionPath);
    } else {
      const sqliteVec = await import('sqlite-vec');
      sqliteVec.load(db);
    }
    db.prepare('SELECT vec_version()').get();
    return null;
  } catch (error) {
    return `sqlite-vec failed to load: ${(error as Error).message}`;
  }
}

/** Reads the active vector space, or `null`. */
export function readActiveSpace(db: Database.Database): ActiveSpace | null {
  const row = cachedStatement(db, 'SELECT id, embedder_id, dimensions, table_name, blob_copy FROM vector_spaces WHERE active = 1 ORDER BY id DESC LIMIT 1')
    .get() as { id: number; embedder_id: string; dimensions: number; table_name: string; blob_copy: number } | undefined;
  return row ? { id: row.id, embedderId: row.embedder_id, dimensions: row.dimensions, tableName: row.table_name, blobCopy: row.blob_copy === 1 } : null;
}

/**
 * Creates the vec0 table of a new space and makes it the only active one, dropping the
 * tables of earlier spaces. Must run inside the caller's transaction.
 */
export function createSpace(db: Database.Database, space: VectorSpace, now: number): ActiveSpace {
  if (!Number.isInteger(space.dimensions) || space.dimensions <= 0 || space.dimensions > 8192) {
    throw new Error(`invalid vector dimension ${space.dimensions}`);
  }
  for (const old of db.prepare('SELECT table_name FROM vector_spaces').all() as Array<{ table_name: string }>) {
    db.exec(`DROP TABLE IF EXISTS "${old.table_name}"`);
  }
  clearVectorBlobs(db);
  // Inserted before the old rows go, so the new space never reuses an old id: in-memory
  // code indexes of other processes tell spaces apart by id (sqlite-code-index.ts).
  const info = db
    .prepare("INSERT INTO vector_spaces(embedder_id, dimensions, table_name, active, created_at, blob_copy) VALUES (?, ?, '', 1, ?, 1)")
    .run(space.embedderId, space.dimensions, now);
  db.prepare('DELETE FROM vector_spaces WHERE id <> ?').run(info.lastInsertRowid);
  const tableName = `memory_vectors_${info.lastInsertRowid}`;
  db.prepare('UPDATE vector_spaces SET table_name = ? WHERE id = ?').run(tableName, info.lastInsertRowid);
  db.exec(
    `CREATE VIRTUAL TABLE "${tableName}" USING vec0(user_id text partition key, embedding float[${space.dimensions}] distance_metric=cosine)`,
  );
  return { ...space, id: Number(info.lastInsertRowid), tableName, blobCopy: true };
}

/** Inserts or replaces one vector, in vec0 and in the BLOB copy. `seq` is the memory's rowid. */
export function putVector(db: Database.Database, space: ActiveSpace, seq: number, userId: string, vector: Vector): void {
  if (vector.length !== space.dimensions) {
    throw new Error(`vector has ${vector.length} dimensions, the active space (${space.embedderId}) has ${space.dimensions}`);
  }
  cachedStatement(db, `DELETE FROM "${space.tableName}" WHERE rowid = ?`).run(BigInt(seq));
  cachedStatement(db, `INSERT INTO "${space.tableName}"(rowid, user_id, embedding) VALUES (?, ?, ?)`).run(BigInt(seq), userId, vector);
  putVectorBlob(db, seq, userId, vector);
}

/** Removes the vectors of these memory seqs (the BLOB copies become tombstones). */
export function deleteVectors(db: Database.Database, space: ActiveSpace, seqs: number[]): void {
  const stmt = db.prepare(`DELETE FROM "${space.tableName}" WHERE rowid = ?`);
  for (const seq of seqs) stmt.run(BigInt(seq));
  removeVectorBlobs(db, seqs);
}

/**
 * K nearest neighbours of `vector` among one user's vectors.
 * @returns `{seq, similarity}` best first; similarity = 1 - cosine distance.
 */
export function knn(db: Database.Database, space: ActiveSpace, vector: Vector, userId: string, k: number): Array<{ seq: number; similarity: number }> {
  const rows = db
    .prepare(`SELECT rowid AS seq, distance FROM "${space.tableName}" WHERE embedding MATCH ? AND k = ? AND user_id = ?`)
    .all(vector, k, userId) as Array<{ seq: number; distance: number }>;
  return rows.map((r) => ({ seq: Number(r.seq), similarity: 1 - r.distance }));
}

/** Number of vectors stored in the space. */
export function countVectors(db: Database.Database, space: ActiveSpace, userId?: string): number {
  const sql = userId === undefined
    ? `SELECT COUNT(*) AS n FROM "${space.tableName}"`
    : `SELECT COUNT(*) AS n FROM "${space.tableName}" WHERE user_id = ?`;
  const row = (userId === undefined ? db.prepare(sql).get() : db.prepare(sql).get(userId)) as { n: number };
  return row.n;
}
