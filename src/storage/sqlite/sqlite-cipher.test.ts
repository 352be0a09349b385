import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { after, describe, it } from 'node:test';
import { DbKey, readKeyFile } from '../../config/db-key.js';
import { isMnemoError } from '../../core/errors.js';
import type { Embedder, Vector } from '../../embedding/embedder.js';
import { Memory } from '../../engine/memory.js';
import { fileKind } from './sqlite-cipher.js';
import { changeDatabaseKey } from './sqlite-rekey.js';

const dir = mkdtempSync(join(tmpdir(), 'mnemo-cipher-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A deterministic 8-dimension embedder (letter histogram), so vectors are stored and compared. */
const embedder: Embedder = {
  id: 'test:letters-8',
  dimensions: 8,
  embed: async (texts) => texts.map((t): Vector => {
    const v = new Float32Array(8);
    for (const ch of t.toLowerCase()) v[ch.charCodeAt(0) % 8]! += 1;
    const n = Math.hypot(...v) || 1;
    return v.map((x) => x / n);
  }),
};

const WORDS = ['quetzalcoatl', 'xylophonist', 'brontosaurus'];
const sha = (path: string) => (existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : 'absent');
/** Every file of the database (main, -wal, -shm) that exists, as latin1 text (a `strings`-like scan). */
const rawFiles = (db: string) => ['', '-wal', '-shm'].map((s) => db + s).filter(existsSync).map((p) => ({ p, text: readFileSync(p).toString('latin1') }));

async function rejectsWith(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (e: unknown) => isMnemoError(e) && e.code === code && pattern.test(e.message) && !e.message.includes('s3cret'));
}

describe('encrypted SQLite databases (SDK)', () => {
  const db = join(dir, 'sdk.sqlite');

  it('stores nothing readable in the .sqlite, -wal or -shm file while open and after close; search and list work', async () => {
    const memory = new Memory({ path: db, embedder, encryptionKey: 's3cret', categorizer: null });
    for (const w of WORDS) await memory.add(`my favourite word is ${w}`, { userId: 'alice' });
    const hits = await memory.search('quetzalcoatl', { userId: 'alice' });
    assert.equal(hits.results[0]?.memory, 'my favourite word is quetzalcoatl');
    assert.equal((await memory.getAll({ userId: 'alice' })).total, 3);
    const open = rawFiles(db);
    assert.ok(open.some((f) => f.p.endsWith('-wal')), 'the WAL exists while the database is open');
    for (const { p, text } of open) {
      for (const w of [...WORDS, 'favourite', 'alice', 'SQLite format 3']) assert.ok(!text.includes(w), `${p} contains ${w}`);
    }
    await memory.close();
    for (const { p, text } of rawFiles(db)) for (const w of WORDS) assert.ok(!text.includes(w), `${p} contains ${w}`);
    assert.equal(fileKind(db), 'encrypted');
  });

  it('refuses a missing or wrong key with FORBIDDEN and writes nothing', async () => {
    const before = rawFiles(db).map((f) => `${f.p}:${sha(f.p)}`);
    await rejectsWith(new Memory({ path: db, embedder }).getAll({ userId: 'alice' }), 'FORBIDDEN', /is encrypted.*MNEMO_DB_KEY/);
    await rejectsWith(new Memory({ path: db, embedder, encryptionKey: 'wrong' }).getAll({ userId: 'alice' }), 'FORBIDDEN', /key does not open/);
    assert.deepEqual(rawFiles(db).map((f) => `${f.p}:${sha(f.p)}`), before);
  });

  it('refuses a key for a plaintext file (INVALID_INPUT) without touching it', async () => {
    const plain = join(dir, 'plain.sqlite');
    const m = new Memory({ path: plain, embedder: null, categorizer: null });
    await m.add('plain words here', { userId: 'u' });
    await m.close();
    const before = sha(plain);
    await rejectsWith(new Memory({ path: plain, embedder: null, encryptionKey: 's3cret' }).getAll({ userId: 'u' }), 'INVALID_INPUT', /not encrypted/);
    assert.equal(sha(plain), before);
  });
});

describe('encrypt -> rekey -> decrypt', () => {
  it('keeps every memory, history row, vector and API key', async () => {
    const db = join(dir, 'cycle.sqlite');
    const m = new Memory({ path: db, embedder, categorizer: null });
    const { results } = await m.add('I keep bees in Lisbon', { userId: 'bob' });
    await m.update(results[0]!.id, 'I keep bees in Porto', { userId: 'bob' });
    await m.add('my dog is called Pixel', { userId: 'bob' });
    await m.keys.create('bob', { name: 'laptop' });
    const snapshot = async (mem: Memory) => {
      const rows = [];
      for await (const r of mem.exportWithHistory({ userId: 'bob' })) rows.push(r);
      const stats = await mem.stats({ userId: 'bob' });
      const keys = (await mem.keys.list('bob')).map((k) => ({ ...k, lastUsedAt: null }));
      return JSON.stringify({ rows, keys, missing: stats.missingVectors, space: stats.vectorSpace });
    };
    const want = await snapshot(m);
    await m.close();
    assert.match(want, /Porto/);
    assert.match(want, /Lisbon/, 'the history row is in the snapshot');

    const k1 = DbKey.from('first key');
    const k2 = DbKey.from('second key');
    await changeDatabaseKey(db, null, k1);
    assert.equal(fileKind(db), 'encrypted');
    assert.ok(!readFileSync(db).toString('latin1').includes('Porto'));
    await rejectsWith(changeDatabaseKey(db, k2, null), 'FORBIDDEN', /key does not open/);
    await changeDatabaseKey(db, k1, k2);
    const enc = new Memory({ path: db, embedder, encryptionKey: k2, categorizer: null });
    assert.equal(await snapshot(enc), want);
    assert.equal((await enc.search('bees', { userId: 'bob' })).results[0]?.memory, 'I keep bees in Porto');
    await enc.close();
    await rejectsWith(new Memory({ path: db, embedder, encryptionKey: k1 }).getAll({ userId: 'bob' }), 'FORBIDDEN', /key does not open/);
    await changeDatabaseKey(db, k2, null);
    assert.equal(fileKind(db), 'plaintext');
    const plain = new Memory({ path: db, embedder, categorizer: null });
    assert.equal(await snapshot(plain), want);
    await plain.close();
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('cycle') && /bak|tmp/.test(f)), [], 'no backup or work copy left');
  });

  it('refuses to encrypt an encrypted file, decrypt a plaintext one, or touch a missing one', async () => {
    const db = join(dir, 'states.sqlite');
    const m = new Memory({ path: db, embedder: null, categorizer: null });
    await m.add('state check', { userId: 'u' });
    await m.close();
    const k = DbKey.from('k');
    await rejectsWith(changeDatabaseKey(db, k, null), 'INVALID_INPUT', /not encrypted/);
    await changeDatabaseKey(db, null, k);
    await rejectsWith(changeDatabaseKey(db, null, k), 'INVALID_INPUT', /already encrypted/);
    await rejectsWith(changeDatabaseKey(join(dir, 'nope.sqlite'), null, k), 'NOT_FOUND', /no database/);
  });
});

describe('keys never print themselves; key files must be private', () => {
  it('DbKey is redacted in String, JSON and inspect', () => {
    const k = DbKey.from('s3cret');
    assert.equal(String(k), '[redacted]');
    assert.equal(JSON.stringify({ k }), '{"k":"[redacted]"}');
    assert.ok(!inspect({ k }).includes('s3cret'));
    assert.equal(k.reveal(), 's3cret');
  });

  it('reads a 0600 key file without its trailing newline and refuses a group/world-readable one', { skip: process.platform === 'win32' ? 'POSIX modes' : false }, () => {
    const file = join(dir, 'key.txt');
    writeFileSync(file, 's3cret\n', { mode: 0o600 });
    chmodSync(file, 0o600);
    assert.equal(readKeyFile(file).reveal(), 's3cret');
    chmodSync(file, 0o644);
    assert.throws(() => readKeyFile(file), (e: unknown) => isMnemoError(e, 'INVALID_INPUT') && /chmod 600/.test(e.message) && !e.message.includes('s3cret'));
    assert.throws(() => readKeyFile(join(dir, 'missing.txt')), (e: unknown) => isMnemoError(e, 'INVALID_INPUT'));
  });
});
