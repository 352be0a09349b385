/**
 * PostgreSQL servers for tests:
 * - the real server named by `MNEMO_TEST_POSTGRES_URL` (CI's `.ci/run` starts Debian's
 *   PostgreSQL 15 and exports it); {@link serverSkipReason} says why it is unusable;
 * - PGlite (PostgreSQL 17 compiled to WASM, with pgvector) served over the wire protocol
 *   by pglite-socket on an ephemeral loopback port, started once per test process.
 * Every fresh store lives in its own new schema, so cases never see each other's rows.
 */
import pg from 'pg';
import { openPostgresStore, type PostgresStore } from '../../src/storage/postgres/postgres-store.js';

/** The environment variable naming the test server. */
export const SERVER_URL_ENV = 'MNEMO_TEST_POSTGRES_URL';

let schemas = 0;
const fresh = (): string => `t_${process.pid}_${Date.now().toString(36)}_${schemas++}`;

/**
 * Why the real server cannot be used (`null` when it can).
 */
export async function serverSkipReason(): Promise<string | null> {
  const url = process.env[SERVER_URL_ENV];
  if (!url) return `${SERVER_URL_ENV} is not set: no PostgreSQL server to test against (CI's .ci/run starts PostgreSQL 15 and sets it)`;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return `PostgreSQL at ${SERVER_URL_ENV} is unreachable: ${(error as Error).message}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Drops the schemas this process made on the real server (register with a top-level `after`). */
export async function dropTestSchemas(): Promise<void> {
  const url = process.env[SERVER_URL_ENV];
  if (!url || schemas === 0) return;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [`t\\_${process.pid}\\_%`]);
    for (const r of rows) await client.query(`DROP SCHEMA "${r.nspname}" CASCADE`);
  } catch {
    // Cleanup only: an unreachable server leaves nothing to drop.
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The real server's URL (call after {@link serverSkipReason} returned `null`). */
export function serverUrl(): string {
  return process.env[SERVER_URL_ENV]!;
}

/** A fresh store on the real server, in a new schema. */
export async function freshServerStore(): Promise<PostgresStore> {
  return openPostgresStore({ url: serverUrl(), schema: fresh(), poolMax: 4 });
}

let pglite: Promise<string> | null = null;
let stop: (() => Promise<void>) | null = null;

/** Stops the PGlite server if one was started (register with a top-level `after`). */
export async function stopPglite(): Promise<void> {
  await stop?.();
  stop = null;
  pglite = null;
}

/**
 * Starts (once per process) PGlite with the `vector` and `unaccent` extensions behind
 * pglite-socket on 127.0.0.1 and an ephemeral port.
 * @returns its `postgres://` URL.
 */
export function pgliteUrl(): Promise<string> {
  pglite ??= (async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const { vector } = await import('@electric-sql/pglite/vector');
    const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    const db = await PGlite.create({ extensions: { vector, unaccent } });
    // In `public`, shared by every test schema (the store would otherwise create them in the first one).
    await db.exec('CREATE EXTENSION IF NOT EXISTS vector SCHEMA public; CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public');
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
    await server.start();
    stop = async () => { await server.stop(); await db.close(); };
    return `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  })();
  return pglite;
}

/** A fresh store on PGlite (one connection: pglite-socket serves one client at a time). */
export async function freshPgliteStore(): Promise<PostgresStore> {
  return openPostgresStore({ url: await pgliteUrl(), schema: fresh(), poolMax: 1 });
}
