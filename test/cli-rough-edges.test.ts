/**
 * The CLI's rough edges a new user hit (issue 13), each as it was seen: `mnemo add -`
 * kept the trailing newline; `--json` errors printed as plain text; a mistyped `--db`
 * created folders and an empty database and exited 0; `stats` said "users 1" for a
 * database with two users.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI_PATH, tempDir } from './support/cli-path.js';

const tmp = tempDir();
after(() => tmp.cleanup());
const db = join(tmp.dir, 'rough.sqlite');

function mnemo(args: string[], input?: string, user = 'carol') {
  const r = spawnSync(process.execPath, [CLI_PATH, '--user', user, '--embeddings', 'none', ...args], {
    encoding: 'utf8', input, env: { PATH: process.env.PATH ?? '', HOME: tmp.dir },
  });
  let json: any;
  try { json = JSON.parse(r.stdout); } catch { json = undefined; }
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr, json };
}

describe('CLI rough edges', () => {
  it('add - stores piped text without its trailing newline', () => {
    const r = mnemo(['--db', db, '--json', 'add', '-'], 'Carol flies to Oslo in May\n');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.json.results[0].memory, 'Carol flies to Oslo in May');
    assert.equal(mnemo(['--db', db, '--json', 'get', r.json.results[0].id]).json.memory, 'Carol flies to Oslo in May');
  });

  it('--json prints errors as JSON on stderr with the exit code of their kind', () => {
    const r = mnemo(['--db', db, '--json', 'get', 'not-a-uuid']);
    assert.notEqual(r.code, 0);
    const parsed = JSON.parse(r.err) as { error: { code: string; message: string } };
    assert.equal(parsed.error.code, 'INVALID_INPUT');
    assert.match(parsed.error.message, /UUID/);
  });

  it('refuses a --db whose folder does not exist, creating nothing', () => {
    const typo = join(tmp.dir, 'no-such-folder', 'deeper', 'memory.sqlite');
    const r = mnemo(['--db', typo, 'list']);
    assert.notEqual(r.code, 0);
    assert.match(r.err, /folder of the database .* does not exist/);
    assert.equal(existsSync(join(tmp.dir, 'no-such-folder')), false);
  });

  it('stats says how many users the database holds, and whose counts it shows', () => {
    assert.equal(mnemo(['--db', db, 'add', 'Dave likes tea'], undefined, 'dave').code, 0);
    const human = mnemo(['--db', db, 'stats']);
    assert.match(human.out, /counts of\s+user carol/);
    assert.match(human.out, /users\s+2 in the database/);
    const json = mnemo(['--db', db, '--json', 'stats']);
    assert.equal(json.json.usersInDatabase, 2);
    assert.equal(json.json.scope, 'carol');
  });
});
