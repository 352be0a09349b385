/**
 * The storage conformance suites (test/support/store-conformance.ts and
 * graph-store-conformance.ts) against the PostgreSQL store, on two servers:
 * - a real PostgreSQL server at `MNEMO_TEST_POSTGRES_URL` (CI's `.ci/run` starts Debian's
 *   PostgreSQL 15, which has no pgvector: keyword-only, vector cases skip with the
 *   reason); without that variable or a reachable server the suite skips with the reason;
 * - PGlite (PostgreSQL 17 in WASM, an npm dependency) with pgvector, served over the wire
 *   protocol by pglite-socket on an ephemeral loopback port, so the same `pg` driver code
 *   runs the vector cases. It always runs.
 * Each case gets a fresh, empty schema (a new database on the server; `DROP SCHEMA` on PGlite).
 */
import { after, describe, it } from 'node:test';
import { describeGraphStoreConformance } from '../../../test/support/graph-store-conformance.js';
import { dropTestSchemas, freshPgliteStore, freshServerStore, serverSkipReason, stopPglite } from '../../../test/support/postgres-servers.js';
import { describeStoreConformance, STORE_CASES } from '../../../test/support/store-conformance.js';

after(stopPglite);
after(dropTestSchemas);
const skip = await serverSkipReason();
if (skip === null) {
  describeStoreConformance('postgres 15 server (keyword only)', freshServerStore);
  describeGraphStoreConformance('postgres 15 server', freshServerStore);
} else {
  describe('postgres server conformance', { skip }, () => undefined);
}
describeStoreConformance('pglite + pgvector over pglite-socket', freshPgliteStore);
describeGraphStoreConformance('pglite + pgvector over pglite-socket', freshPgliteStore);

// The store declares an approximate index (HNSW), so the suite skips its exactness case;
// it still holds here, because a filtered search that the index under-fills falls back to
// an exact scan of the filtered rows (postgres-vector-index.ts): run it anyway.
const exactCase = STORE_CASES.find((c) => c.name.startsWith('vector candidates: exact search'))!;
describe('pgvector filtered KNN (pglite)', () => {
  it(`${exactCase.name} (iterative scan, then exact fallback)`, async () => {
    const store = await freshPgliteStore();
    try {
      await exactCase.run(store);
    } finally {
      await store.close();
    }
  });
});
