/**
 * The access-log buffer on its own: batches within the delay, writes at once past the
 * pending bound, keeps entries (in order) when a write fails and retries them, and a
 * flush waits for a write already under way.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACCESS_LOG_MAX_PENDING, AccessLogBuffer, type PendingRead } from './sqlite-access-buffer.js';

const read = (at: number): PendingRead => ({ memoryId: `m${at}`, app: null, action: 'search', query: null, score: null, at });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('AccessLogBuffer', () => {
  it('writes what arrives within the delay as one batch', async () => {
    const batches: number[][] = [];
    const buffer = new AccessLogBuffer(async (entries) => { batches.push(entries.map((e) => e.at)); }, 20);
    buffer.add([read(1)]);
    buffer.add([read(2), read(3)]);
    assert.deepEqual(batches, []);
    for (let i = 0; i < 100 && batches.length === 0; i++) await sleep(10);
    assert.deepEqual(batches, [[1, 2, 3]]);
  });

  it('writes at once past the pending bound', async () => {
    const batches: number[] = [];
    const buffer = new AccessLogBuffer(async (entries) => { batches.push(entries.length); }, 60_000);
    buffer.add(Array.from({ length: ACCESS_LOG_MAX_PENDING }, (_, i) => read(i)));
    await buffer.flush();
    assert.deepEqual(batches, [ACCESS_LOG_MAX_PENDING]);
  });

  it('keeps the entries of a failed write, in order, and writes them on the next flush', async () => {
    const written: number[] = [];
    let fail = true;
    const buffer = new AccessLogBuffer(async (entries) => {
      if (fail) throw new Error('database is locked');
      written.push(...entries.map((e) => e.at));
    }, 60_000);
    buffer.add([read(1), read(2)]);
    await assert.rejects(buffer.flush(), /locked/);
    buffer.add([read(3)]);
    fail = false;
    await buffer.close();
    assert.deepEqual(written, [1, 2, 3]);
  });

  it('a flush waits for a write under way and for what arrived meanwhile', async () => {
    const written: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const buffer = new AccessLogBuffer(async (entries) => {
      if (written.length === 0) await gate;
      written.push(...entries.map((e) => e.at));
    }, 60_000);
    buffer.add([read(1)]);
    const first = buffer.flush();
    buffer.add([read(2)]);
    const second = buffer.flush();
    release();
    await Promise.all([first, second]);
    assert.deepEqual(written, [1, 2]);
  });
});
