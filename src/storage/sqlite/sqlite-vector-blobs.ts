/**
 * The plain BLOB copy of memory vectors (table `memory_vectors`, migration 7): each
 * memory's float32 vector and its 1-bit sign code, keyed by the memory's `seq`, with a
 * per-user `version` that grows on every change so in-memory code indexes in any process
 * can catch up (sqlite-code-index.ts). Exact cosine is computed here in JavaScript from
 * these BLOBs: rescoring 400 candidates read by rowid costs about 0.45 ms at 100k
 * vectors, against 87-90 ms as point reads from vec0 (issue 15's measurement).
 *
 * Failure contract: writers must run inside the caller's write transaction; a vector of
 * the wrong dimension is the caller's check (the store compares with the active space).
 */
import type Database from 'better-sqlite3';
import type { Vector } from '../../embedding/embedder.js';
import { cachedStatement } from './sqlite-statements.js';

/** 32-bit words of a sign code for `dimensions` components. */
export function codeWords(dimensions: number): number {
  return Math.ceil(dimensions / 32);
}

/** The sign code of `vector`: bit `i % 32` of word `i / 32` is set when component i > 0. */
export function signCode(vector: Float32Array): Uint32Array {
  const code = new Uint32Array(codeWords(vector.length));
  for (let i = 0; i < vector.length; i++) if (vector[i]! > 0) code[i >>> 5]! |= 1 << (i & 31);
  return code;
}

