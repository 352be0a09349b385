/**
 * The vector side of the PostgreSQL store: pgvector, one table per vector space
 * (embedder id + dimension) holding `vector(d)` keyed by the memory's `seq`, with an HNSW
 * index over cosine distance (`vector_cosine_ops`, pgvector README "HNSW"). Vectors of
 * different spaces never meet: a new space gets a new table and the old one is dropped.
 *
 * Filtered KNN (by user and the other filters) must still return k rows when k exist. An
 * HNSW scan returns at most `hnsw.ef_search` (default 40) candidates before the filter, so
 * a filter that rejects most of them returns too few. Two measures, in order:
 * 1. pgvector 0.8+ iterative index scans (`SET LOCAL hnsw.iterative_scan = relaxed_order`)
 *    keep scanning the graph until enough rows pass the filter (up to
 *    `hnsw.max_scan_tuples`, default 20000);
 * 2. when that still returns fewer than k rows, an exact scan of the filtered rows (the
 *    distance expression is written so the planner cannot use the index) gives every
 *    neighbour that exists. For a small user this exact scan is what the planner picks
 *    anyway (the user index yields few rows).
 *
 * Failure contract: when the `vector` extension is missing, {@link ensurePgvector} returns
 * the reason and the store reports `vectorSearch: false`; nothing else here is called then.
 */
import type { Vector } from '../../embedding/embedder.js';
import type { VectorSpace } from '../store.js';
import type { PgDb } from './postgres-db.js';

/** The active space's row in `vector_spaces`. */
export interface PgActiveSpace extends VectorSpace {
  tableName: string;
}

/** How to get pgvector, printed when it is missing. */
export const PGVECTOR_INSTALL_HINT =
  'install pgvector on the server (Debian/Ubuntu: apt install postgresql-<version>-pgvector; managed Postgres ships it) and run CREATE EXTENSION vector as a superuser';

/**
 * Creates the `vector` extension when the server has it (and the role may), and reports
 * whether iterative index scans exist (pgvector 0.8+).
 * @returns `{ reason: null, iterative }` when pgvector is usable, else the reason.
 */
export async function ensurePgvector(db: PgDb): Promise<{ reason: string | null; iterative: boolean; version: string | null }> {
  const installed = async () => (await db.get<{ extversion: string }>("SELECT extversion FROM pg_extension WHERE extname = 'vector'"))?.extversion ?? null;
  let version = await installed();
  if (version === null) {
    const available = await db.get("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'");
    if (!available) return { reason: `the pgvector extension is not installed on this PostgreSQL server: ${PGVECTOR_INSTALL_HINT}`, iterative: false, version: null };
    try {
      await db.exec('CREATE EXTENSION IF NOT EXISTS vector');
    } catch (error) {
      // Two instances creating it at once: one wins, the other sees a duplicate.
      if ((await installed()) === null) {
        return { reason: `cannot create the pgvector extension (${(error as Error).message}): ${PGVECTOR_INSTALL_HINT}`, iterative: false, version: null };
      }
    }
    version = await installed();
  }
  const [major, minor] = (version ?? '0.0').split('.').map(Number);
  return { reason: null, iterative: (major ?? 0) > 0 || (minor ?? 0) >= 8, version };
}

/** A vector as pgvector's text input (`[x,y,...]`). */
export function vectorLiteral(v: Vector): string {
  return `[${Array.from(v).join(',')}]`;
}

/** Reads the active vector space, or `null`. */
export async function readActiveSpace(db: PgDb): Promise<PgActiveSpace | null> {
  const row = await db.get<{ embedder_id: string; dimensions: number; table_name: string }>(
    'SELECT embedder_id, dimensions, table_name FROM vector_spaces WHERE active ORDER BY id DESC LIMIT 1');
  return row ? { embedderId: row.embedder_id, dimensions: row.dimensions, tableName: row.table_name } : null;
}

/**
 * Creates the table and HNSW index of a new space and makes it the only active one,
 * dropping earlier spaces' tables. Must run inside the caller's transaction.
 * @throws Error for a dimension outside 1..2000 (pgvector's HNSW limit for `vector`).
 */
