/**
 * Must-show 5 of issue 2: the CLI round trip with `--json` against a real file, and its
 * error contract (message on stderr, exit code per error kind, nothing lost).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI_PATH, tempDir } from './support/cli-path.js';

const tmp = tempDir();
after(() => tmp.cleanup());
const db = join(tmp.dir, 'cli.sqlite');

function mnemo(args: string[], input?: string): { code: number; out: string; err: string; json: any } {
  const r = spawnSync(process.execPath, [CLI_PATH, '--db', db, '--user', 'carol', '--embeddings', 'none', ...args], {
    encoding: 'utf8', input, env: { PATH: process.env.PATH ?? '', HOME: tmp.dir },
  });
  let json: unknown;
  try { json = JSON.parse(r.stdout); } catch { json = undefined; }
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr, json };
}

describe('mnemo CLI', () => {
  it('round-trips add, search, list, get, update, history, delete with --json', () => {
    const add = mnemo(['--json', 'add', 'Carol', 'prefers', 'window', 'seats', '--metadata', '{"source":"cli"}']);
    assert.equal(add.code, 0, add.err);
    const id = add.json.results[0].id as string;
    assert.equal(add.json.results[0].event, 'ADD');
    assert.equal(mnemo(['--json', 'add', '-'], 'Carol flies to Oslo in May').code, 0);

    const search = mnemo(['--json', 'search', 'window seat']);
    assert.equal(search.code, 0, search.err);
    assert.equal(search.json.results[0].id, id);
    assert.equal(search.json.mode, 'keyword');
    assert.match(search.json.notice, /keyword/);
    const best = search.json.results[0].score as number;
    assert.ok(best > 0 && best < 1);
    const cut = mnemo(['--json', 'search', 'window seat', '--threshold', String(best + 1e-9)]);
    assert.equal(cut.code, 0, cut.err);
    assert.equal(cut.json.results.length, 0, 'nothing scores above the best hit');
    assert.equal(mnemo(['--json', 'search', 'window seat', '--threshold', String(best)]).json.results[0].id, id);

    const list = mnemo(['--json', 'list', '--limit', '1']);
    assert.equal(list.json.total, 2);
    assert.equal(list.json.results.length, 1);

    const got = mnemo(['--json', 'get', id]);
    assert.equal(got.json.memory, 'Carol prefers window seats');
    assert.deepEqual(got.json.metadata, { source: 'cli' });
    assert.equal(got.json.app, 'mnemo-cli');

    assert.equal(mnemo(['--json', 'update', id, 'Carol prefers aisle seats']).json.memory, 'Carol prefers aisle seats');
    const history = mnemo(['--json', 'history', id]);
    assert.deepEqual(history.json.map((h: { event: string }) => h.event), ['ADD', 'UPDATE']);

    assert.equal(mnemo(['--json', 'delete', id]).code, 0);
    assert.equal(mnemo(['--json', 'list']).json.total, 1);
    const stats = mnemo(['--json', 'stats']);
    assert.equal(stats.json.memories, 1);
    assert.equal(stats.json.byState.deleted, 1);
  });

  it('prints human-readable tables without --json', () => {
    const r = mnemo(['list']);
    assert.equal(r.code, 0);
    assert.match(r.out, /│ memory/);
    assert.match(r.out, /Carol flies to Oslo in May/);
  });

  it('maps errors to exit codes with a message and loses nothing', () => {
    const before = mnemo(['--json', 'list']).json.total;
    const notFound = mnemo(['get', '00000000-0000-4000-8000-000000000000']);
    assert.equal(notFound.code, 3);
    assert.match(notFound.err, /not found/);
    const bad = mnemo(['get', 'xyz']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /UUID/);
    assert.equal(mnemo(['add', '   ']).code, 2);
    assert.equal(mnemo(['add', 'x', '--metadata', '{oops']).code, 2);
    assert.equal(mnemo(['search', 'x', '--limit', 'many']).code, 2);
    for (const t of ['high', '1.5', '-0.1', '']) {
      const r = mnemo(['search', 'x', '--threshold', t]);
      assert.equal(r.code, 2, `--threshold ${t}`);
      assert.match(r.err, /threshold/);
    }
    assert.equal(mnemo(['no-such-command']).code, 2);
    const guarded = mnemo(['delete-all']);
    assert.equal(guarded.code, 2);
    assert.match(guarded.err, /--yes/);
    assert.equal(mnemo(['--json', 'list']).json.total, before);
    assert.equal(mnemo(['--json', 'delete-all', '--yes']).json.deleted, before);
  });

  it('prints help', () => {
    const r = mnemo(['--help']);
    assert.equal(r.code, 0);
    for (const cmd of ['add', 'search', 'list', 'get', 'update', 'delete', 'delete-all', 'history', 'reindex', 'stats', 'mcp']) {
      assert.match(r.out, new RegExp(`\\n  ${cmd} `), cmd);
    }
  });
});
