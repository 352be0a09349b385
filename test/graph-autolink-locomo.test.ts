/**
 * Must-show 5 of issue 17: auto-linking on the LoCoMo dev split. The two speakers of each
 * conversation are created as entities first (Melanie with the alias "Mel"), then every
 * dialog turn is added as a memory (its utterance, the speaker in metadata). Each speaker
 * entity then links to exactly that speaker's turns (reason `speaker`), and turns that
 * call Melanie "Mel" link to her by alias, on word boundaries only.
 * Skips with a message when ../shared/bench/locomo/locomo-dev.json is absent.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { defaultLocomoPath, loadLocomo, type LocomoConversation } from '../bench/locomo/locomo-dataset.js';
import { Memory } from '../src/engine/memory.js';

const DATA = defaultLocomoPath();
const skip = existsSync(DATA) ? false : `LoCoMo dev split not found at ${DATA}; skipping the auto-linking test`;

/** The utterance of a formatted turn (`X said, "..."` plus an optional image caption). */
const utterance = (text: string): string => /^.*? said, "([\s\S]*)"( and shared [\s\S]*)?$/.exec(text)?.[1] ?? text;

describe('auto-linking on LoCoMo', { skip }, () => {
  let memory: Memory;
  let conversations: LocomoConversation[] = [];
  const turnsBy = new Map<string, Map<string, Set<string>>>(); // user -> speaker -> memory ids
  const textOf = new Map<string, string>();

  before(async () => {
    memory = new Memory({ path: ':memory:', embedder: null, categorizer: null });
    conversations = loadLocomo(DATA);
    for (const c of conversations) {
      const speakers = [...new Set(c.turns.map((t) => t.speaker))];
      await memory.graph.createEntities(speakers.map((name) => ({ name, type: 'person', aliases: name === 'Melanie' ? ['Mel'] : [] })), { userId: c.sampleId });
      const by = new Map(speakers.map((s) => [s, new Set<string>()]));
      turnsBy.set(c.sampleId, by);
      for (const t of c.turns) {
        const text = utterance(t.text);
        const res = await memory.add(text, { userId: c.sampleId, timestamp: t.timestamp, metadata: { speaker: t.speaker, dia_id: t.diaId } });
        for (const e of res.results) if (e.event === 'ADD') { by.get(t.speaker)!.add(e.id); textOf.set(e.id, text); }
      }
    }
  });
  after(async () => { await memory.close(); });

  it('links each speaker entity to exactly that speaker\'s turns', async () => {
    for (const c of conversations) {
      const { rows } = await memory.graph.listEntities({ userId: c.sampleId });
      assert.equal(rows.length, 2);
      for (const e of rows) {
        const links = await memory.graph.links(e.id, { userId: c.sampleId, limit: 1_000 });
        const spoken = new Set(links.rows.filter((l) => l.reason === 'speaker').map((l) => l.memoryId));
        const expected = turnsBy.get(c.sampleId)!.get(e.name)!;
        assert.ok(expected.size > 100, `${c.sampleId}/${e.name}: ${expected.size} turns`);
        assert.deepEqual([...spoken].sort(), [...expected].sort(), `${c.sampleId}/${e.name}: speaker links`);
        console.log(`${c.sampleId} ${e.name}: ${spoken.size} turns spoken, ${links.total - spoken.size} mentions`);
      }
    }
  });

  it('links a turn that mentions an entity by alias, on word boundaries only', async () => {
    const mel = (await memory.graph.listEntities({ userId: 'conv-26', contains: 'melanie' })).rows[0];
    assert.ok(mel, 'conv-26 has Melanie');
    const links = (await memory.graph.links(mel.id, { userId: 'conv-26', limit: 1_000 })).rows;
    const byAlias = links.filter((l) => l.reason === 'alias').map((l) => l.memoryId);
    const callsHerMel = [...turnsBy.get('conv-26')!.get('Caroline')!].filter((id) => /\bMel\b/i.test(textOf.get(id)!));
    assert.ok(callsHerMel.length >= 10, `${callsHerMel.length} of Caroline's turns say "Mel"`);
    for (const id of callsHerMel) assert.ok(byAlias.includes(id) || links.some((l) => l.memoryId === id && l.reason === 'name'), `turn "${textOf.get(id)}" links to Melanie`);
    for (const id of byAlias) assert.match(textOf.get(id)!, /\bMel\b/i, 'no partial-word match (Melody, caramel)');
    const why = await memory.graph.linksOfMemory(callsHerMel[0]!, { userId: 'conv-26' });
    assert.deepEqual(why.map((l) => [l.entityName, l.reason]).sort(), [['Caroline', 'speaker'], ['Melanie', 'alias']]);
  });
});
