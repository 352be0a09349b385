/**
 * Issue 13 item 6: `mnemo import` and `export` draw (reindex shares src/cli/progress.ts) a progress bar on stderr
 * when asked (`--progress`, as a terminal would get by default) and stay quiet with
 * `--json` (no bar; stdout is exactly the JSON result) or off a terminal.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI_PATH, tempDir } from './support/cli-path.js';

const tmp = tempDir();
after(() => tmp.cleanup());

function mnemo(db: string, args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI_PATH, '--db', join(tmp.dir, db), '--user', 'dora', '--embeddings', 'none', ...args], {
    encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: tmp.dir },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** A mem0 get_all style JSON file of `n` memories. */
function memoriesFile(n: number): string {
  const path = join(tmp.dir, `mem0-${n}.json`);
  writeFileSync(path, JSON.stringify({ results: Array.from({ length: n }, (_, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, memory: `Fact number ${i} about Dora`, user_id: 'dora', created_at: '2026-01-02T03:04:05Z' })) }));
  return path;
}

describe('CLI progress bars', () => {
  const file = memoriesFile(120);

  it('import --progress draws a bar with counts on stderr; --json stays quiet', () => {
    const shown = mnemo('a.sqlite', ['import', file, '--progress']);
    assert.equal(shown.code, 0, shown.err);
    assert.match(shown.err, /import \[[█░]+\] 120\/120 memories/);
    assert.match(shown.out, /imported 120/);

    const quiet = mnemo('b.sqlite', ['--json', 'import', file]);
    assert.equal(quiet.code, 0, quiet.err);
    assert.doesNotMatch(quiet.err, /\[[█░]+\]/, 'no bar with --json');
    assert.equal(JSON.parse(quiet.out).imported, 120, 'stdout is only the JSON report');

    const offTerminal = mnemo('c.sqlite', ['import', file]);
    assert.doesNotMatch(offTerminal.err, /\[[█░]+\]/, 'no bar off a terminal unless --progress');
  });

  it('export --progress counts the memories written; the file is whole', () => {
    const out = join(tmp.dir, 'export.json');
    const shown = mnemo('a.sqlite', ['export', out, '--progress']);
    assert.equal(shown.code, 0, shown.err);
    assert.match(shown.err, /export \[[█░]+\] 120\/120 memories/);
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).memories.length, 120);
    const stdout = mnemo('a.sqlite', ['export']);
    assert.doesNotMatch(stdout.err, /\[[█░]+\]/, 'no bar while the export goes to stdout');
    assert.equal(JSON.parse(stdout.out).memories.length, 120);
  });

});
