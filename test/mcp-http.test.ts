/**
 * MCP over HTTP with the real SDK client: Streamable HTTP at
 * `/mcp/{client_name}/http/{user_id}`, legacy SSE at `/mcp/{client_name}/sse/{user_id}`,
 * and `/mcp` (identity from the API key, app from `clientInfo.name`). Tools are listed
 * and called; the access log (REST `/api/v1/memories/{id}/access-log`) shows the route's
 * client name as the app; a session id is useless on another user's route.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { startServer, type TestServer } from './support/serve-process.js';

const TOOLS = ['add_memories', 'delete_all_memories', 'delete_memories', 'get_memory', 'list_memories', 'memory_history', 'search_memory', 'update_memory'];

let server: TestServer;
let aliceKey: string;
before(async () => {
  server = await startServer(["--auth"]);
  aliceKey = await server.key('alice');
});
after(() => server.stop());

const auth = () => ({ Authorization: `Token ${aliceKey}` });

async function connect(transport: Transport, name: string): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** The text of a tool result, parsed as JSON; fails on `isError`. */
async function call(client: Client, name: string, args: Record<string, unknown>): Promise<any> {
  const result = await client.callTool({ name, arguments: args });
  const text = (result.content as Array<{ type: string; text: string }>)[0]!.text;
  assert.ok(!result.isError, `${name} failed: ${text}`);
  return JSON.parse(text);
}

/** Apps in the access log of memory `id`, via the REST API. */
async function readersOf(id: string): Promise<string[]> {
  const res = await fetch(`${server.url}/api/v1/memories/${id}/access-log`, { headers: auth() });
  assert.equal(res.status, 200, await res.clone().text());
  const body = await res.json() as { logs: Array<Record<string, unknown>> };
  return body.logs.map((l) => String(l.app_name ?? l.app));
}

test('Streamable HTTP: tools listed and called; the app is client_name', async () => {
  const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/mcp/cursor/http/alice`), { requestInit: { headers: auth() } });
  const client = await connect(transport, 'some-ide');
  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((t) => t.name).sort(), TOOLS);
  const added = await call(client, 'add_memories', { text: 'Alice prefers dark roast coffee' });
  const id = added.results[0].id as string;
  const found = await call(client, 'search_memory', { query: 'dark roast coffee' });
  assert.ok(JSON.stringify(found).includes(id), 'search finds the memory added over HTTP');
  assert.ok((await readersOf(id)).includes('cursor'));

  // The session id does not work on another user's route.
  const res = await fetch(`${server.url}/mcp/cursor/http/bob`, {
    method: 'POST',
    headers: { ...auth(), 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': transport.sessionId! },
    body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
  });
  assert.equal(res.status, 403, 'a key for alice cannot open bob\'s route');
  await transport.terminateSession();
  await client.close();
});

test('legacy SSE: tools listed and called; the app is client_name', async () => {
  // requestInit headers go on the event stream's GET and on every POST.
  const transport = new SSEClientTransport(new URL(`${server.url}/mcp/claude/sse/alice`), { requestInit: { headers: auth() } });
  const client = await connect(transport, 'claude-desktop');
  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((t) => t.name).sort(), TOOLS);
  const added = await call(client, 'add_memories', { text: 'Alice is learning the cello' });
  const id = added.results[0].id as string;
  const got = await call(client, 'get_memory', { memory_id: id });
  assert.equal(JSON.stringify(got).includes('cello'), true);
  assert.ok((await readersOf(id)).includes('claude'));
  await client.close();
});

test('/mcp: user from the API key, app from clientInfo.name', async () => {
  const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: auth() } });
  const client = await connect(transport, 'zed-editor');
  const added = await call(client, 'add_memories', { text: 'Alice writes Rust on weekends' });
  const id = added.results[0].id as string;
  await call(client, 'get_memory', { memory_id: id });
  assert.ok((await readersOf(id)).includes('zed-editor'));
  await transport.terminateSession();
  await client.close();

  const anonymous = await fetch(`${server.url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(anonymous.status, 401);
});