export async function createSpace(db: PgDb, space: VectorSpace, now: number): Promise<PgActiveSpace> {
  if (!Number.isInteger(space.dimensions) || space.dimensions <= 0 || space.dimensions > 2000) {
    throw new Error(`invalid vector dimension ${space.dimensions} (pgvector's HNSW index takes 1..2000)`);
  }
  // Serialise concurrent resets from several instances.
  await db.get('SELECT pg_advisory_xact_lock(?)', [0x6d6e766563]);
  for (const old of await db.all<{ table_name: string }>('SELECT table_name FROM vector_spaces')) {
    await db.exec(`DROP TABLE IF EXISTS "${old.table_name}"`);
  }
  await db.run('DELETE FROM vector_spaces');
  const { id } = (await db.get<{ id: number }>(
    "INSERT INTO vector_spaces(embedder_id, dimensions, table_name, active, created_at) VALUES (?, ?, '', TRUE, ?) RETURNING id",
    [space.embedderId, space.dimensions, now]))!;
  const tableName = `memory_vectors_${id}`;
  await db.run('UPDATE vector_spaces SET table_name = ? WHERE id = ?', [tableName, id]);
  await db.exec(`CREATE TABLE "${tableName}" (
    seq BIGINT PRIMARY KEY REFERENCES memories(seq) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    embedding vector(${space.dimensions}) NOT NULL)`);
  await db.exec(`CREATE INDEX "${tableName}_user" ON "${tableName}"(user_id)`);
  await db.exec(`CREATE INDEX "${tableName}_hnsw" ON "${tableName}" USING hnsw (embedding vector_cosine_ops)`);
  return { ...space, tableName };
}

/** Inserts or replaces one vector. */
export async function putVector(db: PgDb, space: PgActiveSpace, seq: number, userId: string, vector: Vector): Promise<void> {
  if (vector.length !== space.dimensions) {
    throw new Error(`vector has ${vector.length} dimensions, the active space (${space.embedderId}) has ${space.dimensions}`);
  }
  await db.run(`INSERT INTO "${space.tableName}"(seq, user_id, embedding) VALUES (?, ?, ?::vector)
    ON CONFLICT (seq) DO UPDATE SET embedding = excluded.embedding`, [seq, userId, vectorLiteral(vector)]);
}

/** Removes the vectors of these memory seqs. */
export async function deleteVectors(db: PgDb, space: PgActiveSpace, seqs: number[]): Promise<void> {
  if (seqs.length > 0) await db.run(`DELETE FROM "${space.tableName}" WHERE seq = ANY(?::bigint[])`, [seqs]);
}

/**
 * Nearest neighbours of `vector` among the rows passing `where` (over `memories m`),
 * best first, at most `limit`; similarity = 1 - cosine distance. See the module header
 * for how filtered scans still return `limit` rows when that many exist.
 */
export async function knn(
  db: PgDb, space: PgActiveSpace, vector: Vector, where: { sql: string; params: unknown[] }, limit: number, iterative: boolean,
): Promise<Array<{ id: string; similarity: number }>> {
  const literal = vectorLiteral(vector);
  const query = (distance: string) => `SELECT m.id, 1 - (v.embedding <=> ?::vector) AS similarity
    FROM "${space.tableName}" v JOIN memories m ON m.seq = v.seq
    WHERE ${where.sql} ORDER BY ${distance} LIMIT ?`;
  const params = [literal, ...where.params, literal, limit];
  const approx = await db.tx(async (t) => {
    if (iterative) await t.exec("SET LOCAL hnsw.iterative_scan = 'relaxed_order'");
    return t.all<{ id: string; similarity: number }>(query('v.embedding <=> ?::vector'), params);
  });
  // relaxed_order may return rows slightly out of order: sort by the exact similarity.
  approx.sort((a, b) => b.similarity - a.similarity);
  if (approx.length >= limit) return approx;
  // `+ 0` hides the indexed expression from the planner: an exact scan of the filtered rows.
  return db.all(query('(v.embedding <=> ?::vector) + 0'), params);
}

/** Cosine similarity of `vector` to the stored vectors of these memory ids. */
export async function similarities(db: PgDb, space: PgActiveSpace, vector: Vector, ids: string[]): Promise<Map<string, number>> {
  const rows = await db.all<{ id: string; similarity: number }>(`SELECT m.id, 1 - (v.embedding <=> ?::vector) AS similarity
    FROM "${space.tableName}" v JOIN memories m ON m.seq = v.seq WHERE m.id = ANY(?::text[])`, [vectorLiteral(vector), ids]);
  return new Map(rows.map((r) => [r.id, r.similarity]));
}

/** Number of vectors stored in the space (of one user when given). */
export async function countVectors(db: PgDb, space: PgActiveSpace, userId?: string): Promise<number> {
  return userId === undefined
    ? (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "${space.tableName}"`))!.n
    : (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "${space.tableName}" WHERE user_id = ?`, [userId]))!.n;
}
