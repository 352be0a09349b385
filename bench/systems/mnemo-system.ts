/**
 * mnemo under test, through its public SDK (`Memory` from `src/index.ts`), so the
 * figures are what users get. One `Memory` can be viewed in several search modes
 * (`hybrid`, `keyword`, `vector`): the memories are stored once and each view only
 * changes the `mode` of `search`.
 *
 * Each memory carries metadata `{ dia_id, speaker, session }` and its time; search
 * results are mapped back to items through `metadata.dia_id`.
 */
import type { Memory } from '../../src/index.js';
import type { BenchItem, Capabilities, MemorySystem } from './memory-system.js';

/** mnemo's search modes. */
export type MnemoMode = 'hybrid' | 'keyword' | 'vector';

/** All modes, in the order tables show them. */
export const MNEMO_MODES: readonly MnemoMode[] = ['hybrid', 'keyword', 'vector'];

/** Counts of `add` events (mnemo deduplicates exact and near-duplicate texts). */
export interface AddEventCounts { ADD: number; UPDATE: number; NONE: number }

function metadataOf(item: BenchItem): Record<string, unknown> {
  return { dia_id: item.itemId, ...(item.speaker === undefined ? {} : { speaker: item.speaker }), ...(item.session === undefined ? {} : { session: item.session }) };
}

/**
 * A {@link MemorySystem} view of `memory` searching in `mode`.
 * @param events optional counter the adds report their events into.
 * @param ownsMemory when true, `close()` closes `memory` (give it to the last view only).
 * @param context `false` searches without conversation context (the ablation; the name
 *   gets a `, no context` suffix). @default true (the SDK's default)
 */
export function mnemoSystem(memory: Memory, mode: MnemoMode, events?: AddEventCounts, ownsMemory = false, context = true): MemorySystem {
  const capabilities: Capabilities = { vectors: mode !== 'keyword', ranking: true, userScope: true, timestamps: true, batchAdd: true };
  const count = (result: { results: Array<{ event: string }> }) => {
    if (!events) return;
    for (const r of result.results) if (r.event === 'ADD' || r.event === 'UPDATE' || r.event === 'NONE') events[r.event]++;
  };
  return {
    name: context ? `mnemo (${mode})` : `mnemo (${mode}, no context)`,
    capabilities,
    notes: mode === 'keyword' ? ['keyword mode: BM25 only, no query embedding'] : ['embedder: USE-Lite 512-d (local, offline)'],
    async add(item) {
      count(await memory.add(item.text, { userId: item.userId, metadata: metadataOf(item), ...(item.timestamp === undefined ? {} : { timestamp: new Date(item.timestamp) }) }));
    },
    async addBatch(items) {
      const first = items[0];
      if (!first) return;
      const messages = items.map((item) => ({
        role: 'user' as const,
        content: item.text,
        metadata: metadataOf(item),
        ...(item.timestamp === undefined ? {} : { timestamp: new Date(item.timestamp) }),
      }));
      count(await memory.add(messages, { userId: first.userId }));
    },
    async search(query, userId, limit) {
      const { results } = await memory.search(query, { userId, limit, mode, context });
      return results.map((r) => String((r.metadata as Record<string, unknown>)['dia_id'] ?? r.id));
    },
    async close() {
      if (ownsMemory) await memory.close();
    },
  };
}
