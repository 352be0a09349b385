/**
 * `threshold` on every surface (issue 11): the SDK's `search`, REST
 * `GET/POST /api/v1/memories/search`, mem0's `POST /v2/memories/search/` and the MCP
 * `search_memory` tool keep only hits whose calibrated score is at or above it (a prefix
 * of the ranking), and refuse NaN, values outside [0, 1] and non-numbers with a message
 * naming `threshold`, storing nothing and changing nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { MnemoError } from '../src/core/errors.js';
import { createMcpServer } from '../src/mcp/server.js';
import { harness, type Json } from './support/http-harness.js';

const FACTS = [
  'I prefer window seats on long flights',
  'Window cleaning every spring',
  'Green tea every morning before work',
  'Our billing service runs on PostgreSQL 16',
  'My daughter is allergic to peanuts',
];

describe('search threshold', () => {
  const h = harness();
  const mcp = new Client({ name: 'threshold-test', version: '1.0.0' });
  let scores: number[] = [];
  let cut = 0;

  before(async () => {
    for (const text of FACTS) await h.call('POST', '/api/v1/memories', { text });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await createMcpServer(h.memory, { userId: 'alice' }).connect(serverSide);
    await mcp.connect(clientSide);
    scores = (await h.memory.search('window seats on flights', { userId: 'alice' })).results.map((r) => r.score);
    assert.ok(scores.length >= 2 && scores[0]! > scores[1]!, `a ranking with a gap: ${scores.join(', ')}`);
    cut = (scores[0]! + scores[1]!) / 2;
  });
  after(async () => {
    await mcp.close();
    await h.memory.close();
  });

  it('scores are probabilities that never rise down the list', () => {
    for (const [i, s] of scores.entries()) {
      assert.ok(s >= 0 && s <= 1, `${s}`);
      if (i > 0) assert.ok(s <= scores[i - 1]!);
    }
  });

  it('the SDK keeps the hits at or above the threshold', async () => {
    const { results } = await h.memory.search('window seats on flights', { userId: 'alice', threshold: cut });
    assert.deepEqual(results.map((r) => r.memory), ['I prefer window seats on long flights']);
    assert.equal((await h.memory.search('window seats on flights', { userId: 'alice', threshold: 0 })).results.length, scores.length);
  });

  it('REST and mem0 keep the hits at or above the threshold', async () => {
    const get = await h.call('GET', `/api/v1/memories/search?q=window+seats+on+flights&threshold=${cut}`);
    assert.equal(get.status, 200, get.text);
    assert.deepEqual(get.body.results.map((r: Json) => r.content), ['I prefer window seats on long flights']);
    const post = await h.call('POST', '/api/v1/memories/search', { query: 'window seats on flights', threshold: cut });
    assert.deepEqual(post.body.results.map((r: Json) => r.content), ['I prefer window seats on long flights']);
    const mem0 = await h.call('POST', '/v2/memories/search/', { query: 'window seats on flights', filters: { user_id: 'alice' }, threshold: cut });
    assert.equal(mem0.status, 200, mem0.text);
    assert.deepEqual(mem0.body.map((r: Json) => r.memory), ['I prefer window seats on long flights']);
  });

  it('the MCP search_memory tool keeps the hits at or above the threshold', async () => {
    const res = await mcp.callTool({ name: 'search_memory', arguments: { query: 'window seats on flights', threshold: cut } });
    const text = (res.content as Array<{ text: string }>)[0]!.text;
    assert.ok(!res.isError, text);
    const body = JSON.parse(text) as { results: Array<{ memory: string; score: number }> };
    assert.deepEqual(body.results.map((r) => r.memory), ['I prefer window seats on long flights']);
    assert.ok(body.results.every((r) => r.score >= cut - 1e-4));
  });

  it('refuses bad thresholds on every surface with a message naming threshold', async () => {
    const bad: unknown[] = [Number.NaN, -0.1, 1.5, Number.POSITIVE_INFINITY, '0.5', 'high', null, true];
    for (const threshold of bad) {
      await assert.rejects(
        h.memory.search('window', { userId: 'alice', threshold: threshold as number }),
        (e: unknown) => e instanceof MnemoError && e.code === 'INVALID_INPUT' && /threshold/.test(e.message),
        `SDK ${String(threshold)}`,
      );
    }
    for (const q of ['abc', 'NaN', '-1', '2', '', 'Infinity']) {
      const res = await h.call('GET', `/api/v1/memories/search?q=window&threshold=${encodeURIComponent(q)}`);
      assert.equal(res.status, 400, `GET threshold=${q}: ${res.text}`);
      assert.match(res.text, /threshold/);
    }
    for (const threshold of ['high', -1, 2, true]) {
      const res = await h.call('POST', '/api/v1/memories/search', { query: 'window', threshold });
      assert.equal(res.status, 400, `POST ${String(threshold)}: ${res.text}`);
      assert.match(res.text, /threshold/);
      const mem0 = await h.call('POST', '/v2/memories/search/', { query: 'window', filters: { user_id: 'alice' }, threshold });
      assert.equal(mem0.status, 400, `mem0 ${String(threshold)}: ${mem0.text}`);
      assert.match(mem0.text, /threshold/);
    }
    for (const threshold of [-1, 2, 'high']) {
      const res = await mcp.callTool({ name: 'search_memory', arguments: { query: 'window', threshold } });
      assert.equal(res.isError, true, `MCP ${String(threshold)}`);
      assert.match((res.content as Array<{ text: string }>)[0]!.text, /threshold/);
    }
    assert.equal((await h.memory.getAll({ userId: 'alice' })).total, FACTS.length, 'nothing stored or changed');
  });
});
