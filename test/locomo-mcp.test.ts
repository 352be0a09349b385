/**
 * Must-show 2 of issue 2: the LoCoMo conversations are ingested through the MCP tools,
 * one memory per dialog turn with the session date as its time and the speaker in
 * metadata, and the questions are asked through `search_memory`; mean evidence
 * recall@10 over all questions (categories 1-5) must be at least 0.70 in hybrid mode (issue 11: `bench locomo` 0.766 at limit 50, 0.765 at limit 10; 0.655 before conversation context).
 * Skips with a message when ../shared/bench/locomo/locomo-dev.json is absent.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultLocomoPath, evidenceRecall, loadLocomo, type LocomoConversation } from '../bench/locomo/locomo-dataset.js';
import { tempDir } from './support/cli-path.js';
import { callJson, connectStdio, type StdioSession } from './support/mcp-stdio.js';

const DATA = defaultLocomoPath();
const skip = existsSync(DATA) ? false : `LoCoMo dev split not found at ${DATA}; skipping the recall test`;

describe('LoCoMo through the MCP tools', { skip }, () => {
  const tmp = tempDir();
  const sessions = new Map<string, StdioSession>();
  let conversations: LocomoConversation[] = [];

  before(async () => {
    conversations = loadLocomo(DATA);
    for (const c of conversations) {
      // Each conversation is its own user, as each conversation is its own memory in the paper's setup.
      sessions.set(c.sampleId, await connectStdio(join(tmp.dir, 'locomo.sqlite'), c.sampleId, { clientName: 'locomo-test' }));
    }
  });
  after(async () => {
    for (const s of sessions.values()) await s.close();
    tmp.cleanup();
  });

  it('ingests every dialog turn as one memory with its session date and speaker', async () => {
    for (const c of conversations) {
      const client = sessions.get(c.sampleId)!.client;
      for (const t of c.turns) {
        const res = await callJson(client, 'add_memories', {
          text: t.text,
          timestamp: new Date(t.timestamp).toISOString(),
          metadata: { dia_id: t.diaId, speaker: t.speaker, session: t.session },
        });
        assert.equal(res.results.length, 1);
      }
      const page = await callJson(client, 'list_memories', { limit: 1 });
      // A few turns repeat verbatim (e.g. "Thanks!") and are stored once, by design.
      assert.ok(page.total >= c.turns.length * 0.97, `${c.sampleId}: ${page.total} of ${c.turns.length} turns stored`);
    }
  });

  it('recalls evidence with mean recall@10 >= 0.70 in hybrid mode', async () => {
    let sum = 0;
    let n = 0;
    for (const c of conversations) {
      const client = sessions.get(c.sampleId)!.client;
      for (const q of c.questions) {
        const res = await callJson(client, 'search_memory', { query: q.question, limit: 10 });
        assert.equal(res.notice, undefined, 'hybrid search must not be degraded');
        sum += evidenceRecall(q.evidence, res.results.map((r: { metadata: { dia_id: string } }) => r.metadata.dia_id), 10);
        n++;
      }
    }
    const recall = sum / n;
    console.log(`LoCoMo dev (${n} questions) hybrid recall@10 via MCP: ${recall.toFixed(3)}`);
    assert.ok(recall >= 0.70, `recall@10 ${recall.toFixed(3)} < 0.70`);
  });
});
