/**
 * The published package: `npm pack` ships the runtime only (no test, no bench, no test
 * support, no source maps), and the packed files alone run the CLI — `mnemo --help`,
 * `mnemo add`, `mnemo search` — from the unpacked tarball, with no `src/` or `test/`
 * beside them. Dependencies resolve from the project's node_modules (the tarball is
 * unpacked under `.pack-test/` in the project), so the test needs no network and no
 * native rebuild; a full `npm install` of the tarball into an empty prefix was checked by
 * hand (see the issue 9 report: about 5 minutes, most of it compiling better-sqlite3).
 * Runs after `npm run build` (it packs `dist/` as built, with `--ignore-scripts`).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PROJECT_ROOT, tempDir } from './support/cli-path.js';

/** Anything that is development-only and must not ship. */
const FORBIDDEN = [
  /\.test\./, /(^|\/)bench\//, /^dist\/test\//, /\.map$/, /(^|\/)test\//,
  /test-harness|http-harness|fake-http-server|http-embedder-conformance|tiny-onnx-model|store-conformance/,
];

describe('the packed package', () => {
  const work = join(PROJECT_ROOT, '.pack-test', String(process.pid));
  const temp = tempDir('mnemo-pack-');
  let files: string[] = [];
  let bin = '';

  before(() => {
    mkdirSync(work, { recursive: true });
    const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    const [info] = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
    files = info!.files.map((f) => f.path);
    execFileSync('tar', ['-xzf', join(work, info!.filename), '-C', work]);
    const pkg = JSON.parse(readFileSync(join(work, 'package', 'package.json'), 'utf8')) as { bin: { mnemo: string } };
    bin = join(work, 'package', pkg.bin.mnemo);
  });
  after(() => {
    rmSync(work, { recursive: true, force: true });
    temp.cleanup();
  });

  it('lists no test, bench, test-support file or source map', () => {
    assert.ok(files.length > 50, `${files.length} files`);
    assert.deepEqual(files.filter((f) => FORBIDDEN.some((re) => re.test(f))), []);
  });

  it('holds the entry points package.json names and the dashboard', () => {
    for (const f of ['package.json', 'README.md', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli/main.js', 'dist/web/index.html']) {
      assert.ok(files.includes(f), f);
    }
    assert.ok(existsSync(bin));
  });

  it('runs mnemo --help, add and search from the unpacked files', () => {
    const db = join(temp.dir, 'm.sqlite');
    const run = (...args: string[]) => execFileSync(process.execPath, [bin, '--db', db, '--user', 'pack-test', ...args], { encoding: 'utf8', cwd: temp.dir });
    assert.match(run('--help'), /Usage: mnemo/);
    assert.match(run('add', 'I prefer window seats on long flights'), /^ADD [0-9a-f-]{36} I prefer window seats/);
    const hits = JSON.parse(run('--json', 'search', 'window seat')) as { results: Array<{ memory: string }> };
    assert.equal(hits.results[0]?.memory, 'I prefer window seats on long flights');
  });
});
