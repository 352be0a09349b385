/**
 * Smoke runs of the issue-15 benchmarks so they never rot: `bench mcp-startup` and
 * `bench/server-load.ts` (`npm run bench:server`) run end to end on tiny inputs in a
 * temporary folder and must write their JSON records with the expected keys. Figures
 * are printed by the scripts and never asserted.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { RunRecord } from '../bench/report/results.js';

const run = promisify(execFile);
const BENCH = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'bench');

function record<T>(dir: string, command: string): RunRecord<T> {
  const file = readdirSync(dir).find((f) => f.startsWith(`${command}-`) && f.endsWith('.json'));
  assert.ok(file, `no ${command}-*.json in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as RunRecord<T>;
}

describe('issue-15 benchmarks (smoke)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mnemo-bench-server-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('mcp-startup records initialize, first search with its mode, and the first hybrid answer', async () => {
    const out = join(dir, 'mcp');
    await run(process.execPath, [join(BENCH, 'main.js'), 'mcp-startup', '--memories', '20', '--runs', '1', '--out', out], { timeout: 300_000 });
    const r = record<{ summary: { initializeMs: number; firstToolCallMs: number; hybridMs: number }; runs: Array<{ firstMode: string }> }>(out, 'mcp-startup');
    assert.ok(r.results.summary.initializeMs > 0 && r.results.summary.firstToolCallMs >= r.results.summary.initializeMs);
    assert.ok(r.results.summary.hybridMs >= r.results.summary.firstToolCallMs);
    assert.ok(['keyword', 'hybrid'].includes(r.results.runs[0]!.firstMode));
  });

  it('server-load records req/s, percentiles and CPU per request of each scenario', async () => {
    const out = join(dir, 'server');
    await run(process.execPath, [join(BENCH, 'server-load.js'), '--memories', '200', '--duration', '1', '--connections', '2', '--embeddings', 'none', '--read-threads', '1', '--out', out], { timeout: 300_000 });
    const r = record<Array<{ name: string; requests: number; errors: number; p50: number }>>(out, 'server-load');
    assert.deepEqual(r.results.map((row) => row.name), ['search', 'add']);
    for (const row of r.results) {
      assert.ok(row.requests > 0, `${row.name} answered requests`);
      assert.equal(row.errors, 0, `${row.name} without errors`);
    }
  });
});
