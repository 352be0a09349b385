/**
 * Test support for the HTTP tests of the mem0 API and MCP over HTTP: a real
 * `mnemo serve` child process on a temporary database (keyword-only embeddings), and API
 * keys made with `mnemo keys create`. The server prints its URL on stdout; `stop()`
 * sends SIGTERM and waits for the exit.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CLI_PATH as CLI, tempDir } from './cli-path.js';

const run = promisify(execFile);
/** How long the server may take to print its URL, ms (cold start on a 2-core machine). */
const START_TIMEOUT_MS = 20_000;

/** A running server. */
export interface TestServer {
  url: string;
  db: string;
  /** Creates an API key for `user` (optionally bound to `app`) and returns its token. */
  key(user: string, app?: string): Promise<string>;
  /** Stops the server (SIGTERM) and removes the database directory unless `keepDb`. */
  stop(options?: { keepDb?: boolean }): Promise<void>;
}

/** Starts `mnemo serve --port 0` on a fresh database; extra CLI flags in `args`. */
export async function startServer(args: string[] = []): Promise<TestServer> {
  const { dir, cleanup } = tempDir('mnemo-http-');
  const db = join(dir, 'memory.sqlite');
  const base = ['--db', db, '--embeddings', 'none'];
  const child = spawn(process.execPath, [CLI, ...base, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await waitForUrl(child);
  return {
    url,
    db,
    async key(user, app) {
      const { stdout } = await run(process.execPath, [CLI, ...base, 'keys', 'create', '--user', user, ...(app ? ['--app', app] : []), '--json']);
      const parsed = JSON.parse(stdout) as { token: string };
      return parsed.token;
    },
    async stop(options = {}) {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (!options.keepDb) cleanup();
    },
  };
}

function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`serve printed no URL in ${START_TIMEOUT_MS} ms; stdout: ${out}; stderr: ${err}`)), START_TIMEOUT_MS);
    const fail = (e: Error) => { clearTimeout(timer); child.kill('SIGKILL'); reject(e); };
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /https?:\/\/[^\s]+/.exec(out);
      if (match) { clearTimeout(timer); resolve(match[0].replace(/\/$/, '')); }
    });
    child.stderr!.on('data', (chunk: Buffer) => { err += chunk.toString(); });
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}; stderr: ${err}`)));
  });
}

/**
 * The same contract in-process: `createHttpApp` on `@hono/node-server` (port 0) over a
 * keyword-only engine on a temporary file, auth required. For use until `mnemo serve`
 * is available in every checkout; `db` can be reopened after `stop({keepDb: true})`.
 */
export async function startInProcess(): Promise<TestServer> {
  const [{ serve }, { createHttpApp }, { Memory }, { McpSessions }] = await Promise.all([
    import('@hono/node-server'), import('../../src/http/app.js'), import('../../src/engine/memory.js'), import('../../src/http/mcp/index.js'),
  ]);
  const { dir, cleanup } = tempDir('mnemo-http-');
  const db = join(dir, 'memory.sqlite');
  const memory = new Memory({ path: db, embedder: null });
  const sessions = new McpSessions();
  const app = createHttpApp({ memory, auth: { required: true } }, { mcpSessions: sessions, log: () => undefined });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    async key(user, app) {
      return (await memory.keys.create(user, app === undefined ? {} : { app })).token;
    },
    async stop(options = {}) {
      await sessions.closeAll();
      await new Promise<void>((resolve) => { server.close(() => resolve()); (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.(); });
      await memory.close();
      if (!options.keepDb) cleanup();
    },
  };
}
