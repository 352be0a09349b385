/**
 * Issue 15, cold start of `mnemo mcp` seen by a real client (the official SDK client over
 * stdio): right after spawn it answers `initialize`, `tools/list` and a search, and every
 * search result names the mode that answered. A search made while the model still loads
 * in the background says so (`mode: "keyword"` and a notice) and returns the keyword
 * ranking; searches answer in hybrid mode, without a notice, once the model is loaded.
 * Whether the first search beats the model load depends on the machine, so both outcomes
 * are checked for honesty; the in-process test (src/mcp/tools/search-memory.test.ts)
 * holds the load open to check the keyword answer deterministically.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Memory } from '../src/index.js';
import { tempDir } from './support/cli-path.js';
import { callJson, connectStdio } from './support/mcp-stdio.js';

interface Found { results: Array<{ memory: string }>; mode: string; notice?: string }

describe('mnemo mcp cold start', () => {
  const tmp = tempDir();
  const db = join(tmp.dir, 'm.sqlite');
  before(async () => {
    const seed = new Memory({ path: db, dedupe: { enabled: false } });
    await seed.add(['Alice is allergic to peanuts', 'Alice drinks green tea every morning', 'The team meets on Tuesdays'], { userId: 'alice' });
    await seed.close();
  });
  after(() => tmp.cleanup());

  it('answers initialize, tools/list and a search right after spawn, saying which mode answered', async () => {
    const session = await connectStdio(db, 'alice');
    try {
      assert.equal(session.client.getServerVersion()?.name, 'mnemo');
      const { tools } = await session.client.listTools();
      assert.ok(tools.some((t) => t.name === 'search_memory'));
      const first = await callJson<Found>(session.client, 'search_memory', { query: 'peanuts allergy', limit: 2 });
      assert.equal(first.results[0]?.memory, 'Alice is allergic to peanuts');
      if (first.mode === 'keyword') {
        assert.match(first.notice ?? '', /model is still loading/);
        const keyword = await callJson<Found>(session.client, 'search_memory', { query: 'peanuts allergy', limit: 2, mode: 'keyword' });
        assert.deepEqual(first.results, keyword.results);
      } else {
        assert.equal(first.mode, 'hybrid');
        assert.equal(first.notice, undefined);
      }
      // The model finishes loading in the background; then searches are hybrid.
      let later: Found;
      const deadline = Date.now() + 60_000;
      do {
        later = await callJson<Found>(session.client, 'search_memory', { query: 'what does Alice drink?', limit: 1 });
        if (later.mode !== 'hybrid') await new Promise((r) => setTimeout(r, 50));
      } while (later.mode !== 'hybrid' && Date.now() < deadline);
      assert.equal(later.mode, 'hybrid');
      assert.equal(later.notice, undefined);
      assert.equal(later.results[0]?.memory, 'Alice drinks green tea every morning');
    } finally {
      await session.close();
    }
  });

  it('with --wait-for-model answers the first search in hybrid mode', async () => {
    const session = await connectStdio(db, 'alice', { extraArgs: ['--wait-for-model'] });
    try {
      const first = await callJson<Found>(session.client, 'search_memory', { query: 'what does Alice drink?', limit: 1 });
      assert.equal(first.mode, 'hybrid');
      assert.equal(first.notice, undefined);
      assert.equal(first.results[0]?.memory, 'Alice drinks green tea every morning');
    } finally {
      await session.close();
    }
  });
});
