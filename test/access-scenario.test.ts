/**
 * Issue 8, must-show 4: one access scenario, the same visibility through every surface.
 * User alice has a work memory and a health memory; app `denyall` has a deny-all rule,
 * `paused` is paused, `workonly` may read only the `work` category, `open` has no rules.
 * Through the SDK (a scoped handle), the REST API and the mem0 API (`X-Mnemo-App`), and
 * every read tool of MCP over stdio and over HTTP (the client name is the app), each app
 * lists, searches, gets by id and reads the history of exactly the memories it may see
 * (`memory_history` once leaked text a deny-all rule hides). The write tools cannot touch
 * a hidden memory, and a paused app cannot write.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Memory } from '../src/index.js';
import { callTool, connectStdio, type StdioSession } from './support/mcp-stdio.js';
import { startServer, type TestServer } from './support/serve-process.js';

const WORK = 'Project Zephyr ships in March';
const HEALTH = 'I am allergic to penicillin';
const APPS = ['denyall', 'paused', 'workonly', 'open'] as const;
type App = typeof APPS[number];
const EXPECTED: Record<App, string[]> = { denyall: [], paused: [], workonly: [WORK], open: [HEALTH, WORK].sort() };

/** What one app sees: listed, found by search, got by id, and whose history it can read. */
interface View { list: string[]; search: string[]; get: string[]; history: string[] }
const expectedView = (app: App): View => ({ list: EXPECTED[app], search: EXPECTED[app], get: EXPECTED[app], history: EXPECTED[app] });

