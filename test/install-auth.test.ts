/**
 * `mnemo install <client> --url <server> --api-key-file <file>` against a real
 * `mnemo serve --auth` with a key made by `mnemo keys create`: the CLI writes each
 * client's config file, and the official MCP SDK client, given the URL and headers read
 * back from the written entry, connects, lists tools, adds and searches; without the key
 * the server answers 401. Also: `--api-key-env` references, `MNEMO_API_KEY`, redaction in
 * everything printed, file modes, and bad input (missing / not regular / others-readable /
 * empty key file, a key flag without `--url`, both flags, an env reference on a client
 * without one) refused with exit 2 and no file written.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { parse as parseJsonc } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import { CLI_PATH, tempDir } from './support/cli-path.js';
import { startServer, type TestServer } from './support/serve-process.js';

const tmp = tempDir('mnemo-install-auth-');
let server: TestServer;
let token: string;
let keyFile: string;

before(async () => {
  server = await startServer(['--auth']);
  token = await server.key('lee');
  keyFile = join(tmp.dir, 'mnemo.key');
  writeFileSync(keyFile, `${token}\n`);
  chmodSync(keyFile, 0o600);
});
after(async () => {
  await server.stop();
  tmp.cleanup();
});

/** Runs the CLI with a throwaway HOME (so no real client config is ever touched). */
function mnemo(args: string[], env: Record<string, string> = {}) {
  const home = join(tmp.dir, 'home');
  return spawnSync(process.execPath, [CLI_PATH, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: join(home, '.config'), ...env } });
}

/** Where each client keeps the URL and the headers of its remote entry (from its docs). */
type Remote = { url: string; headers: Record<string, string> };
const READ: Record<string, (text: string) => Remote> = {
  'claude-code': (t) => pick(parseJsonc(t).mcpServers.mnemo, 'url', 'headers'),
  cursor: (t) => pick(parseJsonc(t).mcpServers.mnemo, 'url', 'headers'),
  windsurf: (t) => pick(parseJsonc(t).mcpServers.mnemo, 'serverUrl', 'headers'),
  vscode: (t) => pick(parseJsonc(t).servers.mnemo, 'url', 'headers'),
  cline: (t) => pick(parseJsonc(t).mcpServers.mnemo, 'url', 'headers'),
  codex: (t) => pick((parseToml(t) as any).mcp_servers.mnemo, 'url', 'http_headers'),
  gemini: (t) => pick(parseJsonc(t).mcpServers.mnemo, 'httpUrl', 'headers'),
  zed: (t) => pick(parseJsonc(t).context_servers.mnemo, 'url', 'headers'),
};
function pick(entry: any, urlKey: string, headersKey: string): Remote {
  return { url: entry[urlKey], headers: { ...entry[headersKey] } };
}

/** Connects the SDK client to `remote`, lists tools, adds a memory and finds it again. */
async function roundTrip(remote: Remote, text: string): Promise<void> {
  const client = new Client({ name: 'install-auth-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(remote.url), { requestInit: { headers: remote.headers } }));
  try {
    const { tools } = await client.listTools();
    assert.ok(tools.some((t) => t.name === 'search_memory'), 'tools listed');
    const added = await client.callTool({ name: 'add_memories', arguments: { text } });
    assert.ok(!added.isError, JSON.stringify(added));
    const found = await client.callTool({ name: 'search_memory', arguments: { query: text } });
    assert.ok(!found.isError && JSON.stringify(found.content).includes(text), 'search finds the memory');
  } finally {
    await client.close();
  }
}

/** POSTs an MCP initialize to `url` with `headers`; returns the status. */
async function initializeStatus(url: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } }),
  });
  await res.body?.cancel();
  return res.status;
}

const mode = (p: string) => statSync(p).mode & 0o777;

