/**
 * `mnemo entities|facts|contradictions|reflect` as a separate process on a real file:
 * superseded facts shown with their intervals, as-of views, a contradiction resolved,
 * and exit codes for errors.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI_PATH, tempDir } from './support/cli-path.js';

const tmp = tempDir();
const db = join(tmp.dir, 'graph-cli.sqlite');

function mnemo(args: string[]): { code: number; out: string; err: string; json: any } {
  const r = spawnSync(process.execPath, [CLI_PATH, '--db', db, '--user', 'dora', '--embeddings', 'none', ...args], {
    encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: tmp.dir },
  });
  let json: unknown = null;
  try { json = JSON.parse(r.stdout); } catch { /* human output */ }
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr, json };
}

describe('graph CLI', () => {
  after(() => tmp.cleanup());

  it('adds entities and facts; lists them with validity intervals and as of a time', () => {
    assert.equal(mnemo(['entities', 'add', 'Alice', '--type', 'person', '--alias', 'Ali']).code, 0);
    assert.equal(mnemo(['facts', 'add', 'Alice', 'lives in Berlin', '--predicate', 'lives_in', '--valid-at', '2024-01-10']).code, 0);
    const h = mnemo(['facts', 'add', 'Alice', 'lives in Hamburg', '--predicate', 'lives_in', '--valid-at', '2024-06-01']);
    assert.match(h.out, /closed /);
    const all = mnemo(['facts', 'Alice', '--all']);
    assert.match(all.out, /2024-01-10 → 2024-06-01 {2}lives in Berlin \[lives_in\] \(superseded by /);
    const then = mnemo(['--json', 'facts', 'list', 'Alice', '--as-of', '2024-03-01']);
    assert.deepEqual(then.json.map((f: { content: string }) => f.content), ['lives in Berlin']);
    const list = mnemo(['--json', 'entities']);
    assert.equal(list.json.rows[0].name, 'Alice');
  });

  it('lists and resolves contradictions; reflects; errors exit non-zero', () => {
    mnemo(['add', 'I like coffee']);
    mnemo(['add', 'I do not like coffee']);
    const found = mnemo(['--json', 'contradictions']);
    assert.equal(found.json.length, 1);
    assert.equal(mnemo(['contradictions', 'resolve', found.json[0].id, 'dismiss']).code, 0);
    assert.equal(mnemo(['--json', 'contradictions']).json.length, 0);
    assert.match(mnemo(['reflect']).out, /## Reflection/);
    const missing = mnemo(['facts', 'Nobody']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.err, /entity "Nobody" not found/);
    assert.notEqual(mnemo(['contradictions', 'resolve', 'bogus', 'dismiss']).code, 0);
  });
});
