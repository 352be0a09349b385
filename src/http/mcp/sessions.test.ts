/**
 * MCP HTTP session limits, in-process through the real Streamable HTTP transport: the
 * per-user and total caps close the least recently seen session (its id then answers
 * 404), and a session idle past the expiry is closed by the sweep.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Memory } from '../../engine/memory.js';
import { createHttpApp } from '../app.js';
import { McpSessions } from './sessions.js';

const INIT = {
  jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1' } },
};
const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

function setup(options: ConstructorParameters<typeof McpSessions>[0]) {
  const memory = new Memory({ path: ':memory:', embedder: null });
  const sessions = new McpSessions(options);
  const app = createHttpApp({ memory, auth: { required: false } }, { mcpSessions: sessions, log: () => {} });
  const open = async (user: string): Promise<string> => {
    const res = await app.request(`/mcp/test/http/${user}`, { method: 'POST', headers: HEADERS, body: JSON.stringify(INIT) });
    assert.equal(res.status, 200);
    await res.body?.cancel();
    return res.headers.get('mcp-session-id')!;
  };
  /** Status of a request on session `id` of `user` (202 live, 404 closed). */
  const ping = async (user: string, id: string): Promise<number> => {
    const res = await app.request(`/mcp/test/http/${user}`, {
      method: 'POST', headers: { ...HEADERS, 'mcp-session-id': id, 'mcp-protocol-version': '2025-06-18' },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    });
    await res.body?.cancel();
    return res.status;
  };
  const close = async () => { await sessions.closeAll(); await memory.close(); };
  return { sessions, open, ping, close };
}

describe('MCP HTTP sessions', () => {
  it('caps sessions per user, closing the least recently seen', async () => {
    const t = setup({ maxPerUser: 2, maxTotal: 100 });
    try {
      const a1 = await t.open('alice');
      const a2 = await t.open('alice');
      assert.equal(await t.ping('alice', a1), 202); // a1 is now the most recently seen
      const a3 = await t.open('alice');
      assert.equal(t.sessions.countOf('alice'), 2);
      assert.equal(await t.ping('alice', a2), 404, 'the least recently seen session was closed');
      assert.equal(await t.ping('alice', a1), 202);
      assert.equal(await t.ping('alice', a3), 202);
      const b1 = await t.open('bob');
      assert.equal(await t.ping('bob', b1), 202, 'another user is not affected by alice\'s cap');
    } finally {
      await t.close();
    }
  });

  it('caps sessions in all', async () => {
    const t = setup({ maxPerUser: 10, maxTotal: 3 });
    try {
      const ids = [];
      for (const user of ['u1', 'u2', 'u3', 'u4', 'u5']) ids.push([user, await t.open(user)] as const);
      assert.equal(t.sessions.size, 3);
      assert.equal(await t.ping(ids[0]![0], ids[0]![1]), 404);
      assert.equal(await t.ping(ids[1]![0], ids[1]![1]), 404);
      assert.equal(await t.ping(ids[4]![0], ids[4]![1]), 202);
    } finally {
      await t.close();
    }
  });

  it('closes sessions idle past the expiry', async () => {
    const t = setup({ idleMs: 150, sweepMs: 25 });
    try {
      const id = await t.open('alice');
      assert.equal(await t.ping('alice', id), 202);
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(t.sessions.size, 0);
      assert.equal(await t.ping('alice', id), 404);
    } finally {
      await t.close();
    }
  });
});
