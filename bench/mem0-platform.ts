#!/usr/bin/env node
/**
 * What mem0's platform features cost on the write and read paths (issue 16), on a real
 * SQLite file, keyword-only (no embedder), so it measures the features, not embedding:
 * - `add`: median ms per add of one memory with no project settings, and with
 *   `custom_categories` set (one settings read per add, then the custom keyword classifier);
 * - `list`: median ms of one page (100) of a user with N memories of which half expired,
 *   hiding expired ones (the default) and with `showExpired`;
 * - `webhooks`: median ms per add with a webhook dispatcher delivering every add to a
 *   local receiver (delivery runs after the add returns), and the median time from an
 *   add's return to the receiver getting its event, in a burst (adds back to back, so
 *   deliveries queue) and one at a time.
 * Writes `bench/results/mem0-platform-<stamp>.json`.
 *
 * Usage: `node dist/bench/mem0-platform.js [--adds 300] [--memories 10000] [--out dir]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Memory } from '../src/engine/memory.js';
import { WebhookDispatcher } from '../src/engine/webhooks.js';
import { defaultResultsDir } from './paths.js';
import { machineInfo, writeResult } from './report/results.js';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)]!;
};
const round = (x: number): number => Math.round(x * 1000) / 1000;

async function timeAdds(memory: Memory, n: number, user: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await memory.add(`Note ${i}: collected honey from hive ${i % 7} and fixed the sails of boat ${i}`, { userId: user });
    times.push(performance.now() - t);
  }
  return times;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { adds: { type: 'string', default: '300' }, memories: { type: 'string', default: '10000' }, out: { type: 'string' } } });
  const adds = Number(values.adds);
  const n = Number(values.memories);
  const out = resolve(values.out ?? defaultResultsDir());
  const startedAt = new Date().toISOString();
  const dir = mkdtempSync(join(tmpdir(), 'mnemo-bench-mem0-'));
  const results: Record<string, Record<string, number>> = {};
  try {
    // add: without and with custom categories
    {
      const memory = new Memory({ path: join(dir, 'add.sqlite'), embedder: null });
      await memory.add('warm up', { userId: 'w' });
      const plain = await timeAdds(memory, adds, 'plain');
      await memory.project.update({ customCategories: [{ beekeeping: 'bees, hives and honey' }, { sailing: 'boats, sails and regattas' }] });
      const custom = await timeAdds(memory, adds, 'custom');
      results.add = { adds, medianMsNoSettings: round(median(plain)), medianMsCustomCategories: round(median(custom)) };
      await memory.close();
    }
    // list: half of N expired
    {
      const now = Date.now();
      const memory = new Memory({ path: join(dir, 'list.sqlite'), embedder: null, categorizer: null });
      for (let i = 0; i < n; i += 500) {
        const batch = Array.from({ length: Math.min(500, n - i) }, (_, j) => `memory number ${i + j}`);
        const half = batch.slice(0, batch.length / 2);
        await memory.add(half, { userId: 'u', expiresAt: now - 1000 });
        await memory.add(batch.slice(batch.length / 2), { userId: 'u' });
      }
      const hidden: number[] = [];
      const shown: number[] = [];
      let totals = [0, 0];
      for (let r = 0; r < 15; r++) {
        let t = performance.now();
        const a = await memory.getAll({ userId: 'u', limit: 100, log: false });
        hidden.push(performance.now() - t);
        t = performance.now();
        const b = await memory.getAll({ userId: 'u', limit: 100, log: false, showExpired: true });
        shown.push(performance.now() - t);
        totals = [a.total, b.total];
      }
      results.list = { memories: n, totalHidingExpired: totals[0]!, totalShowingExpired: totals[1]!, medianMsHidingExpired: round(median(hidden)), medianMsShowExpired: round(median(shown)) };
      await memory.close();
    }
    // webhooks: add cost with a dispatcher and delivery latency to a local receiver
    {
      const received = new Map<string, number>();
      const server = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => { body += c.toString(); });
        req.on('end', () => { received.set((JSON.parse(body) as { event_details: { id: string } }).event_details.id, performance.now()); res.end(); });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as AddressInfo).port;
      const memory = new Memory({ path: join(dir, 'hooks.sqlite'), embedder: null });
      const policy = { allowHosts: ['127.0.0.1'], allowPrivate: true };
      const dispatcher = new WebhookDispatcher(memory.webhooks, memory.events, policy);
      dispatcher.start();
      await memory.webhooks.create('default', { name: 'bench', url: `http://127.0.0.1:${port}/`, eventTypes: ['memory_add'] }, policy);
      const addMs: number[] = [];
      const returned = new Map<string, number>();
      for (let i = 0; i < adds; i++) {
        const t = performance.now();
        const { results: [e] } = await memory.add(`webhook note ${i}`, { userId: 'h' });
        const done = performance.now();
        addMs.push(done - t);
        returned.set(e!.id, done);
      }
      await dispatcher.idle();
      const latency = [...returned].flatMap(([id, at]) => (received.has(id) ? [received.get(id)! - at] : []));
      // One at a time: each add's delivery finishes before the next add (no queueing).
      const single: number[] = [];
      for (let i = 0; i < 50; i++) {
        const { results: [e] } = await memory.add(`single webhook note ${i}`, { userId: 'h' });
        const at = performance.now();
        await dispatcher.idle();
        if (received.has(e!.id)) single.push(received.get(e!.id)! - at);
      }
      results.webhooks = {
        adds, delivered: latency.length, medianMsPerAdd: round(median(addMs)), medianDeliveryMsBurst: round(median(latency)),
        medianDeliveryMsOneAtATime: round(median(single)),
      };
      await dispatcher.stop();
      await memory.close();
      server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const [k, v] of Object.entries(results)) console.log(k, JSON.stringify(v));
  const path = writeResult(out, {
    command: 'mem0-platform', startedAt, durationSeconds: (Date.now() - Date.parse(startedAt)) / 1000, machine: machineInfo(),
    options: { adds, memories: n, out }, results, plots: [],
  });
  console.log(`wrote ${path}`);
}

await main();
