/**
 * `mnemo migrate` with encrypted SQLite ends (issues 10 and 14): an encrypted source opens
 * with `--from-key-file` (or the configured key), a new target given `--to-key-file` is
 * created encrypted, and a missing key fails with a clear message and a non-zero exit,
 * leaving the source as it was.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Memory } from '../src/index.js';
import { fileKind } from '../src/storage/sqlite/sqlite-cipher.js';
import { CLI_PATH, tempDir } from './support/cli-path.js';

const tmp = tempDir('mnemo-migrate-key-');
after(() => tmp.cleanup());

function mnemo(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI_PATH, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: tmp.dir, ...env } });
}

function keyFile(name: string, key: string): string {
  const path = join(tmp.dir, name);
  writeFileSync(path, `${key}\n`, { mode: 0o600 });
  return path;
}

describe('mnemo migrate with encrypted SQLite files', () => {
  it('copies an encrypted file into a new encrypted file, and refuses without the key', async () => {
    const source = join(tmp.dir, 'source.sqlite');
    const memory = new Memory({ path: source, embedder: null, encryptionKey: 'source key' });
    await memory.add('Alice is allergic to peanuts', { userId: 'alice' });
    await memory.add('Alice lives in Lisbon', { userId: 'alice' });
    await memory.close();
    const sourceKey = keyFile('source.key', 'source key');
    const targetKey = keyFile('target.key', 'target key');

    const keyless = mnemo(['migrate', '--from', source, '--to', join(tmp.dir, 'nokey.sqlite')]);
    assert.notEqual(keyless.status, 0);
    assert.match(keyless.stderr, /encrypted/);
    assert.equal(existsSync(join(tmp.dir, 'nokey.sqlite')), false, 'nothing created when the source cannot be opened');

    const target = join(tmp.dir, 'target.sqlite');
    const run = mnemo(['migrate', '--from', source, '--from-key-file', sourceKey, '--to', target, '--to-key-file', targetKey]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /2 memories/);
    assert.equal(fileKind(target), 'encrypted');
    const copy = new Memory({ path: target, embedder: null, encryptionKey: 'target key' });
    const all = await copy.getAll({ userId: 'alice', log: false });
    assert.deepEqual(all.results.map((m) => m.memory).sort(), ['Alice is allergic to peanuts', 'Alice lives in Lisbon']);
    await copy.close();

    // The configured key (MNEMO_DB_KEY) opens an encrypted source; a plaintext target is created plaintext.
    const plain = join(tmp.dir, 'plain.sqlite');
    const viaEnv = mnemo(['migrate', '--from', source, '--to', plain], { MNEMO_DB_KEY: 'source key' });
    assert.equal(viaEnv.status, 0, viaEnv.stderr);
    assert.equal(fileKind(plain), 'plaintext');

    const wrong = mnemo(['migrate', '--from', source, '--from-key-file', targetKey, '--to', join(tmp.dir, 'wrong.sqlite')]);
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.stderr, /key does not open/);
  });
});
