/**
 * USE Lite in a child process: a process that embeds and never calls `close()` still
 * exits (the worker thread does not hold the event loop), printing nothing of its own.
 * Cross-process, so it lives here rather than beside the embedder's unit tests.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';

describe('UseLiteEmbedder in a child process', () => {
  it('lets a process that never calls close exit, with nothing on stdout', () => {
    const url = new URL('../src/embedding/local/use-lite-embedder.js', import.meta.url).href;
    const script = `import { UseLiteEmbedder } from ${JSON.stringify(url)};\nawait new UseLiteEmbedder().embed(['hello']);\nconsole.log('done');`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(child.error, undefined, 'the process did not exit in time');
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout, 'done\n');
  });
});
