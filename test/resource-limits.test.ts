/**
 * Issue 8, must-show 6 (with the session caps in src/http/mcp/sessions.test.ts): a write
 * lock held by another process answers 503 UNAVAILABLE with Retry-After within 1 s while
 * `/healthz` stays responsive, and the write succeeds once the lock is released; a
 * database whose schema is newer than this build refuses to start `serve`, `mcp` and the
 * CLI; `mnemo mcp` given an input line past the limit exits non-zero with a message; and
 * opening a database already at the current schema takes no write lock.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { MAX_STDIN_LINE_BYTES } from '../src/core/limits.js';
import { Memory } from '../src/index.js';
import { CLI_PATH, tempDir } from './support/cli-path.js';
import { startServer } from './support/serve-process.js';

/** Runs the CLI to completion: exit code and stderr. */
function cli(args: string[], input?: string | Buffer): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI_PATH, ...args], { maxBuffer: 1 << 26, timeout: 60_000 }, (error, _out, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : child.exitCode) : 0, stderr });
    });
    if (input !== undefined) child.stdin!.end(input);
    else child.stdin!.end();
  });
}

describe('resource limits', { timeout: 120_000 }, () => {
  it('answers 503 with Retry-After within 1 s while another process holds the write lock; /healthz stays responsive', async () => {
    const server = await startServer();
    const holder = new Database(server.db);
    try {
      holder.pragma('busy_timeout = 0');
      holder.exec('BEGIN IMMEDIATE');
      const started = Date.now();
      const write = fetch(`${server.url}/api/v1/memories`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'written while locked', user_id: 'alice' }),
      });
      const healthStarted = Date.now();
      const health = await fetch(`${server.url}/healthz`);
      const healthMs = Date.now() - healthStarted;
      assert.equal(health.status, 200);
      assert.ok(healthMs < 500, `/healthz answered in ${healthMs} ms while the lock was held`);
      const res = await write;
      const elapsed = Date.now() - started;
      const body = await res.json() as { error: { code: string } };
      assert.equal(res.status, 503);
      assert.equal(body.error.code, 'UNAVAILABLE');
      assert.equal(res.headers.get('retry-after'), '1');
      assert.ok(elapsed < 1000, `answered after ${elapsed} ms`);
      holder.exec('COMMIT');
      const retry = await fetch(`${server.url}/api/v1/memories`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'written after the lock', user_id: 'alice' }),
      });
      assert.equal(retry.status, 201);
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
      await server.stop();
    }
  });

  it('opens a database at the current schema without taking the write lock', async () => {
    const tmp = tempDir();
    const db = join(tmp.dir, 'm.sqlite');
    const first = new Memory({ path: db, embedder: null });
    await first.add('hello', { userId: 'alice' });
    await first.close();
    const holder = new Database(db);
    try {
      holder.exec('BEGIN IMMEDIATE');
      const reader = new Memory({ path: db, embedder: null, sqlite: { busyTimeoutMs: 0 } });
      assert.equal((await reader.getAll({ userId: 'alice', log: false })).total, 1);
      await reader.close();
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
      tmp.cleanup();
    }
  });

  it('refuses to start serve, mcp and the CLI on a newer schema', async () => {
    const tmp = tempDir();
    const db = join(tmp.dir, 'm.sqlite');
    try {
      const memory = new Memory({ path: db, embedder: null });
      await memory.add('hello', { userId: 'alice' });
      await memory.close();
      const raw = new Database(db);
      raw.prepare('INSERT INTO schema_migrations(version, name, applied_at) VALUES (999, ?, 0)').run('from the future');
      raw.close();
      const base = ['--db', db, '--embeddings', 'none'];
      for (const args of [['serve', '--port', '0'], ['mcp'], ['list', '--user', 'alice']]) {
        const { code, stderr } = await cli([...base, ...args]);
        assert.notEqual(code, 0, `${args[0]} must not start`);
        assert.match(stderr, /newer than this mnemo.*upgrade mnemo/, `${args[0]}: ${stderr}`);
      }
    } finally {
      tmp.cleanup();
    }
  });

  it('exits non-zero with a message when an mcp input line is too long', async () => {
    const tmp = tempDir();
    try {
      const child = spawn(process.execPath, [CLI_PATH, '--db', join(tmp.dir, 'm.sqlite'), '--embeddings', 'none', 'mcp'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.stdin.on('error', () => undefined); // the server may close its input first
      child.stdin.write(Buffer.alloc(MAX_STDIN_LINE_BYTES + 1024, 0x61));
      const code = await exited;
      assert.notEqual(code, 0);
      assert.match(stderr, /input line is longer than/);
    } finally {
      tmp.cleanup();
    }
  });
});
