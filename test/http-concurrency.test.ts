/**
 * Must-show 4 of issue 3: 20 concurrent clients adding and searching against one real
 * `mnemo serve` for 10 seconds — no request fails, and every acknowledged add is stored.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Memory } from '../src/index.js';
import { startServer } from './support/serve-process.js';

const CLIENTS = 20;
const DURATION_MS = 10_000;

describe('mnemo serve under concurrent load', () => {
  it('20 clients add and search for 10 s without errors or lost writes', async (t) => {
    const server = await startServer();
    const acked = new Set<string>();
    const errors: string[] = [];
    let searches = 0;
    try {
      const deadline = Date.now() + DURATION_MS;
      const client = async (n: number) => {
        for (let i = 0; Date.now() < deadline; i++) {
          const add = await fetch(`${server.url}/api/v1/memories`, {
            method: 'POST', headers: { 'content-type': 'application/json', 'x-mnemo-app': `client-${n}` },
            body: JSON.stringify({ text: `client ${n} fact ${i}: likes number ${n * 100_000 + i}`, user_id: 'load' }),
          });
          const body = await add.json() as { id?: string };
          if (add.status !== 201 || !body.id) errors.push(`add ${add.status} ${JSON.stringify(body)}`);
          else acked.add(body.id);
          const search = await fetch(`${server.url}/v1/memories/search/`, {
            method: 'POST', headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: `client ${n} fact`, user_id: 'load' }),
          });
          await search.arrayBuffer();
          if (search.status !== 200) errors.push(`search ${search.status}`);
          searches++;
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
    } finally {
      await server.stop({ keepDb: true });
    }
    t.diagnostic(`${acked.size} adds and ${searches} searches acknowledged in ${DURATION_MS} ms`);
    assert.deepEqual(errors.slice(0, 5), [], `${errors.length} requests failed`);
    assert.ok(acked.size > CLIENTS, `only ${acked.size} adds in ${DURATION_MS} ms`);
    assert.ok(searches > CLIENTS);

    const memory = new Memory({ path: server.db, embedder: null });
    try {
      const stored = new Set<string>();
      for (let offset = 0; ; offset += 1000) {
        const page = await memory.getAll({ userId: 'load', limit: 1000, offset });
        page.results.forEach((m) => stored.add(m.id));
        if (page.results.length < 1000) break;
      }
      const missing = [...acked].filter((id) => !stored.has(id));
      assert.deepEqual(missing, [], 'every acknowledged add is stored');
    } finally {
      await memory.close();
    }
  });
});
