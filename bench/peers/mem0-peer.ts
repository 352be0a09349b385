/**
 * mem0's open-source `Memory` (`mem0ai/oss`) as a benchmarked system, configured to run
 * offline and to store text verbatim like mnemo:
 * - `infer: false` on every add: no LLM extracts facts; each turn is one memory. The
 *   LLM client is still constructed by mem0, so it gets a placeholder key and is never
 *   called.
 * - Embedder: mnemo's own USE-Lite model handed in-process through mem0's `langchain`
 *   provider (see `embedder-bridge.ts`), 512-d, the same instance mnemo uses.
 * - Vector store: mem0's `memory` provider (SQLite file, brute-force cosine plus its
 *   BM25 boost), in a temporary folder; history in SQLite there too.
 * - Telemetry off (`MEM0_TELEMETRY=false`, read by mem0 when its module loads), which
 *   also skips its remote notice-config fetch.
 * mem0 rejects a per-memory `timestamp` in the OSS SDK, so turns are stored without
 * their session date (capability `timestamps: false`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Embedder } from '../../src/index.js';
import type { BenchItem, MemorySystem } from '../systems/memory-system.js';
import { langchainEmbeddings } from './embedder-bridge.js';
import { loadPeer, peerVersion } from './peer-loader.js';

/** The part of mem0's `Memory` the bench uses. */
interface Mem0Memory {
  add(messages: string | Array<{ role: string; content: string }>, config: { userId: string; metadata?: Record<string, unknown>; infer?: boolean }): Promise<{ results: Array<{ id: string }> }>;
  search(query: string, config: { filters: { user_id: string }; topK?: number; threshold?: number }): Promise<{ results: Array<{ id: string; metadata?: Record<string, unknown> }> }>;
  reset?(): Promise<void>;
}
type Mem0Module = { Memory: new (config: Record<string, unknown>) => Mem0Memory };

/** Package name in `bench/peers`. */
export const MEM0_PACKAGE = 'mem0ai';

/**
 * Opens a fresh mem0 `Memory` in a temporary folder, embedding with `embedder`.
 * @throws BenchUsageError when mem0ai is not installed in bench/peers.
 */
export async function openMem0(embedder: Embedder): Promise<MemorySystem> {
  process.env['MEM0_TELEMETRY'] = 'false';
  const { Memory } = await loadPeer<Mem0Module>(MEM0_PACKAGE, './oss');
  const dir = mkdtempSync(join(tmpdir(), 'mnemo-bench-mem0-'));
  const memory = new Memory({
    version: 'v1.1',
    embedder: { provider: 'langchain', config: { model: langchainEmbeddings(embedder) } },
    vectorStore: { provider: 'memory', config: { collectionName: 'bench', dimension: embedder.dimensions, dbPath: join(dir, 'vector_store.db') } },
    llm: { provider: 'openai', config: { apiKey: 'unused-infer-is-off', model: 'unused' } },
    historyStore: { provider: 'sqlite', config: { historyDbPath: join(dir, 'history.db') } },
  });
  const itemOf = new Map<string, string>();
  const metadataOf = (item: BenchItem) => ({ dia_id: item.itemId, ...(item.speaker === undefined ? {} : { speaker: item.speaker }), ...(item.session === undefined ? {} : { session: item.session }) });
  return {
    name: `mem0 oss ${peerVersion(MEM0_PACKAGE) ?? ''}`.trim(),
    capabilities: { vectors: true, ranking: true, userScope: true, timestamps: false, batchAdd: true },
    notes: ['embedder: mnemo USE-Lite 512-d in-process via mem0 `langchain` provider', 'infer off, vector store `memory` (SQLite, brute force + BM25 boost)', 'no per-memory timestamp in OSS SDK'],
    async add(item) {
      const { results } = await memory.add(item.text, { userId: item.userId, metadata: metadataOf(item), infer: false });
      for (const r of results) itemOf.set(r.id, item.itemId);
    },
    async addBatch(items) {
      const first = items[0];
      if (!first) return;
      // One call; mem0 gives every message of a call the same metadata, so ids map back in order.
      const { results } = await memory.add(items.map((i) => ({ role: 'user', content: i.text })), { userId: first.userId, infer: false });
      results.forEach((r, i) => { if (items[i]) itemOf.set(r.id, items[i].itemId); });
    },
    async search(query, userId, limit) {
      const { results } = await memory.search(query, { filters: { user_id: userId }, topK: limit, threshold: 0 });
      return results.map((r) => itemOf.get(r.id) ?? String(r.metadata?.['dia_id'] ?? r.id));
    },
    async close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