describe('mnemo install --url --api-key-file against mnemo serve --auth', () => {
  for (const id of Object.keys(READ)) {
    it(`${id}: the written entry carries the key; a real MCP client connects with it; without it 401`, async () => {
      const config = join(tmp.dir, id, id === 'codex' ? 'config.toml' : 'config.json');
      const run = mnemo(['--user', 'lee', 'install', id, '--url', server.url, '--api-key-file', keyFile, '--config', config]);
      assert.equal(run.status, 0, run.stderr);
      assert.ok(!run.stdout.includes(token) && !run.stderr.includes(token), 'the key is never printed');
      assert.match(run.stdout, /mnemo_[0-9a-f]{12}_\.\.\.\[redacted\]/);
      const text = readFileSync(config, 'utf8');
      assert.ok(text.includes(token), 'the file holds the real key');
      if (process.platform !== 'win32') assert.equal(mode(config), 0o600, 'a new file holding a key is 0600');
      const remote = READ[id]!(text);
      assert.equal(remote.headers.Authorization, `Bearer ${token}`);
      assert.equal(remote.url, `${server.url}/mcp/${id}/http/lee`);
      await roundTrip(remote, `${id} reaches mnemo with its key`);
      assert.equal(await initializeStatus(remote.url, {}), 401, 'no key: refused');
      assert.equal(await initializeStatus(remote.url, { Authorization: 'Bearer mnemo_000000000000_wrong' }), 401, 'a wrong key: refused');
      const again = mnemo(['--user', 'lee', 'install', id, '--url', server.url, '--api-key-file', keyFile, '--config', config]);
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stdout, /nothing changed/);
    });
  }

  it('Claude Desktop: the mcp-remote header and env give a working header (mcp-remote\'s documented ${VAR} substitution)', async () => {
    const config = join(tmp.dir, 'claude-desktop.json');
    const run = mnemo(['--user', 'lee', 'install', 'claude-desktop', '--url', server.url, '--api-key-file', keyFile, '--config', config]);
    assert.equal(run.status, 0, run.stderr);
    const entry = parseJsonc(readFileSync(config, 'utf8')).mcpServers.mnemo as { command: string; args: string[]; env: Record<string, string> };
    assert.deepEqual(entry.args.slice(0, 2), ['-y', 'mcp-remote']);
    assert.ok(!entry.args.some((a) => a.includes(token)), 'the key is not in the arguments (ps shows them)');
    assert.ok(!entry.args.some((a) => a.includes(' ')), 'no spaces inside args (mcp-remote README: some clients mangle them)');
    // mcp-remote: `--header Name:value`, then ${VAR} in the value from its environment.
    const [, name, value] = /^([A-Za-z0-9_-]+):\s*(.*)$/.exec(entry.args[entry.args.indexOf('--header') + 1]!)!;
    const headers = { [name!]: value!.replace(/\$\{([^}]+)\}/g, (_, v: string) => entry.env[v] ?? '') };
    await roundTrip({ url: entry.args[2]!, headers }, 'claude desktop through mcp-remote');
  });

  it('--api-key-env: the file holds a reference, not the key; Codex uses bearer_token_env_var', async () => {
    const codex = join(tmp.dir, 'env', 'codex.toml');
    const run = mnemo(['--user', 'lee', 'install', 'codex', '--url', server.url, '--api-key-env', 'MNEMO_TEST_KEY', '--config', codex]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /MNEMO_TEST_KEY/);
    const entry = (parseToml(readFileSync(codex, 'utf8')) as any).mcp_servers.mnemo;
    assert.deepEqual({ ...entry }, { url: `${server.url}/mcp/codex/http/lee`, bearer_token_env_var: 'MNEMO_TEST_KEY' });
    // Codex sends `Authorization: Bearer <value of that variable>` (its config docs).
    await roundTrip({ url: entry.url, headers: { Authorization: `Bearer ${token}` } }, 'codex with the key from its environment');
    const cursor = join(tmp.dir, 'env', 'cursor.json');
    assert.equal(mnemo(['--user', 'lee', 'install', 'cursor', '--url', server.url, '--api-key-env', 'MNEMO_TEST_KEY', '--config', cursor]).status, 0);
    const text = readFileSync(cursor, 'utf8');
    assert.ok(!text.includes(token));
    assert.equal(JSON.parse(text).mcpServers.mnemo.headers.Authorization, 'Bearer ${env:MNEMO_TEST_KEY}');
  });

  it('MNEMO_API_KEY is used when no key file is given', () => {
    const gemini = join(tmp.dir, 'env', 'gemini.json');
    const run = mnemo(['--user', 'lee', 'install', 'gemini', '--url', server.url, '--config', gemini], { MNEMO_API_KEY: token });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(JSON.parse(readFileSync(gemini, 'utf8')).mcpServers.mnemo.headers.Authorization, `Bearer ${token}`);
    assert.match(run.stderr, /MNEMO_API_KEY/);
  });

  it('--print and --json show the key redacted and write nothing', () => {
    const path = join(tmp.dir, 'print', 'cursor.json');
    const printed = mnemo(['--user', 'lee', 'install', 'cursor', '--url', server.url, '--api-key-file', keyFile, '--config', path, '--print']);
    assert.equal(printed.status, 0, printed.stderr);
    assert.ok(!printed.stdout.includes(token));
    assert.match(printed.stdout, /"Authorization": "Bearer mnemo_[0-9a-f]{12}_\.\.\.\[redacted\]"/);
    assert.equal(existsSync(path), false);
    const json = mnemo(['--json', '--user', 'lee', 'install', 'codex', '--url', server.url, '--api-key-file', keyFile, '--config', join(tmp.dir, 'print', 'codex.toml'), '--print']);
    assert.equal(json.status, 0, json.stderr);
    assert.ok(!json.stdout.includes(token));
    const out = JSON.parse(json.stdout) as { entry: { http_headers: { Authorization: string } }; text: string };
    assert.match(out.entry.http_headers.Authorization, /\[redacted\]$/);
    assert.match(out.text, /\[redacted\]/);
  });

  it('an existing config file keeps its mode; a file others can read gets a warning', { skip: process.platform === 'win32' ? 'POSIX modes' : false }, () => {
    const path = join(tmp.dir, 'modes', 'mcp.json');
    mkdirSync(join(tmp.dir, 'modes'), { recursive: true });
    writeFileSync(path, '{\n  "servers": {}\n}\n');
    chmodSync(path, 0o644);
    const run = mnemo(['--user', 'lee', 'install', 'vscode', '--url', server.url, '--api-key-file', keyFile, '--config', path]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(mode(path), 0o644);
    assert.match(run.stderr, /other users can read it \(mode 644\): run chmod 600/);
    chmodSync(path, 0o600);
    const uninstall = mnemo(['uninstall', 'vscode', '--config', path]);
    assert.equal(uninstall.status, 0, uninstall.stderr);
    assert.ok(!readFileSync(path, 'utf8').includes(token), 'uninstall removes the key with the entry');
    assert.equal(mode(path), 0o600);
  });

  it('bad input: a clear error, exit 2, no file written', () => {
    const dir = join(tmp.dir, 'bad');
    mkdirSync(join(dir, 'a-directory'), { recursive: true });
    const open = join(dir, 'open.key');
    writeFileSync(open, token);
    chmodSync(open, 0o644);
    const empty = join(dir, 'empty.key');
    writeFileSync(empty, '\n');
    chmodSync(empty, 0o600);
    const cases: Array<[string[], RegExp]> = [
      [['install', 'cursor', '--url', server.url, '--api-key-file', join(dir, 'missing.key')], /cannot read the key file .*missing\.key: it does not exist/],
      [['install', 'cursor', '--url', server.url, '--api-key-file', join(dir, 'a-directory')], /not a regular file/],
      [['install', 'cursor', '--url', server.url, '--api-key-file', empty], /is empty/],
      [['install', 'cursor', '--api-key-file', keyFile], /--api-key-file needs --url/],
      [['install', 'cursor', '--api-key-env', 'K'], /--api-key-env needs --url/],
      [['install', 'cursor', '--url', server.url, '--api-key-file', keyFile, '--api-key-env', 'K'], /exclude each other/],
      [['install', 'zed', '--url', server.url, '--api-key-env', 'K'], /Zed has no documented way .* --api-key-file/],
      [['install', 'cursor', '--url', server.url, '--api-key-env', '1-bad name'], /not a variable name/],
    ];
    if (process.platform !== 'win32') cases.push([['install', 'cursor', '--url', server.url, '--api-key-file', open], /accessible by other users \(mode 644\): run chmod 600/]);
    for (const [args, message] of cases) {
      const config = join(dir, 'never.json');
      const run = mnemo([...args, '--config', config]);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.ok(!run.stderr.includes(token) && !run.stdout.includes(token));
      assert.equal(existsSync(config), false, `${args.join(' ')}: nothing written`);
    }
  });
});
