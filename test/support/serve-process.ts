/**
 * Test support for the cross-process HTTP tests: a real
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
  /** What the server printed on stderr so far. */
  stderr(): string;
  /** Creates an API key for `user` (optionally bound to `app`; a project key with `project`) and returns its token. */
  key(user: string, app?: string, project?: boolean): Promise<string>;
  /** Stops the server (SIGTERM) and removes the database directory unless `keepDb`. */
  stop(options?: { keepDb?: boolean }): Promise<void>;
}

/**
 * Starts `mnemo serve --port 0` on a fresh database; extra CLI flags in `args`.
 * @param options.embeddings the embedding provider. @default 'none' (keyword only); `local` runs USE-lite offline.
 * @param options.db serves that database instead (e.g. a `postgres://` URL; never removed).
 */
export async function startServer(args: string[] = [], options: { embeddings?: 'none' | 'local'; db?: string } = {}): Promise<TestServer> {
  const { dir, cleanup } = tempDir('mnemo-http-');
  const db = options.db ?? postgresTarget() ?? join(dir, 'memory.sqlite');
  const base = ['--db', db, '--embeddings', options.embeddings ?? 'none'];
  const child = spawn(process.execPath, [CLI, ...base, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => { err += chunk.toString(); });
  const url = await waitForUrl(child);
  return {
    url,
    db,
    stderr: () => err,
    async key(user, app, project) {
      const { stdout } = await run(process.execPath, [CLI, ...base, 'keys', 'create', '--user', user, ...(app ? ['--app', app] : []), ...(project ? ['--project'] : []), '--json']);
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

/** Servers started in this process (numbers their schemas). */
let started = 0;

/**
 * With `MNEMO_TEST_SERVE_POSTGRES_URL` set (test/postgres-clients.test.ts sets it for a
 * child test run), every server of the cross-process tests runs on that PostgreSQL
 * database, in a fresh schema, so the real-client tests run unchanged against Postgres.
 */
function postgresTarget(): string | null {
  const url = process.env.MNEMO_TEST_SERVE_POSTGRES_URL;
  if (!url) return null;
  const u = new URL(url);
  u.searchParams.set('schema', `serve_${process.pid}_${started++}_${Date.now().toString(36)}`);
  return u.toString();
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
