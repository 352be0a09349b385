/**
 * Issue 8, must-show 2: one table of bad inputs sent through every write path — SDK,
 * CLI, REST, mem0, MCP stdio, MCP HTTP and import — on one database. Each is refused
 * (INVALID_INPUT / 4xx / tool error / exit code 2), a checksum of the stored data is the
 * same afterwards, and reads of the user still work. Also the read-path inputs that used
 * to answer 500: built-in names in mem0 queries and bodies, and filters nested 3,000 deep.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import Database from 'better-sqlite3';
import { isMnemoError } from '../src/core/errors.js';
import { Memory } from '../src/index.js';
import { CLI_PATH } from './support/cli-path.js';
import { callTool, connectStdio, type StdioSession } from './support/mcp-stdio.js';
import { startServer, type TestServer } from './support/serve-process.js';

const run = promisify(execFile);

/** `{"a":{"a":...1...}}` nested `depth` levels, as JSON text. */
const deep = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** One bad input: a time and/or metadata (metadata as JSON text, so `__proto__` stays an own key). */
interface Case { name: string; timestamp?: number | string; metadata?: string }
const CASES: Case[] = [
  { name: 'timestamp -1e20', timestamp: -1e20 },
  { name: 'timestamp 9e15 (no unit fits)', timestamp: 9e15 },
  { name: 'timestamp year 10000 (ISO)', timestamp: '+010000-01-01T00:00:00Z' },
  { name: 'timestamp year 1800 in seconds', timestamp: Math.floor(Date.UTC(1800, 0, 1) / 1000) },
  { name: 'timestamp not a time', timestamp: 'yesterday-ish' },
  { name: 'metadata nested 1,100 deep', metadata: deep(1_100) },
  { name: 'metadata nested 10,000 deep', metadata: deep(10_000) },
  { name: 'metadata with a __proto__ key', metadata: '{"ok":1,"__proto__":{"polluted":true}}' },
  { name: 'metadata with a nested constructor key', metadata: '{"a":{"constructor":{"prototype":1}}}' },
  { name: 'metadata with a prototype key', metadata: '{"prototype":"x"}' },
];

/** A write path: sends one case; resolves to 'refused' or a description of what happened instead. Undefined = the path has no such field. */
type Surface = (c: Case, text: string) => Promise<string> | undefined;

function checksum(db: string): string {
  const raw = new Database(db, { readonly: true });
  try {
    return JSON.stringify(raw.prepare(`SELECT COUNT(*) AS n,
      group_concat(id || '|' || content_hash || '|' || metadata || '|' || created_at || '|' || state, ',') AS rows,
      (SELECT COUNT(*) FROM memory_history) AS history FROM (SELECT * FROM memories ORDER BY id)`).get());
  } finally {
    raw.close();
  }
}

