/**
 * Must-show 1 of issue 12: `npm pack`, the tarball installed into an empty folder with no
 * network, and a real MCP client (the SDK's stdio client) spawning `npx mnemo-memory mcp`
 * from it and calling tools. Also: the tarball holds runtime files only (no tests, no
 * sources), and the first run says where the database is.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { tempDir } from './support/cli-path.js';
import { callJson } from './support/mcp-stdio.js';
import { type PackedInstall, packAndInstall } from './support/pack-install.js';

const tmp = tempDir('mnemo-pack-');
after(() => tmp.cleanup());

describe('the npm package (mnemo-memory)', () => {
  let installed: PackedInstall;
  before(() => { installed = packAndInstall(tmp.dir); });

  it('ships runtime files only, with a prebuilt dist', () => {
    assert.ok(installed.files.includes('dist/src/cli/main.js'));
    assert.ok(installed.files.includes('package.json'));
    assert.deepEqual(installed.files.filter((f) => /\.test\.|^src\/|^test\/|\.ts$(?<!\.d\.ts$)/.test(f)), []);
    assert.ok(existsSync(join(installed.prefix, 'node_modules', '.bin', 'mnemo-memory')));
  });

  it('`npx mnemo-memory mcp` from the installed tarball answers a real MCP client', async () => {
    const db = join(tmp.dir, 'data', 'memory.sqlite');
    const transport = new StdioClientTransport({
      command: 'npx',
      args: ['--offline', '--no-install', 'mnemo-memory', 'mcp', '--db', db, '--user', 'kim', '--embeddings', 'none'],
      cwd: installed.prefix,
      stderr: 'pipe',
      env: { PATH: process.env.PATH ?? '', HOME: tmp.dir, npm_config_cache: process.env.npm_config_cache ?? join(process.env.HOME ?? tmp.dir, '.npm') },
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const client = new Client({ name: 'pack-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const tools = (await client.listTools()).tools.map((t) => t.name);
      assert.ok(tools.includes('add_memories') && tools.includes('search_memory'), tools.join(','));
      await callJson(client, 'add_memories', { text: 'Kim keeps a sourdough starter called Bubbles' });
      const found = await callJson<{ results: Array<{ memory: string }> }>(client, 'search_memory', { query: 'sourdough starter' });
      assert.equal(found.results[0]?.memory, 'Kim keeps a sourdough starter called Bubbles');
      assert.ok(existsSync(db), 'the database is where --db says');
      assert.match(stderr, new RegExp(`first run: creating a new database at ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    } finally {
      await client.close();
    }
  });

  it('`npx mnemo-memory serve` from the installed tarball serves the API and the dashboard', async () => {
    const db = join(tmp.dir, 'serve', 'memory.sqlite');
    const child = spawn('npx', ['--offline', '--no-install', 'mnemo-memory', 'serve', '--port', '0', '--db', db, '--embeddings', 'none'], {
      cwd: installed.prefix, stdio: ['ignore', 'pipe', 'pipe'], detached: true, // its own process group: npx's child is stopped with it
      env: { PATH: process.env.PATH ?? '', HOME: tmp.dir, npm_config_cache: process.env.npm_config_cache ?? join(process.env.HOME ?? tmp.dir, '.npm') },
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 30_000);
        child.stdout!.on('data', (c: Buffer) => { out += c.toString(); const m = /https?:\/\/\S+/.exec(out); if (m) { clearTimeout(timer); resolve(m[0]); } });
        child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited with ${code}`)); });
      });
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
      const home = await fetch(`${url}/`);
      assert.ok(home.ok && (await home.text()).includes('<div id="root">'), 'the dashboard ships in the tarball');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
  });
});
