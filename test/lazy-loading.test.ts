/**
 * Heavy and native pieces load only when used (the composition root in
 * src/engine/compose.ts): a caller with its own store never loads better-sqlite3 or
 * sqlite-vec, a PostgreSQL caller loads `pg` but never better-sqlite3, a SQLite caller
 * never loads `pg`, and a keyword-only caller never loads an embedding model. Each case runs in
 * a child process whose module resolutions are traced by a loader hook.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { PROJECT_ROOT, tempDir } from './support/cli-path.js';
import { pgliteUrl, stopPglite } from './support/postgres-servers.js';

const temp = tempDir('mnemo-lazy-');
after(() => temp.cleanup());
after(stopPglite);
const INDEX = pathToFileURL(join(PROJECT_ROOT, 'dist', 'src', 'index.js')).href;

/** Runs `body` (an ES module using `Memory` and `dir`) and returns every module URL it resolved. */
async function tracedRun(name: string, body: string): Promise<string[]> {
  const trace = join(temp.dir, `${name}.trace`);
  const hooks = join(temp.dir, 'hooks.mjs');
  writeFileSync(hooks, `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.MNEMO_TRACE, result.url + '\\n');
  return result;
}`);
  const register = join(temp.dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});`);
  const script = join(temp.dir, `${name}.mjs`);
  writeFileSync(script, `import { Memory } from ${JSON.stringify(INDEX)};\nconst dir = ${JSON.stringify(temp.dir)};\n${body}`);
  writeFileSync(trace, '');
  // Asynchronous: the PGlite server of the Postgres case runs in this process's event loop.
  await promisify(execFile)(process.execPath, ['--import', pathToFileURL(register).href, script], { env: { ...process.env, MNEMO_TRACE: trace }, encoding: 'utf8' });
  return readFileSync(trace, 'utf8').split('\n').filter(Boolean);
}

const loaded = (trace: string[], pattern: RegExp) => trace.filter((url) => pattern.test(url));
const MODEL = /@energetic-ai|@huggingface|onnxruntime|use-lite-model|use-lite-worker/;
const SQLITE = /node_modules\/(better-sqlite3|sqlite-vec)\//;
const PG = /node_modules\/(pg|pg-pool|pg-protocol)\//;
const CIPHER = /node_modules\/better-sqlite3-multiple-ciphers\//;

describe('lazy loading of native pieces and models', () => {
  it('a keyword-only caller adds and searches without loading any model', async () => {
    const trace = await tracedRun('keyword-only', `
const memory = new Memory({ path: dir + '/k.sqlite', embeddings: { provider: 'none' }, categorizer: null });
await memory.add('I prefer window seats', { userId: 'u' });
const { results } = await memory.search('window seats', { userId: 'u' });
if (results.length !== 1) throw new Error('search found ' + results.length);
await memory.close();`);
    assert.deepEqual(loaded(trace, MODEL), []);
    assert.ok(loaded(trace, SQLITE).length > 0, 'the SQLite store itself is loaded');
    assert.deepEqual(loaded(trace, PG), [], 'a SQLite caller never loads pg');
    assert.deepEqual(loaded(trace, CIPHER), [], 'a caller without a key never loads the cipher driver');
  });

  it('a caller with an encryption key loads the cipher driver and not better-sqlite3', async () => {
    const trace = await tracedRun('encrypted', `
const memory = new Memory({ path: dir + '/e.sqlite', embedder: null, categorizer: null, encryptionKey: 'k' });
await memory.add('I prefer window seats', { userId: 'u' });
await memory.close();`);
    assert.ok(loaded(trace, CIPHER).length > 0, 'the cipher driver is loaded');
    assert.deepEqual(loaded(trace, /node_modules\/better-sqlite3\//), []);
  });

  it('a PostgreSQL caller loads pg and never better-sqlite3 or sqlite-vec', async () => {
    const url = `${await pgliteUrl()}&schema=lazy&pool_max=1`;
    const trace = await tracedRun('postgres', `
const memory = new Memory({ databaseUrl: ${JSON.stringify(url)}, embedder: null, categorizer: null });
await memory.add('I prefer window seats', { userId: 'u' });
const { results } = await memory.search('window seats', { userId: 'u' });
if (results.length !== 1) throw new Error('search found ' + results.length);
if ((await memory.info()).storage.kind !== 'postgres') throw new Error('not postgres');
await memory.close();`);
    assert.deepEqual(loaded(trace, SQLITE), []);
    assert.ok(loaded(trace, PG).length > 0, 'the pg driver is loaded');
  });

  it('a caller with its own store never loads better-sqlite3 or sqlite-vec', async () => {
    const trace = await tracedRun('own-store', `
const store = {
  kind: 'stub', schemaVersion: 1, governance: {}, close: async () => {},
  capabilities: { vectorSearch: false, vectorUnavailableReason: 'stub', keywordScore: 'bm25', exactVectorSearch: true, approximateVectorIndex: false, filterPushdown: false },
};
const memory = new Memory({ store, embedder: null });
const info = await memory.info();
if (info.storage.kind !== 'stub') throw new Error('wrong store');
await memory.close();`);
    assert.deepEqual(loaded(trace, SQLITE), []);
    assert.deepEqual(loaded(trace, MODEL), []);
  });
});