describe('one access scenario through every surface', { timeout: 240_000 }, () => {
  let server: TestServer;
  let sdk: Memory;
  const ids: Record<string, string> = {};

  before(async () => {
    server = await startServer();
    sdk = new Memory({ path: server.db, embedder: null });
    for (const [text, category] of [[WORK, 'work'], [HEALTH, 'health']] as const) {
      const { results } = await sdk.add(text, { userId: 'alice', categories: [category] });
      ids[text] = results[0]!.id;
    }
    await sdk.rules.add('alice', { app: 'denyall', effect: 'deny', objectType: 'all' });
    await sdk.rules.add('alice', { app: 'workonly', effect: 'allow', objectType: 'category', objectId: 'work' });
    await sdk.apps.setActive('alice', 'paused', false);
  });

  after(async () => {
    await sdk?.close();
    await server?.stop();
  });

  /** Collects a view from per-id probes that resolve true (visible) or false. */
  const collect = async (list: () => Promise<string[]>, search: (word: string) => Promise<string[]>,
    get: (id: string) => Promise<boolean>, history: (id: string) => Promise<boolean>): Promise<View> => {
    const probe = async (f: (id: string) => Promise<boolean>) =>
      (await Promise.all(Object.entries(ids).map(async ([text, id]) => ((await f(id).catch(() => false)) ? [text] : [])))).flat().sort();
    const found = [...await search('Zephyr').catch(() => []), ...await search('penicillin').catch(() => [])];
    return { list: (await list().catch(() => [])).sort(), search: [...new Set(found)].sort(), get: await probe(get), history: await probe(history) };
  };

  it('the SDK (memory.as) shows each app what it may see', async () => {
    for (const app of APPS) {
      const me = sdk.as({ userId: 'alice', app });
      const view = await collect(
        async () => (await me.getAll()).results.map((m) => m.memory),
        async (word) => (await me.search(word, { mode: 'keyword' })).results.map((m) => m.memory),
        async (id) => !!(await me.get(id)),
        async (id) => (await me.history(id)).length > 0,
      );
      assert.deepEqual(view, expectedView(app), `SDK as ${app}`);
    }
  });

  it('REST and mem0 (X-Mnemo-App) show each app the same', async () => {
    for (const app of APPS) {
      const headers = { 'x-mnemo-app': app, 'content-type': 'application/json' };
      const json = async (path: string, init: RequestInit = {}) => {
        const res = await fetch(`${server.url}${path}`, { ...init, headers });
        if (!res.ok) throw new Error(`${res.status}`);
        return res.json() as Promise<any>;
      };
      const rest = await collect(
        async () => (await json('/api/v1/memories?user_id=alice')).items.map((m: any) => m.content),
        async (word) => (await json(`/api/v1/memories?user_id=alice&search_query=${word}`)).items.map((m: any) => m.content),
        async (id) => !!(await json(`/api/v1/memories/${id}?user_id=alice`)),
        async (id) => (await json(`/api/v1/memories/${id}/history?user_id=alice`)) !== null,
      );
      assert.deepEqual(rest, expectedView(app), `REST as ${app}`);
      const mem0 = await collect(
        async () => (await json('/v1/memories/?user_id=alice')).map((m: any) => m.memory),
        async (word) => {
          const body = await json('/v1/memories/search/', { method: 'POST', body: JSON.stringify({ query: word, user_id: 'alice' }) });
          return (Array.isArray(body) ? body : body.results).map((m: any) => m.memory);
        },
        async (id) => !!(await json(`/v1/memories/${id}/?user_id=alice`)),
        async (id) => (await json(`/v1/memories/${id}/history/?user_id=alice`)).length > 0,
      );
      assert.deepEqual(mem0, expectedView(app), `mem0 as ${app}`);
    }
  });

  /** The view of one MCP client, and what its write tools can do to hidden memories. */
  const mcpView = async (client: Client, app: App, where: string) => {
    const call = async (name: string, args: Record<string, unknown>) => {
      const r = await callTool(client, name, args);
      const text = (r.content[0] as { text: string }).text;
      if (r.isError) throw new Error(text);
      return JSON.parse(text);
    };
    const view = await collect(
      async () => (await call('list_memories', {})).results.map((m: any) => m.memory),
      async (word) => (await call('search_memory', { query: word, mode: 'keyword' })).results.map((m: any) => m.memory),
      async (id) => (await call('get_memory', { memory_id: id })).memory !== undefined,
      async (id) => (await call('memory_history', { memory_id: id })).history.length > 0,
    );
    assert.deepEqual(view, expectedView(app), `${where} as ${app}`);
    for (const [text, id] of Object.entries(ids)) {
      if (EXPECTED[app].includes(text)) continue;
      await assert.rejects(call('update_memory', { memory_id: id, text: `${text} (changed by ${app})` }), /NOT_FOUND|FORBIDDEN/, `${where}: ${app} updated a hidden memory`);
      const deleted = await call('delete_memories', { memory_ids: [id] }).catch((e: Error) => e.message);
      assert.ok(typeof deleted === 'string' ? /NOT_FOUND|FORBIDDEN/.test(deleted) : JSON.stringify(deleted).includes('NOT_FOUND') || !JSON.stringify(deleted).includes(id) || /not_found|missing/i.test(JSON.stringify(deleted)),
        `${where}: ${app} deleted a hidden memory: ${JSON.stringify(deleted)}`);
    }
    if (app === 'paused') await assert.rejects(call('add_memories', { text: 'written by a paused app' }), /FORBIDDEN/);
    if (app === 'denyall') assert.equal((await call('delete_all_memories', {})).deleted, 0);
    const all = (await sdk.getAll({ userId: 'alice', log: false })).results.map((m) => m.memory).sort();
    assert.deepEqual(all, [HEALTH, WORK].sort(), `${where}: ${app} changed memories it cannot see`);
  };

  it('every MCP tool over stdio shows each app the same', async () => {
    for (const app of APPS) {
      const session: StdioSession = await connectStdio(server.db, 'alice', { clientName: app, extraArgs: ['--embeddings', 'none'] });
      try {
        await mcpView(session.client, app, 'MCP stdio');
      } finally {
        await session.close();
      }
    }
  });

  it('every MCP tool over HTTP shows each app the same', async () => {
    for (const app of APPS) {
      const client = new Client({ name: app, version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp/${app}/http/alice`)));
      try {
        await mcpView(client, app, 'MCP HTTP');
      } finally {
        await client.close();
      }
    }
  });
});
