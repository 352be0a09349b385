/**
 * `mnemo serve --tools graph`: the graph tools over Streamable HTTP with the SDK client,
 * scoped to the route's user; another user's route sees none of that user's graph.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startServer, type TestServer } from './support/serve-process.js';

let server: TestServer;
before(async () => { server = await startServer(['--tools', 'graph']); });
after(() => server.stop());

async function client(user: string): Promise<Client> {
  const c = new Client({ name: 'graph-http', version: '1.0.0' });
  await c.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp/claude/http/${user}`)));
  return c;
}

const json = async (c: Client, name: string, args: Record<string, unknown>): Promise<any> => {
  const r = await c.callTool({ name, arguments: args });
  const text = (r.content as Array<{ text: string }>)[0]!.text;
  assert.ok(!r.isError, text);
  return JSON.parse(text);
};

test('serve --tools graph exposes the graph tools over Streamable HTTP, per user', async () => {
  const ann = await client('ann');
  const names = (await ann.listTools()).tools.map((t) => t.name);
  assert.ok(names.includes('create_entities') && names.includes('open_nodes'));
  assert.ok(!names.includes('add_memories'), 'only the graph group');
  await json(ann, 'create_entities', { entities: [{ name: 'Ann', entityType: 'person', observations: ['likes sailing'] }] });
  assert.deepEqual((await json(ann, 'open_nodes', { names: ['Ann'] })).entities[0].observations, ['likes sailing']);
  const ben = await client('ben');
  assert.deepEqual((await json(ben, 'read_graph', {})).entities, []);
  await ann.close();
  await ben.close();
});
