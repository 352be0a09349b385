/**
 * CaviraOSS OpenMemory through `openmemory-js`. The issue asks for its standalone mode
 * (the engine in-process over SQLite); the npm registry, however, serves only
 * `openmemory-js@0.3.0`, a 6 KB REST client with no engine (the standalone package
 * documented by the project, 1.x, lives in its repository and is not published). So:
 * - by default this peer is reported as unavailable, with that reason, in every table;
 * - with `--openmemory-url URL` (an OpenMemory backend someone runs) the 0.3.0 client
 *   drives it: `add(content, { metadata, user_id })` and `query(q, { k, filters: { user_id } })`.
 *   The backend chooses its own embedder (set on the server), so this row is not
 *   same-embedder. This path is written against the client's typings and has not been
 *   run here (no backend is installable from npm).
 */
import type { BenchItem, MemorySystem } from '../systems/memory-system.js';
import { loadPeer, peerVersion } from './peer-loader.js';

/** Package name in `bench/peers`. */
export const OPENMEMORY_PACKAGE = 'openmemory-js';

/** Why the peer cannot run without a backend URL. */
export const OPENMEMORY_UNAVAILABLE = 'openmemory-js on npm is 0.3.0, a REST client only (no standalone engine published); pass --openmemory-url to drive a running backend';

interface OpenMemoryClient {
  add(content: string, options?: { tags?: string[]; metadata?: Record<string, unknown>; user_id?: string }): Promise<{ id: string }>;
  query(query: string, options?: { k?: number; filters?: { user_id?: string } }): Promise<{ matches: Array<{ id: string; metadata?: Record<string, unknown> }> }>;
  health(): Promise<unknown>;
}
type OpenMemoryModule = { OpenMemory: new (options: { baseUrl?: string; apiKey?: string }) => OpenMemoryClient };

/**
 * Connects to an OpenMemory backend at `baseUrl`.
 * @throws BenchUsageError when openmemory-js is not installed; the client's error when the backend does not answer `/health`.
 */
export async function openOpenMemory(baseUrl: string): Promise<MemorySystem> {
  const { OpenMemory } = await loadPeer<OpenMemoryModule>(OPENMEMORY_PACKAGE);
  const client = new OpenMemory({ baseUrl });
  await client.health();
  const itemOf = new Map<string, string>();
  const add = async (item: BenchItem) => {
    const { id } = await client.add(item.text, { user_id: item.userId, metadata: { dia_id: item.itemId, speaker: item.speaker, session: item.session } });
    itemOf.set(id, item.itemId);
  };
  return {
    name: `openmemory ${peerVersion(OPENMEMORY_PACKAGE) ?? ''} (backend)`.trim(),
    capabilities: { vectors: true, ranking: true, userScope: true, timestamps: false, batchAdd: false },
    notes: [`backend at ${baseUrl}, embedder chosen by the server`],
    add,
    async addBatch(items) {
      for (const item of items) await add(item);
    },
    async search(query, userId, limit) {
      const { matches } = await client.query(query, { k: limit, filters: { user_id: userId } });
      return matches.map((m) => itemOf.get(m.id) ?? String(m.metadata?.['dia_id'] ?? m.id));
    },
    async close() {},
  };
}
