/**
 * Auto-linking: word boundaries, case and accents, longest match, speaker metadata, and
 * a name index that follows entity changes (made by this or another Memory on the file).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Memory } from '../memory.js';
import { NameIndex } from './autolink.js';

describe('NameIndex', () => {
  const index = new NameIndex([
    { id: 'zoe', name: 'Zoë Müller', aliases: ['Zo'] },
    { id: 'john', name: 'John', aliases: [] },
    { id: 'js', name: 'John Smith', aliases: [] },
    { id: 'ann', name: 'Ann', aliases: [] },
  ]);
  it('matches on word boundaries, ignoring case and accents, longest name first', () => {
    assert.deepEqual([...index.mentions('zoe muller and ZO went out')], [['zoe', 'name']]);
    assert.deepEqual([...index.mentions('John Smith called')], [['js', 'name']]);
    assert.deepEqual([...index.mentions('John called John Smith')].sort(), [['john', 'name'], ['js', 'name']]);
    assert.deepEqual([...index.mentions('Anna is planning annual leave')], []);
    assert.equal(index.lookup('  JOHN  '), 'john');
  });
});

describe('auto-linking through add', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mnemo-autolink-'));
  const path = join(dir, 'a.sqlite');
  const one = new Memory({ path, embedder: null });
  const two = new Memory({ path, embedder: null });
  after(async () => { await one.close(); await two.close(); rmSync(dir, { recursive: true, force: true }); });
  const u = { userId: 'u' };

  it('links mentions and speakers, and sees entities another Memory created', async () => {
    await one.graph.createEntities([{ name: 'Caroline', type: 'person' }], u);
    const a = (await one.add('Lunch with caroline tomorrow', u)).results[0]!.id;
    assert.deepEqual((await one.graph.linksOfMemory(a, u)).map((l) => [l.entityName, l.reason]), [['Caroline', 'name']]);
    const s = (await one.add([{ role: 'user', content: 'I am tired', name: 'Caroline' }], u)).results[0]!.id;
    assert.deepEqual((await one.graph.linksOfMemory(s, u)).map((l) => l.reason), ['speaker']);
    // Another Memory on the same file adds an alias; the first one's cached index follows.
    await two.graph.createEntities([{ name: 'Caroline', type: 'person', aliases: ['Caro'] }, { name: 'Melanie', type: 'person' }], u);
    const b = (await one.add('Caro and Melanie went hiking', u)).results[0]!.id;
    assert.deepEqual((await one.graph.linksOfMemory(b, u)).map((l) => [l.entityName, l.reason]).sort(), [['Caroline', 'alias'], ['Melanie', 'name']]);
    assert.deepEqual(await one.graph.linksOfMemory(b, { userId: 'other' }), [], 'other users see no links');
  });
});
