/**
 * `search_memory` while the embedding model loads in the background (issue 15): a hybrid
 * search made then is answered from keyword search and says so (`mode: "keyword"`, a
 * notice); once the model is loaded the same search answers in hybrid mode without a
 * notice; an explicit vector search waits for the model; with `keywordWhileModelLoads:
 * false` hybrid searches wait too. The model's load is held open by a gate, so the test
 * does not depend on how fast the machine loads it. Real engine, real SQLite file, real
 * USE Lite model, the official SDK client linked in-process.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Embedder, Vector } from '../../embedding/embedder.js';
import { UseLiteEmbedder } from '../../embedding/local/use-lite-embedder.js';
import { Memory } from '../../engine/memory.js';
import { createMcpServer } from '../server.js';

/** The real model, whose `warm` resolves only after `open()` is called. */
class GatedEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  private release!: () => void;
  private readonly gate = new Promise<void>((resolve) => { this.release = resolve; });
  constructor(private readonly inner: UseLiteEmbedder) {
    this.id = inner.id;
    this.dimensions = inner.dimensions;
  }
  embed(texts: string[]): Promise<Vector[]> { return this.inner.embed(texts); }
  async warm(): Promise<void> {
    await this.gate;
    await this.inner.warm();
  }
  open(): void { this.release(); }
}

const model = new UseLiteEmbedder();
after(() => model.close());

async function connect(memory: Memory, keywordWhileModelLoads?: boolean): Promise<Client> {
  const server = createMcpServer(memory, { userId: 'u', ...(keywordWhileModelLoads === undefined ? {} : { keywordWhileModelLoads }) });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(clientSide);
  return client;
}

async function search(client: Client, args: Record<string, unknown>): Promise<{ results: Array<{ memory: string }>; mode: string; notice?: string }> {
  const res = await client.callTool({ name: 'search_memory', arguments: args });
  const text = (res.content as Array<{ text: string }>)[0]!.text;
  assert.ok(!res.isError, text);
  return JSON.parse(text);
}

describe('search_memory while the model loads', () => {
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mnemo-mcp-warm-'));
    const seed = new Memory({ path: join(dir, 'm.sqlite'), embedder: model, dedupe: { enabled: false } });
    await seed.add(['Alice is allergic to peanuts', 'Alice drinks green tea every morning', 'The team meets on Tuesdays'], { userId: 'u' });
    await seed.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('answers from keyword search with a notice, then in hybrid mode once the model is loaded', async () => {
    const gated = new GatedEmbedder(model);
    const memory = new Memory({ path: join(dir, 'm.sqlite'), embedder: gated });
    try {
      const warming = memory.warmUp();
      const client = await connect(memory);
      assert.equal(memory.model.state, 'loading');
      const early = await search(client, { query: 'peanuts allergy', limit: 2 });
      assert.equal(early.mode, 'keyword');
      assert.match(early.notice ?? '', /model is still loading.*keyword search only/);
      assert.equal(early.results[0]?.memory, 'Alice is allergic to peanuts');
      const keyword = await search(client, { query: 'peanuts allergy', limit: 2, mode: 'keyword' });
      assert.deepEqual(early.results, keyword.results, 'the early answer is the keyword ranking');
      assert.equal(keyword.notice, undefined);

      // An explicit vector search waits for the model rather than changing mode.
      const vector = search(client, { query: 'what does Alice drink?', limit: 1, mode: 'vector' });
      gated.open();
      await warming;
      assert.equal(memory.model.state, 'ready');
      const v = await vector;
      assert.equal(v.mode, 'vector');
      assert.equal(v.results[0]?.memory, 'Alice drinks green tea every morning');

      const later = await search(client, { query: 'what does Alice drink?', limit: 1 });
      assert.equal(later.mode, 'hybrid');
      assert.equal(later.notice, undefined);
      assert.equal(later.results[0]?.memory, 'Alice drinks green tea every morning');
      await client.close();
    } finally {
      await memory.close();
    }
  });

  it('waits for the model instead when keywordWhileModelLoads is false', async () => {
    const gated = new GatedEmbedder(model);
    const memory = new Memory({ path: join(dir, 'm.sqlite'), embedder: gated });
    try {
      void memory.warmUp();
      const client = await connect(memory, false);
      const res = await search(client, { query: 'what does Alice drink?', limit: 1 });
      assert.equal(memory.model.state, 'loading', 'answered while the warm-up was still held');
      assert.equal(res.mode, 'hybrid');
      assert.equal(res.notice, undefined);
      gated.open();
      await client.close();
    } finally {
      await memory.close();
    }
  });
});
