/**
 * Encryption at rest across processes: the CLI and `mnemo serve` with a key (env or a
 * 0600 key file) leave no memory text in the database files, every command refuses a
 * missing or wrong key with exit code 4 and leaves the file unchanged, the key appears in
 * no output or endpoint, and `mnemo encrypt` killed with SIGKILL leaves a usable database.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import { Memory } from '../src/index.js';
import { CLI_PATH as CLI, tempDir } from './support/cli-path.js';

const temp = tempDir('mnemo-enc-');
after(() => temp.cleanup());
const KEY = 'correct-horse-battery-staple-42';
const WORDS = ['zanzibarite', 'quokkaphile', 'marmalizard'];
const env = (extra: Record<string, string> = {}) => {
  const e: Record<string, string | undefined> = { ...process.env, MNEMO_EMBEDDINGS: 'none', MNEMO_USER_ID: 'alice', ...extra };
  delete e.MNEMO_DB_KEY;
  delete e.MNEMO_DB_KEY_FILE;
  return { ...e, ...extra };
};

interface Run { code: number; stdout: string; stderr: string }
function run(args: string[], extra: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: env(extra), encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
const files = (db: string) => ['', '-wal', '-shm'].map((s) => db + s).filter(existsSync);
const checksum = (db: string) => files(db).map((p) => `${p}:${createHash('sha256').update(readFileSync(p)).digest('hex')}`).join(',');

function noPlaintext(db: string, words: string[]): void {
  const found = files(db);
  assert.ok(found.length > 0);
  for (const p of found) {
    const text = readFileSync(p).toString('latin1');
    for (const w of words) assert.ok(!text.includes(w), `${p} contains "${w}"`);
  }
}

function startServe(db: string, extraArgs: string[], extraEnv: Record<string, string>): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [CLI, '--db', db, ...extraArgs, 'serve', '--port', '0'], { env: env(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => { err += c.toString(); });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /https?:\/\/[^\s]+/.exec(out);
      if (m) resolve({ child, url: m[0].replace(/\/$/, ''), stderr: () => err });
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}
const stop = async (child: ChildProcess) => {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
};

describe('encrypted database through the CLI and serve', () => {
  const db = join(temp.dir, 'enc.sqlite');
  const keyFile = join(temp.dir, 'db.key');
  writeFileSync(keyFile, `${KEY}\n`, { mode: 0o600 });

  it('CLI (MNEMO_DB_KEY) and serve (--db-key-file) write no memory text to .sqlite, -wal or -shm; search and list work', async () => {
    const add = await run(['--db', db, 'add', `the password hint is ${WORDS[0]}`], { MNEMO_DB_KEY: KEY });
    assert.equal(add.code, 0, add.stderr);
    const { child, url, stderr } = await startServe(db, ['--db-key-file', keyFile], {});
    try {
      const res = await fetch(`${url}/api/v1/memories`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `my pet is a ${WORDS[1]}`, user_id: 'alice' }) });
      assert.equal(res.status, 201, await res.clone().text());
      const search = await (await fetch(`${url}/api/v1/memories/search?q=${WORDS[0]}&user_id=alice`)).json() as { results: unknown[] };
      assert.ok(JSON.stringify(search.results[0]).includes(WORDS[0]!), JSON.stringify(search));
      const list = await (await fetch(`${url}/api/v1/memories?user_id=alice`)).json() as { total: number };
      assert.equal(list.total, 2);
      const health = await (await fetch(`${url}/healthz`)).text();
      assert.ok(!health.includes(KEY));
      const install = await (await fetch(`${url}/api/v1/install`)).text();
      assert.ok(!install.includes(KEY));
      // While the server runs, the WAL and -shm exist and hold no memory text either.
      assert.ok(existsSync(`${db}-wal`), 'the WAL exists while serving');
      noPlaintext(db, [...WORDS.slice(0, 2), 'password hint', 'alice']);
      const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
      assert.ok(!cmdline.includes(KEY), 'the key is not in the process arguments');
      assert.ok(!stderr().includes(KEY));
    } finally {
      await stop(child);
    }
    const list = await run(['--db', db, '--db-key-file', keyFile, '--json', 'list']);
    assert.equal(list.code, 0, list.stderr);
    assert.equal((JSON.parse(list.stdout) as { total: number }).total, 2);
    assert.ok(!list.stderr.includes(KEY));
    noPlaintext(db, WORDS.slice(0, 2));
  });

  it('every command fails with exit code 4 without the key or with a wrong one, and the files do not change', async () => {
    const before = checksum(db);
    const commands = [['list'], ['search', WORDS[0]!], ['add', 'should not be stored'], ['stats'], ['export'], ['mcp'], ['serve', '--port', '0']];
    for (const extra of [{}, { MNEMO_DB_KEY: 'not the key' }] as Record<string, string>[]) {
      for (const args of commands) {
        const r = await run(['--db', db, ...args], extra);
        assert.equal(r.code, 4, `${args.join(' ')} ${JSON.stringify(extra)}: ${r.stderr}`);
        assert.match(r.stderr, extra.MNEMO_DB_KEY ? /the key does not open the database/ : /is encrypted.*MNEMO_DB_KEY/);
        assert.ok(!r.stderr.includes('not the key'));
      }
    }
    assert.equal(checksum(db), before);
  });

  it('refuses a key file that others can read, with exit code 2', async () => {
    const loose = join(temp.dir, 'loose.key');
    writeFileSync(loose, KEY, { mode: 0o644 });
    const r = await run(['--db', db, '--db-key-file', loose, 'list']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /chmod 600/);
    assert.ok(!r.stderr.includes(KEY));
  });
});

describe('the key typed at a terminal', () => {
  const hasScript = existsSync('/usr/bin/script');
  it('a CLI command on a terminal asks for the key without echoing it', { skip: hasScript ? false : 'needs util-linux script(1) for a pseudo-terminal' }, async () => {
    const db = join(temp.dir, 'prompt.sqlite');
    assert.equal((await run(['--db', db, 'add', 'typed keys open this'], { MNEMO_DB_KEY: 'typed-secret-77' })).code, 0);
    const child = spawn('/usr/bin/script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} --db ${JSON.stringify(db)} list`, '/dev/null'], { env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let typed = false;
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (!typed && out.includes('key of the encrypted database')) { typed = true; child.stdin!.write('typed-secret-77\r'); }
    });
    const code = await new Promise((r) => child.once('exit', r));
    assert.equal(code, 0, out);
    assert.match(out, /typed keys open this/);
    assert.ok(!out.includes('typed-secret-77'), 'the typed key is not echoed');
  });
});

describe('mnemo encrypt / rekey / decrypt', () => {
  it('round-trips through the CLI with clear errors for wrong keys', async () => {
    const db = join(temp.dir, 'cycle.sqlite');
    assert.equal((await run(['--db', db, 'add', 'I collect vintage typewriters'])).code, 0);
    const enc = await run(['--db', db, 'encrypt'], { MNEMO_DB_KEY: 'k1' });
    assert.equal(enc.code, 0, enc.stderr);
    noPlaintext(db, ['typewriters']);
    assert.equal((await run(['--db', db, 'encrypt'], { MNEMO_DB_KEY: 'k1' })).code, 2, 'already encrypted');
    const wrong = await run(['--db', db, 'rekey'], { MNEMO_DB_KEY: 'k9', MNEMO_DB_NEW_KEY: 'k2' });
    assert.equal(wrong.code, 4);
    assert.equal((await run(['--db', db, 'rekey'], { MNEMO_DB_KEY: 'k1', MNEMO_DB_NEW_KEY: 'k2' })).code, 0);
    assert.equal((await run(['--db', db, 'list'], { MNEMO_DB_KEY: 'k1' })).code, 4);
    const dec = await run(['--db', db, 'decrypt'], { MNEMO_DB_KEY: 'k2' });
    assert.equal(dec.code, 0, dec.stderr);
    const list = await run(['--db', db, '--json', 'list']);
    assert.equal((JSON.parse(list.stdout) as { results: { memory: string }[] }).results[0]?.memory, 'I collect vintage typewriters');
  });

  it('SIGKILL in the middle of encrypt leaves a usable database (the old or the new one)', async () => {
    const db = join(temp.dir, 'kill.sqlite');
    const memory = new Memory({ path: db, embedder: null, categorizer: null });
    const N = 1500;
    for (let i = 0; i < N; i += 1) await memory.add(`killtest memory number ${i} about topic ${i * 7}`, { userId: 'alice' });
    await memory.close();
    const count = async (key?: string) => {
      const r = await run(['--db', db, '--json', 'list', '--limit', '1'], key ? { MNEMO_DB_KEY: key } : {});
      return r.code === 0 ? (JSON.parse(r.stdout) as { total: number }).total : -r.code;
    };
    // Kill at each visible step: once the backup exists, once the work copy exists.
    for (const marker of [`${db}.bak`, `${db}.rekey-tmp`]) {
      const child = spawn(process.execPath, [CLI, '--db', db, 'encrypt'], { env: env({ MNEMO_DB_KEY: 'kk' }), stdio: 'ignore' });
      const exited = new Promise((r) => child.once('exit', r));
      let seen = false;
      const deadline = Date.now() + 20_000;
      while (child.exitCode === null && Date.now() < deadline) {
        if (existsSync(marker)) { seen = true; break; }
        await new Promise((r) => setImmediate(r));
      }
      child.kill('SIGKILL');
      await exited;
      const plain = await count();
      const total = plain === -4 ? await count('kk') : plain;
      assert.equal(total, N, `after SIGKILL (${seen ? `once ${marker} existed` : 'after the run'}) the database opens (plain: ${plain}) with all memories`);
      if (plain === -4) assert.equal((await run(['--db', db, 'decrypt'], { MNEMO_DB_KEY: 'kk' })).code, 0);
    }
    // A later run cleans up after the killed one and finishes.
    const done = await run(['--db', db, 'encrypt'], { MNEMO_DB_KEY: 'kk' });
    assert.equal(done.code, 0, done.stderr);
    assert.equal(await count('kk'), N);
    assert.ok(!existsSync(`${db}.rekey-tmp`) && !existsSync(`${db}.bak`));
  });
});
