/**
 * Issue 11's quality floor, through the public SDK: the LoCoMo dev split stored one
 * memory per dialog turn (session date as the memory's time), every question asked in
 * keyword mode (no embedder, so the test takes seconds; the hybrid floor is checked
 * through MCP in locomo-mcp.test.ts). Measured at the time of writing: recall@5 60.2,
 * @10 71.6 with conversation context, 54.6 / 63.1 without; the floors sit 3-4 points
 * below. Skips with a message when ../shared/bench/locomo/locomo-dev.json is absent.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { defaultLocomoPath, evidenceRecall, loadLocomo, type LocomoConversation } from '../bench/locomo/locomo-dataset.js';
import { Memory } from '../src/index.js';

const DATA = defaultLocomoPath();
const skip = existsSync(DATA) ? false : `LoCoMo dev split not found at ${DATA}; skipping the recall floor`;

describe('LoCoMo dev split recall through the SDK (keyword mode)', { skip }, () => {
  let memory: Memory;
  let conversations: LocomoConversation[] = [];

  before(async () => {
    conversations = loadLocomo(DATA);
    memory = new Memory({ path: ':memory:', embedder: null });
    for (const c of conversations) {
      await memory.add(c.turns.map((t) => ({ role: 'user' as const, content: t.text, timestamp: new Date(t.timestamp), metadata: { dia_id: t.diaId } })), { userId: c.sampleId });
    }
  });
  after(() => memory.close());

  async function recall(context: boolean): Promise<{ r5: number; r10: number }> {
    let r5 = 0;
    let r10 = 0;
    let n = 0;
    for (const c of conversations) {
      for (const q of c.questions) {
        const { results } = await memory.search(q.question, { userId: c.sampleId, limit: 10, mode: 'keyword', context, log: false });
        const ranked = results.map((r) => String(r.metadata['dia_id']));
        r5 += evidenceRecall(q.evidence, ranked, 5);
        r10 += evidenceRecall(q.evidence, ranked, 10);
        n++;
      }
    }
    return { r5: r5 / n, r10: r10 / n };
  }

  it('keeps recall@5 >= 0.57 and recall@10 >= 0.68, above ranking without context', async () => {
    const withContext = await recall(true);
    const without = await recall(false);
    console.log(`LoCoMo dev keyword recall@5/@10: ${withContext.r5.toFixed(3)}/${withContext.r10.toFixed(3)} with context, ${without.r5.toFixed(3)}/${without.r10.toFixed(3)} without`);
    assert.ok(withContext.r5 >= 0.57, `recall@5 ${withContext.r5.toFixed(3)} < 0.57`);
    assert.ok(withContext.r10 >= 0.68, `recall@10 ${withContext.r10.toFixed(3)} < 0.68`);
    assert.ok(withContext.r10 >= without.r10 + 0.05, 'conversation context must add at least 5 points at recall@10');
  });
});
