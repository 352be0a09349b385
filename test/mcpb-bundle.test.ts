/**
 * Must-show 5 of issue 12: `npm run bundle` builds a `.mcpb` Claude Desktop extension
 * that `mcpb validate` accepts, and its server, started the way Claude Desktop starts it
 * (the manifest's `mcp_config` with `${__dirname}` and `${user_config.*}` filled in), answers
 * a real MCP client: with a configured database path and user id, and with both left empty
 * (mnemo's defaults).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { PROJECT_ROOT, tempDir } from './support/cli-path.js';
import { callJson } from './support/mcp-stdio.js';

const MCPB = join(PROJECT_ROOT, 'node_modules', '@anthropic-ai', 'mcpb', 'dist', 'cli', 'cli.js');
const tmp = tempDir('mnemo-mcpb-');
after(() => tmp.cleanup());

interface Manifest { server: { mcp_config: { command: string; args: string[]; env: Record<string, string> } }; user_config: Record<string, { default?: string }> }

describe('the .mcpb bundle', () => {
  const bundle = join(tmp.dir, 'mnemo.mcpb');
  const unpacked = join(tmp.dir, 'unpacked');
  let manifest: Manifest;

  before(() => {
    execFileSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'bundle.mjs'), '--out', bundle], { cwd: PROJECT_ROOT, stdio: 'pipe' });
    execFileSync(process.execPath, [MCPB, 'unpack', bundle, unpacked], { stdio: 'pipe' });
    manifest = JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8')) as Manifest;
  });

  it('validates with mcpb validate and declares the database path and user id as user settings', () => {
    const out = execFileSync(process.execPath, [MCPB, 'validate', join(unpacked, 'manifest.json')], { encoding: 'utf8' });
    assert.match(out, /validation passes/i);
    assert.deepEqual(Object.keys(manifest.user_config).sort(), ['db_path', 'user_id']);
    assert.ok(existsSync(join(unpacked, 'server', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')), 'the native module is bundled');
  });

  for (const configured of [true, false]) {
    it(`its server answers an MCP client (${configured ? 'configured db path and user' : 'settings left empty'})`, async () => {
      const home = join(tmp.dir, configured ? 'home-a' : 'home-b');
      const db = join(tmp.dir, 'chosen', 'memory.sqlite');
      const settings: Record<string, string> = configured ? { db_path: db, user_id: 'nora' } : { db_path: '', user_id: '' };
      const fill = (s: string) => s.replaceAll('${__dirname}', unpacked).replace(/\$\{user_config\.(\w+)\}/g, (_m, k: string) => settings[k] ?? '');
      const { command, args, env } = manifest.server.mcp_config;
      const transport = new StdioClientTransport({
        command: command === 'node' ? process.execPath : command,
        args: [...args.map(fill), '--embeddings', 'none'],
        env: { PATH: process.env.PATH ?? '', HOME: home, XDG_DATA_HOME: join(home, 'data'), USER: 'osuser', ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, fill(v)])) },
        stderr: 'pipe',
      });
      const client = new Client({ name: 'claude-ai', version: '1.0.0' });
      await client.connect(transport);
      try {
        await callJson(client, 'add_memories', { text: 'Nora keeps her passport in the blue folder' });
        const found = await callJson<{ results: Array<{ memory: string }> }>(client, 'search_memory', { query: 'where is the passport' });
        assert.equal(found.results[0]?.memory, 'Nora keeps her passport in the blue folder');
      } finally {
        await client.close();
      }
      if (configured) assert.ok(existsSync(db), 'the configured database path is used');
      else assert.ok(existsSync(join(home, 'data', 'mnemo', 'memory.sqlite')), 'empty settings fall back to the default database');
    });
  }
});
