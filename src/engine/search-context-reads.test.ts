/**
 * The context step's storage reads (issue 11, latency): query cosines are asked for the
 * seeds' windows only (candidates and neighbours within CONTEXT_RADIUS of a seed), once,
 * never for memories further out in a chain; and the vector-side mean of a joined
 * neighbour uses only the cosines it has.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONTEXT_RADIUS, CONTEXT_WEIGHT } from '../retrieval/context.js';
import type { MemoryStore } from '../storage/store.js';
import { withConversationContext } from './search-context.js';

/** A store stub: one conversation m0..m20 in order, every cosine 0.1 except `cos`. */
function stubStore(cos: Record<string, number>) {
  const line = Array.from({ length: 21 }, (_, i) => `m${i}`);
  const calls: string[][] = [];
  const store = {
    capabilities: { conversationContext: true },
    async contextNeighbours(ids: string[], _f: unknown, radius: number) {
      return new Map(ids.map((id) => {
        const at = line.indexOf(id);
        return [id, { before: line.slice(Math.max(0, at - radius), at).reverse(), after: line.slice(at + 1, at + 1 + radius) }];
      }));
    },
    async vectorSimilarities(_v: unknown, ids: string[]) {
      calls.push([...ids]);
      return new Map(ids.map((id) => [id, cos[id] ?? 0.1]));
    },
  } as unknown as MemoryStore;
  return { store, calls };
}

describe('conversation context: cosine reads', () => {
  it('reads cosines once, only within CONTEXT_RADIUS of a seed', async () => {
    const { store, calls } = stubStore({});
    await withConversationContext(store, { userId: 'u' }, [{ id: 'm10', rank: 1, score: 3 }], [{ id: 'm4', rank: 1, score: 0.9 }], new Float32Array([1]), 10);
    assert.equal(calls.length, 1);
    const asked = new Set(calls[0]);
    const window = (c: number) => Array.from({ length: 2 * CONTEXT_RADIUS + 1 }, (_, i) => `m${c - CONTEXT_RADIUS + i}`);
    const expected = new Set([...window(10), ...window(4)].filter((id) => id !== 'm4'));
    assert.deepEqual(asked, expected);
  });

  it("averages a joined neighbour's vector context over the cosines read", async () => {
    const { store } = stubStore({ m11: 0.5, m12: 0.8 });
    const { vector } = await withConversationContext(store, { userId: 'u' }, [], [{ id: 'm10', rank: 1, score: 0.3 }], new Float32Array([1]), 10);
    // m12 joins through m10; its neighbours within radius are m10, m11 (read) and m13, m14 (not read).
    const m12 = vector.find((c) => c.id === 'm12')!;
    assert.ok(Math.abs(m12.score - (0.8 + CONTEXT_WEIGHT * ((0.3 + 0.5) / 2)) / (1 + CONTEXT_WEIGHT)) < 1e-9);
  });

  it('takes the chains and window cosines from one contextWindows call when the store has it, with the same lists', async () => {
    const cos = { m3: 0.7, m9: 0.4, m11: 0.5, m12: 0.8 };
    const twoReads = stubStore(cos);
    const { store: base, calls } = stubStore(cos);
    let windows = 0;
    const oneRead = Object.assign(Object.create(null) as object, base, {
      async contextWindows(ids: string[], f: unknown, radius: number, w: number, query: { vector: Float32Array; radius: number }) {
        windows++;
        const chains = await base.contextNeighbours!(ids, f as never, radius, w);
        const inWindow = new Set<string>();
        for (const [id, c] of chains) [id, ...c.before.slice(0, query.radius), ...c.after.slice(0, query.radius)].forEach((x) => inWindow.add(x));
        return { chains, cosines: new Map([...inWindow].map((id) => [id, cos[id as keyof typeof cos] ?? 0.1])) };
      },
    }) as MemoryStore;
    const args = [[{ id: 'm10', rank: 1, score: 3 }, { id: 'm2', rank: 2, score: 1 }], [{ id: 'm4', rank: 1, score: 0.9 }, { id: 'm10', rank: 2, score: 0.6 }]] as const;
    const expected = await withConversationContext(twoReads.store, { userId: 'u' }, [...args[0]], [...args[1]], new Float32Array([1]), 10);
    const got = await withConversationContext(oneRead, { userId: 'u' }, [...args[0]], [...args[1]], new Float32Array([1]), 10);
    assert.equal(windows, 1);
    assert.equal(calls.length, 0, 'no vectorSimilarities call');
    assert.deepEqual(got.keyword, expected.keyword);
    assert.deepEqual(got.vector, expected.vector);
    assert.deepEqual(new Map([...got.cosines].sort()), new Map([...expected.cosines].sort()));
  });
});