/** Bytes of a typed array, without copying (for binding as a BLOB). */
function bytes(a: Float32Array | Uint32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** A float32 view (copying only when the BLOB is not 4-byte aligned). */
export function floats(blob: Buffer): Float32Array {
  if (blob.byteOffset % 4 === 0) return new Float32Array(blob.buffer, blob.byteOffset, blob.byteLength >>> 2);
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

/** A uint32 view of a stored code (copying only when unaligned). */
export function codeOf(blob: Buffer): Uint32Array {
  if (blob.byteOffset % 4 === 0) return new Uint32Array(blob.buffer, blob.byteOffset, blob.byteLength >>> 2);
  return new Uint32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

/** The next version of `userId`'s vectors (one index seek). */
function nextVersion(db: Database.Database, userId: string): number {
  const row = cachedStatement(db, 'SELECT MAX(version) AS v FROM memory_vectors WHERE user_id = ?').get(userId) as { v: number | null };
  return (row.v ?? 0) + 1;
}

/** The newest version of `userId`'s vectors, 0 when none (one index seek). */
export function userVersion(db: Database.Database, userId: string): number {
  return (cachedStatement(db, 'SELECT MAX(version) AS v FROM memory_vectors WHERE user_id = ?').get(userId) as { v: number | null }).v ?? 0;
}

/** Stores (or replaces) the BLOB copy of one memory's vector. Inside a write transaction. */
export function putVectorBlob(db: Database.Database, seq: number, userId: string, vector: Vector): void {
  cachedStatement(db, 'INSERT OR REPLACE INTO memory_vectors(seq, user_id, version, code, embedding) VALUES (?, ?, ?, ?, ?)')
    .run(seq, userId, nextVersion(db, userId), bytes(signCode(vector)), bytes(vector));
}

/** Turns the BLOB copies of these memories into tombstones (NULL vector, new version). Inside a write transaction. */
export function removeVectorBlobs(db: Database.Database, seqs: number[]): void {
  const find = db.prepare('SELECT user_id FROM memory_vectors WHERE seq = ? AND code IS NOT NULL').pluck();
  const clear = db.prepare('UPDATE memory_vectors SET code = NULL, embedding = NULL, version = ? WHERE seq = ?');
  for (const seq of seqs) {
    const userId = find.get(seq) as string | undefined;
    if (userId !== undefined) clear.run(nextVersion(db, userId), seq);
  }
}

/** Drops every BLOB copy (a new vector space). Inside a write transaction. */
export function clearVectorBlobs(db: Database.Database): void {
  db.prepare('DELETE FROM memory_vectors').run();
}

/**
 * Copies the vectors of the active space's vec0 table into `memory_vectors` when that
 * space predates migration 7 (`blob_copy = 0`), then marks it copied. Inside a write
 * transaction; sqlite-vec must be loaded (it reads the vec0 table).
 * @returns how many vectors were copied.
 */
export function backfillVectorBlobs(db: Database.Database, spaceId: number, tableName: string): number {
  const done = db.prepare('SELECT blob_copy FROM vector_spaces WHERE id = ?').pluck().get(spaceId) as number | undefined;
  if (done !== 0) return 0;
  clearVectorBlobs(db);
  // Copied in SQL (no vector held in JavaScript), then coded in pages of rowids: a
  // statement cannot write while another one iterates on the same connection.
  db.prepare(`INSERT INTO memory_vectors(seq, user_id, version, code, embedding) SELECT rowid, user_id, 1, x'', embedding FROM "${tableName}"`).run();
  const page = db.prepare('SELECT seq, embedding FROM memory_vectors WHERE seq > ? ORDER BY seq LIMIT 1000').raw();
  const setCode = db.prepare('UPDATE memory_vectors SET code = ? WHERE seq = ?');
  let n = 0;
  for (let after = 0; ;) {
    const rows = page.all(after) as Array<[number, Buffer]>;
    if (rows.length === 0) break;
    for (const [seq, embedding] of rows) setCode.run(bytes(signCode(floats(embedding))), seq);
    n += rows.length;
    after = rows[rows.length - 1]![0];
  }
  db.prepare('UPDATE vector_spaces SET blob_copy = 1 WHERE id = ?').run(spaceId);
  return n;
}

/**
 * Exact cosine of `vector` to the candidates `seqs` that pass `where` (a SQL condition
 * over `memories m`), best `limit` first: the rescoring step. Two statements, both rowid
 * lookups in the order of a JSON array (json_each outermost), so the cost is O(candidates),
 * never a walk over the user's rows: first every candidate's cosine from the BLOB copy
 * (sqlite-vec's `vec_distance_cosine`, the function vec0 ranks with, so scores match the
 * exact path), then the filter over the nearest first, `limit` at a time, until `limit`
 * pass or none are left. Only the rows that can be returned are looked up in `memories`:
 * measured at 100k (bench/README.md "WASM popcount and two-stage rescoring"), 300
 * candidates cost about 1.25 ms in one statement joining both tables, of which about
 * 0.4 ms is the `memories` lookups.
 */
export function rescore(
  db: Database.Database, vector: Float32Array, seqs: number[], where: { sql: string; params: unknown[] }, limit: number,
): Array<{ id: string; score: number }> {
  const scored = cachedStatement(db, `SELECT v.seq, vec_distance_cosine(v.embedding, ?) FROM json_each(?) j
      CROSS JOIN memory_vectors v ON v.seq = j.value WHERE v.embedding IS NOT NULL AND length(v.embedding) = ?`)
    .raw().all(bytes(vector), JSON.stringify(seqs), vector.byteLength) as Array<[number, number]>;
  scored.sort((x, y) => x[1] - y[1] || x[0] - y[0]);
  const allowed = cachedStatement(db, `SELECT m.seq, m.id FROM json_each(?) j CROSS JOIN memories m ON m.seq = j.value WHERE ${where.sql}`).raw();
  const out: Array<{ id: string; score: number }> = [];
  for (let from = 0; from < scored.length && out.length < limit; from += limit) {
    const page = scored.slice(from, from + limit);
    const ids = new Map(allowed.all(JSON.stringify(page.map(([seq]) => seq)), ...where.params) as Array<[number, string]>);
    for (const [seq, distance] of page) {
      const id = ids.get(seq);
      if (id !== undefined && out.length < limit) out.push({ id, score: 1 - distance });
    }
  }
  return out;
}

/** Exact cosine of `vector` to the stored vectors of these memory ids (any user; ids without a vector are absent). */
export function similaritiesById(db: Database.Database, vector: Float32Array, ids: string[]): Map<string, number> {
  const rows = db.prepare(`SELECT m.id, vec_distance_cosine(v.embedding, ?) AS distance FROM json_each(?) j
      CROSS JOIN memories m ON m.id = j.value CROSS JOIN memory_vectors v ON v.seq = m.seq
      WHERE v.embedding IS NOT NULL AND length(v.embedding) = ?`).raw().all(bytes(vector), JSON.stringify(ids), vector.byteLength) as Array<[string, number]>;
  return new Map(rows.map(([id, distance]) => [id, 1 - distance]));
}