describe('bad input on every write path', { timeout: 240_000 }, () => {
  let server: TestServer;
  let stdio: StdioSession;
  let http: Client;
  let sdk: Memory;

  before(async () => {
    server = await startServer();
    sdk = new Memory({ path: server.db, embedder: null });
    await sdk.add('I keep my passport in the desk drawer', { userId: 'alice' });
    stdio = await connectStdio(server.db, 'alice', { extraArgs: ['--embeddings', 'none'] });
    http = new Client({ name: 'bad-input', version: '1.0.0' });
    await http.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp/bad-input/http/alice`)));
  });

  after(async () => {
    await http?.close();
    await stdio?.close();
    await sdk?.close();
    await server?.stop();
  });

  const post = async (path: string, body: string): Promise<string> => {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const text = await res.text();
    return res.status >= 400 && res.status < 500 ? 'refused' : `HTTP ${res.status}: ${text.slice(0, 120)}`;
  };
  const field = (name: string, value: number | string | undefined) => (value === undefined ? '' : `,${JSON.stringify(name)}:${JSON.stringify(value)}`);
  const meta = (name: string, value: string | undefined) => (value === undefined ? '' : `,${JSON.stringify(name)}:${value}`);
  const tool = async (client: Client, c: Case, text: string): Promise<string> => {
    const args: Record<string, unknown> = { text };
    if (c.timestamp !== undefined) args.timestamp = c.timestamp;
    if (c.metadata !== undefined) args.metadata = JSON.parse(c.metadata);
    const result = await callTool(client, 'add_memories', args).catch((e: Error) => ({ isError: true, content: [{ type: 'text', text: e.message }] }));
    const message = JSON.stringify(result.content).slice(0, 160);
    return result.isError && !/INTERNAL/.test(message) ? 'refused' : `tool result: ${message}`;
  };

  const surfaces: Record<string, Surface> = {
    sdk: async (c, text) => {
      try {
        await sdk.add(text, {
          userId: 'alice',
          ...(c.timestamp === undefined ? {} : { timestamp: c.timestamp }),
          ...(c.metadata === undefined ? {} : { metadata: JSON.parse(c.metadata) }),
        });
        return 'stored';
      } catch (error) {
        return isMnemoError(error, 'INVALID_INPUT') ? 'refused' : `threw ${String(error)}`;
      }
    },
    cli: async (c, text) => {
      const args = [CLI_PATH, '--db', server.db, '--embeddings', 'none', '--user', 'alice', 'add', text];
      if (c.timestamp !== undefined) args.push('--timestamp', typeof c.timestamp === 'number' ? BigInt(Math.trunc(c.timestamp)).toString() : c.timestamp);
      if (c.metadata !== undefined) args.push('--metadata', c.metadata);
      try {
        await run(process.execPath, args, { maxBuffer: 1 << 24 });
        return 'exit 0';
      } catch (error) {
        const e = error as { code?: number; stderr?: string };
        return e.code === 2 ? 'refused' : `exit ${e.code}: ${e.stderr?.slice(0, 160)}`;
      }
    },
    // The REST create route has no time field; only metadata applies.
    rest: (c, text) => (c.metadata === undefined ? undefined
      : post('/api/v1/memories?user_id=alice', `{"text":${JSON.stringify(text)}${meta('metadata', c.metadata)}}`)),
    mem0: (c, text) => post('/v1/memories/', `{"messages":${JSON.stringify(text)},"user_id":"alice"${field('timestamp', c.timestamp)}${meta('metadata', c.metadata)}}`),
    'mcp stdio': (c, text) => tool(stdio.client, c, text),
    'mcp http': (c, text) => tool(http, c, text),
    import: (c, text) => post('/api/v1/import?user_id=alice',
      `{"memories":[{"content":"fine import ${text}"},{"content":${JSON.stringify(text)}${field('created_at', c.timestamp)}${meta('metadata_', c.metadata)}}]}`),
  };

  it('refuses each case on each path and stores nothing', async () => {
    const before = checksum(server.db);
    const outcomes: string[] = [];
    for (const [surface, send] of Object.entries(surfaces)) {
      for (const [i, c] of CASES.entries()) {
        const text = `bad input ${surface} ${i} ${c.name}`;
        const outcome = await send(c, text);
        if (outcome === undefined) continue;
        outcomes.push(`${surface} / ${c.name}: ${await outcome}`);
      }
    }
    assert.deepEqual(outcomes.filter((o) => !o.endsWith(': refused')), [], 'every bad input is refused');
    assert.equal(checksum(server.db), before, 'the stored data is unchanged');
  });

  it('answers 4xx, never 500, for built-in names and deep filters; reads still work', async () => {
    const statuses: Record<string, number> = {};
    const get = async (path: string) => (await fetch(`${server.url}${path}`)).status;
    const postStatus = async (path: string, body: string) =>
      (await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status;
    statuses['GET /v1/memories/?__proto__=x'] = await get('/v1/memories/?user_id=alice&__proto__=x');
    statuses['GET /v1/memories/?constructor=x'] = await get('/v1/memories/?user_id=alice&constructor=x');
    statuses['POST /v1/memories/ toString'] = await postStatus('/v1/memories/', '{"messages":"x","user_id":"alice","toString":1}');
    statuses['POST /v1/memories/ hasOwnProperty'] = await postStatus('/v1/memories/', '{"messages":"x","user_id":"alice","hasOwnProperty":1}');
    statuses['POST search toString filter op'] = await postStatus('/v2/memories/search/', '{"query":"x","filters":{"AND":[{"user_id":"alice"},{"agent_id":{"toString":"a"}}]}}');
    const deepFilter = `${'{"NOT":['.repeat(3_000)}{"user_id":"alice"}${']}'.repeat(3_000)}`;
    statuses['POST search filters 3,000 deep'] = await postStatus('/v2/memories/search/', `{"query":"x","filters":${deepFilter}}`);
    statuses['POST /v2/memories/ filters 3,000 deep'] = await postStatus('/v2/memories/', `{"filters":${deepFilter}}`);
    for (const [what, status] of Object.entries(statuses)) assert.ok(status >= 400 && status < 500, `${what}: ${status}`);

    const list = await fetch(`${server.url}/api/v1/memories?user_id=alice`);
    assert.equal(list.status, 200);
    assert.equal(((await list.json()) as { total: number }).total, 1);
    const search = await postStatus('/v1/memories/search/', '{"query":"passport","user_id":"alice"}');
    assert.equal(search, 200);
    const exported = await fetch(`${server.url}/api/v1/export?user_id=alice`);
    assert.equal(exported.status, 200);
  });
});
