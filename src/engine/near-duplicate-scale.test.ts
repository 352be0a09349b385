/**
 * Near-duplicate detection among thousands of memories that share most of their words
 * (issue 15: the lookup reads only rare terms' rows): a restatement still updates the
 * memory it restates, a changed detail or a negation is still a new memory, and search
 * reads logged by the engine are in the access log the moment it is read.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Memory } from './memory.js';
import { trigramEmbedder } from '../../test/support/trigram-embedder.js';

const trigrams = trigramEmbedder('test:trigram-64');

const PETS = ['greyhound', 'beagle', 'terrier', 'poodle', 'collie', 'spaniel'];
const CITIES = ['Lisbon', 'Porto', 'Madrid', 'Seville', 'Valencia', 'Bilbao', 'Granada'];
const filler = (i: number) => `My sister Priya adopted a rescue ${PETS[i % PETS.length]} named Dog${i} in ${CITIES[i % CITIES.length]}`;

describe('near-duplicates among thousands of similar memories', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mnemo-neardup-scale-'));
  const path = join(dir, 'memory.sqlite');
  let memory: Memory;
  let target: string;
  let common: string;

  before(async () => {
    const fill = new Memory({ path, embedder: trigrams, categorizer: null, dedupe: { enabled: false } });
    for (let i = 0; i < 3_000; i += 500) {
      await fill.add(Array.from({ length: 500 }, (_, j) => ({ role: 'user' as const, content: filler(i + j) })), { userId: 'u' });
    }
    target = (await fill.add('My sister Priya adopted a rescue greyhound named Biscuit in Lisbon', { userId: 'u' })).results[0]!.id;
    // Only words thousands of memories hold (no rare word at all).
    common = (await fill.add('My sister Priya adopted a rescue beagle in Porto', { userId: 'u' })).results[0]!.id;
    await fill.close();
    memory = new Memory({ path, embedder: trigrams, categorizer: null });
  });
  after(async () => {
    await memory.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('updates the memory a restatement restates', async () => {
    const result = await memory.add('My sister Priya adopted a rescue greyhound named Biscuit in Lisbon, Portugal', { userId: 'u' });
    assert.deepEqual(result.results.map((r) => [r.event, r.id]), [['UPDATE', target]]);
  });

  it('updates a memory made only of common words when restated with filler', async () => {
    const result = await memory.add('My sister Priya really adopted a rescue beagle in Porto', { userId: 'u' });
    assert.deepEqual(result.results.map((r) => [r.event, r.id]), [['UPDATE', common]]);
  });

  it('adds a changed detail or a negation as a new memory', async () => {
    const swapped = await memory.add('My sister Priya adopted a rescue greyhound named Biscuit in Madrid', { userId: 'u' });
    assert.equal(swapped.results[0]!.event, 'ADD');
    const negated = await memory.add('My sister Priya never adopted a rescue greyhound named Biscuit in Lisbon, Portugal', { userId: 'u' });
    assert.equal(negated.results[0]!.event, 'ADD');
  });

  it('keeps other scopes apart: the same text for an agent is new', async () => {
    const result = await memory.add('My sister Priya adopted a rescue greyhound named Biscuit in Lisbon, Portugal', { userId: 'u', agentId: 'helper' });
    assert.equal(result.results[0]!.event, 'ADD');
  });

  it('has the reads of a search in the access log when the log is read right after', async () => {
    const hits = await memory.search('greyhound Biscuit Lisbon', { userId: 'u', mode: 'keyword', limit: 3 });
    assert.ok(hits.results.length > 0);
    const log = await memory.accessLog(hits.results[0]!.id, { userId: 'u' });
    assert.ok(log.rows.some((e) => e.action === 'search' && e.query === 'greyhound Biscuit Lisbon'), JSON.stringify(log));
  });
});
