/**
 * Must-show 3 of issue 12: the Claude Code hooks fed recorded hook inputs (SessionStart,
 * UserPromptSubmit JSON on stdin) print valid hook output with the relevant memory; with
 * the database locked or missing they exit 0 with no output. Also `mnemo hooks install`
 * (settings.json: other hooks kept, idempotent, uninstall restores) and `mnemo context`
 * answering from a running `mnemo serve` on the same database.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Memory } from '../src/engine/memory.js';
import { CLI_PATH, PROJECT_ROOT, tempDir } from './support/cli-path.js';
import { startServer, type TestServer } from './support/serve-process.js';

const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'hooks');
const HOOK_PATH = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'hook-main.js');
const tmp = tempDir('mnemo-hooks-');
after(() => tmp.cleanup());
const db = join(tmp.dir, 'memory.sqlite');
/** Nothing listens on port 1: the hook must fall back to the file at once. */
const NO_SERVER = 'http://127.0.0.1:1';

function hook(input: string, options: { db?: string; viaCli?: boolean } = {}) {
  const args = options.viaCli
    ? [CLI_PATH, '--db', options.db ?? db, '--user', 'zoe', 'hooks', 'run', 'claude-code', '--server', NO_SERVER]
    : [HOOK_PATH, '--db', options.db ?? db, '--user', 'zoe', '--server', NO_SERVER, 'claude-code'];
  const r = spawnSync(process.execPath, args, { input, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: tmp.dir } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function context(out: string, event: string): string {
  const parsed = JSON.parse(out) as { hookSpecificOutput: { hookEventName: string; additionalContext: string } };
  assert.equal(parsed.hookSpecificOutput.hookEventName, event);
  return parsed.hookSpecificOutput.additionalContext;
}

describe('Claude Code hooks', () => {
  before(async () => {
    const memory = new Memory({ path: db, embedder: null });
    for (const text of ['Zoe prefers tabs over spaces in TypeScript', 'The billing service deploys to production with make deploy-prod', 'Zoe has a cat named Miso']) {
      await memory.add(text, { userId: 'zoe' });
    }
    await memory.add('Bob deploys billing by hand', { userId: 'bob' });
    await memory.close();
  });

  it('UserPromptSubmit injects the memory relevant to the prompt (lean entry point and CLI)', () => {
    for (const viaCli of [false, true]) {
      const r = hook(readFileSync(join(FIXTURES, 'user-prompt-submit.json'), 'utf8'), { viaCli });
      assert.equal(r.code, 0, r.err);
      const text = context(r.out, 'UserPromptSubmit');
      assert.match(text, /make deploy-prod/);
      assert.doesNotMatch(text, /Miso|Bob/, 'only relevant memories of this user');
    }
  });

  it('SessionStart injects the start_session context: profile-like and recent memories', () => {
    const r = hook(readFileSync(join(FIXTURES, 'session-start.json'), 'utf8'));
    assert.equal(r.code, 0, r.err);
    const text = context(r.out, 'SessionStart');
    // The engine's start_session bundle (reflection.ts): profile-like, then recent memories.
    assert.match(text, /### Profile\n(- .*\n)*- Zoe prefers tabs over spaces/);
    assert.match(text, /### Recent\n[\s\S]*Miso/);
    assert.doesNotMatch(text, /Bob/);
  });

  it('fails open: missing or locked database, bad input, nothing relevant → exit 0, no output', () => {
    const missing = join(tmp.dir, 'nope', 'memory.sqlite');
    const r = hook(readFileSync(join(FIXTURES, 'user-prompt-submit.json'), 'utf8'), { db: missing });
    assert.deepEqual([r.code, r.out], [0, '']);
    assert.equal(existsSync(missing), false, 'a hook never creates a database');

    const lock = new Database(db);
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE');
    lock.exec("CREATE TABLE IF NOT EXISTS lock_probe (x)");
    try {
      const started = Date.now();
      for (const fixture of ['user-prompt-submit.json', 'session-start.json']) {
        const locked = hook(readFileSync(join(FIXTURES, fixture), 'utf8'));
        assert.deepEqual([locked.code, locked.out], [0, ''], `${fixture} with the database locked`);
      }
      assert.ok(Date.now() - started < 8_000, 'a locked database does not hold the prompt');
    } finally {
      lock.exec('ROLLBACK');
      lock.close();
    }

    for (const input of ['not json', '{"hook_event_name":"Stop"}', '{"hook_event_name":"UserPromptSubmit","prompt":"quantum chromodynamics lecture"}']) {
      assert.deepEqual([hook(input).code, hook(input).out], [0, ''], input);
    }
  });

  it('mnemo hooks install: keeps other hooks and settings, idempotent, uninstall restores', () => {
    const settings = join(tmp.dir, 'settings.json');
    copyFileSync(join(FIXTURES, 'settings-with-hooks.json'), settings);
    const original = readFileSync(settings, 'utf8');
    const mnemo = (args: string[]) => spawnSync(process.execPath, [CLI_PATH, '--db', db, '--user', 'zoe', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: tmp.dir } });
    assert.equal(mnemo(['hooks', 'install', 'claude-code', '--config', settings, '--print']).status, 0);
    assert.equal(readFileSync(settings, 'utf8'), original, '--print writes nothing');
    const first = mnemo(['hooks', 'install', 'claude-code', '--config', settings]);
    assert.equal(first.status, 0, first.stderr);
    const doc = JSON.parse(readFileSync(settings, 'utf8'));
    assert.equal(doc.model, 'opus');
    assert.equal(doc.hooks.PostToolUse[0].matcher, 'Edit|Write');
    assert.equal(doc.hooks.UserPromptSubmit[0].hooks[0].command, '/home/zoe/bin/log-prompt.sh', 'the user\'s own prompt hook stays first');
    const ours = doc.hooks.UserPromptSubmit[1].hooks[0];
    assert.deepEqual([ours.type, ours.timeout], ['command', 10]);
    assert.match(ours.command, /hook-main\.js.*--db .*memory\.sqlite.*claude-code/);
    assert.equal(doc.hooks.SessionStart[0].matcher, '');
    assert.equal(doc.hooks.SessionStart[0].hooks[0].command, ours.command);
    const written = readFileSync(settings, 'utf8');
    assert.match(mnemo(['hooks', 'install', 'claude-code', '--config', settings]).stdout, /nothing changed/);
    assert.equal(readFileSync(settings, 'utf8'), written);
    // The registered command is a working hook.
    const run = spawnSync('sh', ['-c', ours.command], { input: readFileSync(join(FIXTURES, 'user-prompt-submit.json')), encoding: 'utf8' });
    assert.match(context(run.stdout, 'UserPromptSubmit'), /make deploy-prod/);
    assert.equal(mnemo(['hooks', 'uninstall', 'claude-code', '--config', settings]).status, 0);
    assert.deepEqual(JSON.parse(readFileSync(settings, 'utf8')), JSON.parse(original));
  });

  it('reads an encrypted database with the key file the hook was installed with; without it, nothing', async () => {
    const secretDb = join(tmp.dir, 'secret.sqlite');
    const keyFile = join(tmp.dir, 'db.key');
    writeFileSync(keyFile, 'hook test key\n', { mode: 0o600 });
    const memory = new Memory({ path: secretDb, embedder: null, encryptionKey: 'hook test key' });
    await memory.add('The billing service deploys to production with make deploy-prod', { userId: 'zoe' });
    await memory.close();
    const settings = join(tmp.dir, 'settings-encrypted.json');
    const env = { PATH: process.env.PATH ?? '', HOME: tmp.dir };
    const install = spawnSync(process.execPath, [CLI_PATH, '--db', secretDb, '--user', 'zoe', '--db-key-file', keyFile, 'hooks', 'install', 'claude-code', '--config', settings], { encoding: 'utf8', env });
    assert.equal(install.status, 0, install.stderr);
    const command = JSON.parse(readFileSync(settings, 'utf8')).hooks.UserPromptSubmit[0].hooks[0].command as string;
    assert.match(command, /--db-key-file .*db\.key/, 'the key file path, never the key, is in the command');
    assert.doesNotMatch(command, /hook test key/);
    const input = readFileSync(join(FIXTURES, 'user-prompt-submit.json'));
    const run = spawnSync('sh', ['-c', command], { input, encoding: 'utf8', env });
    assert.equal(run.status, 0, run.stderr);
    assert.match(context(run.stdout, 'UserPromptSubmit'), /make deploy-prod/);
    const viaCli = spawnSync(process.execPath, [CLI_PATH, '--db', secretDb, '--user', 'zoe', '--db-key-file', keyFile, 'hooks', 'run', 'claude-code', '--server', NO_SERVER], { input, encoding: 'utf8', env });
    assert.match(context(viaCli.stdout, 'UserPromptSubmit'), /make deploy-prod/);
    const keyless = hook(input.toString('utf8'), { db: secretDb });
    assert.deepEqual([keyless.code, keyless.out], [0, ''], 'fail-open without the key');
  });
});

describe('mnemo context', () => {
  let server: TestServer;
  before(async () => { server = await startServer(); });
  after(async () => { await server.stop(); });

  it('answers from a running server on the same database, else from the file', async () => {
    const res = await fetch(`${server.url}/api/v1/memories`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: 'amy', text: 'Amy waters the ferns on Sundays' }),
    });
    assert.ok(res.ok, await res.text());
    const ask = (serverUrl?: string) => spawnSync(process.execPath, [CLI_PATH, '--db', server.db, '--user', 'amy', '--json', 'context', '--prompt', 'when are the ferns watered?', ...(serverUrl ? ['--server', serverUrl] : [])], { encoding: 'utf8' });
    const viaServer = ask(server.url);
    assert.equal(viaServer.status, 0, viaServer.stderr);
    assert.deepEqual([JSON.parse(viaServer.stdout).source, /ferns/.test(JSON.parse(viaServer.stdout).text)], ['server', true]);
    const viaFile = ask();
    assert.deepEqual([JSON.parse(viaFile.stdout).source, /ferns/.test(JSON.parse(viaFile.stdout).text)], ['file', true]);
    const otherDb = spawnSync(process.execPath, [CLI_PATH, '--db', join(tmp.dir, 'other.sqlite'), '--user', 'amy', '--json', 'context', '--prompt', 'ferns', '--server', server.url], { encoding: 'utf8' });
    assert.equal(JSON.parse(otherDb.stdout).source, null, 'a server on another database is not asked');
  });
});

describe('bench/hooks-latency (smoke)', () => {
  it('prints p50/p95 with and without a server and writes its JSON record', () => {
    const out = join(tmp.dir, 'bench');
    const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'dist', 'bench', 'hooks-latency.js'), '--memories', '60', '--runs', '3', '--out', out], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /no server \(file, keyword\)\s+p50 \d+ ms\s+p95 \d+ ms/);
    assert.match(r.stdout, /running server\s+p50 \d+ ms\s+p95 \d+ ms/);
    const file = readdirSync(out).find((f) => f.startsWith('hooks-') && f.endsWith('.json'));
    assert.ok(file);
    const record = JSON.parse(readFileSync(join(out, file), 'utf8')) as { command: string; results: Record<string, { p50: number; p95: number; withContext: number }> };
    assert.equal(record.command, 'hooks');
    for (const setup of ['file', 'server'] as const) {
      assert.ok(record.results[setup]!.p95 >= record.results[setup]!.p50);
      assert.equal(record.results[setup]!.withContext, 3, `${setup}: every run injected context`);
    }
  });
});
