/**
 * Must-show 4 of issue 12: each importer on its fixture (test/fixtures/import/, written
 * from the peers' formats): counts, times, states and categories kept; a second import
 * imports 0; `--dry-run` leaves the store unchanged; a corrupt file gives a clear error
 * naming the field and stores nothing (JSONL: everything but the counted bad lines).
 * Also mnemo's v2 export: an exact round trip with history.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import { Memory } from '../src/engine/memory.js';
import { createHttpApp } from '../src/http/app.js';
import { importFile, type ImportReport } from '../src/transfer/import-file.js';
import { writeEnvelope } from '../src/transfer/mnemo-envelope.js';
import { CLI_PATH, PROJECT_ROOT, tempDir } from './support/cli-path.js';

const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'import');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const tmp = tempDir('mnemo-import-');
after(() => tmp.cleanup());

let n = 0;
function freshMemory(): Memory {
  n += 1;
  return new Memory({ path: join(tmp.dir, `db-${n}.sqlite`), embedder: null });
}

async function all(memory: Memory, userId = 'u') {
  const out = [];
  for await (const m of memory.exportWithHistory({ userId })) out.push(m);
  return out;
}

/** Imports twice (and once dry) and returns the first report; asserts idempotence and dry-run. */
async function importTwice(memory: Memory, bytes: Uint8Array, name: string): Promise<ImportReport> {
  const dry = await importFile(memory, { bytes, name }, { userId: 'u', dryRun: true });
  assert.equal((await all(memory)).length, 0, 'dry run stores nothing');
  const first = await importFile(memory, { bytes, name }, { userId: 'u' });
  assert.equal(dry.imported, first.imported, 'dry run predicts the count');
  const second = await importFile(memory, { bytes, name }, { userId: 'u' });
  assert.equal(second.imported, 0, 'a second import imports nothing');
  assert.equal(second.skipped, first.imported + first.skipped);
  return first;
}

function byContent(rows: Awaited<ReturnType<typeof all>>, content: string) {
  const found = rows.find((r) => r.record.memory === content);
  assert.ok(found, `memory ${JSON.stringify(content)} imported`);
  return found;
}

function openMemoryZip(withJson: boolean): Uint8Array {
  const files: Record<string, Uint8Array> = { 'memories.jsonl.gz': gzipSync(fixture('openmemory-memories.jsonl')) };
  if (withJson) files['memories.json'] = strToU8(fixture('openmemory-memories.json').toString('utf8'));
  return zipSync(files);
}

describe('importers', () => {
  it('mem0 OpenMemory zip (memories.json): states, times, apps, categories, status history; deleted skipped', async () => {
    const memory = freshMemory();
    const report = await importTwice(memory, openMemoryZip(true), 'memories_export_alice.zip');
    assert.equal(report.format, 'openmemory');
    assert.deepEqual([report.imported, report.skipped, report.failed], [3, 1, 0]);
    assert.match(report.reasons.skipped[0]!.reason, /deleted/);
    const rows = await all(memory);
    const seats = byContent(rows, 'Alice prefers window seats on long flights');
    assert.equal(seats.record.createdAt, '2025-03-01T10:00:00.123Z', 'zone-less Python time read as UTC');
    assert.equal(seats.record.app, 'cursor');
    assert.deepEqual(seats.record.categories.sort(), ['preferences', 'travel']);
    assert.equal(seats.record.metadata.source, 'chat');
    const peanuts = byContent(rows, 'Alice is allergic to peanuts');
    assert.equal(peanuts.record.state, 'paused');
    assert.equal(peanuts.record.updatedAt, '2025-03-05T08:00:00.000Z');
    assert.deepEqual(peanuts.statusHistory.map((c) => [c.oldState, c.newState]), [[null, 'active'], ['active', 'paused']]);
    assert.equal(byContent(rows, 'Alice visited Lisbon in 2023').record.state, 'archived');
    await memory.close();
  });

  it('mem0 OpenMemory zip with only memories.jsonl.gz, and a bare .jsonl.gz', async () => {
    const memory = freshMemory();
    const report = await importTwice(memory, openMemoryZip(false), 'export.zip');
    assert.deepEqual([report.format, report.imported], ['openmemory', 3]);
    const rows = await all(memory);
    assert.deepEqual(byContent(rows, 'Alice is allergic to peanuts').record.categories, ['health']);
    assert.equal(byContent(rows, 'Alice is allergic to peanuts').record.state, 'paused');
    const bare = await importFile(freshMemory(), { bytes: gzipSync(fixture('openmemory-memories.jsonl')) }, { userId: 'u' });
    assert.deepEqual([bare.format, bare.imported], ['openmemory', 3]);
  });

  it('mem0 get_all JSON ({results}) and a bare list', async () => {
    const memory = freshMemory();
    const report = await importTwice(memory, fixture('mem0-get-all.json'), 'mem0.json');
    assert.deepEqual([report.format, report.imported, report.failed], ['mem0', 2, 0]);
    const rows = await all(memory);
    const ramen = byContent(rows, 'Bob likes spicy ramen');
    assert.equal(ramen.record.createdAt, '2024-07-20T13:29:19.213Z');
    assert.deepEqual(ramen.record.categories, ['food', 'preferences']);
    assert.equal(ramen.record.metadata.channel, 'slack');
    const marathon = byContent(rows, 'Bob is training for the Berlin marathon');
    assert.deepEqual([marathon.record.agentId, marathon.record.runId], ['coach', 'week-31']);
    const list = await importFile(freshMemory(), { bytes: fixture('mem0-list.json') }, { userId: 'u' });
    assert.deepEqual([list.format, list.imported], ['mem0', 1]);
  });

  it("local-memory-mcp's envelope: learnings, decisions, sessions, profile, goal; its graph into the knowledge graph", async () => {
    const memory = freshMemory();
    const report = await importTwice(memory, fixture('local-memory-mcp.json'), 'backup.json');
    assert.equal(report.format, 'local-memory-mcp');
    // 2 learnings + 1 decision + 1 session + 1 profile + 1 goal
    assert.equal(report.imported, 6);
    assert.deepEqual(report.reasons.skipped.map((s) => s.ref).sort(), ['observations[2]', 'relations[1]', 'sessions[1]']);
    assert.deepEqual(report.parsedGraph.entities.map((e) => [e.name, e.observations.length]), [['Dana', 2], ['billing-service', 0]]);
    assert.deepEqual(report.graph, { entities: 2, observations: 2, relations: 1, skipped: 0 });
    const rows = await all(memory);
    const keys = byContent(rows, 'Use idempotency keys on every payment POST');
    assert.equal(keys.record.createdAt, '2026-09-01T08:15:00.000Z');
    assert.deepEqual(keys.record.categories, ['pattern']);
    assert.deepEqual(keys.record.metadata.tags, ['payments', 'http']);
    assert.equal(byContent(rows, 'Never run migrations without a backup').record.state, 'archived');
    byContent(rows, 'Current goal: ship the billing service');
    const graph = await memory.graph.read({ userId: 'u' });
    const dana = graph.entities.find((e) => e.name === 'Dana')!;
    assert.deepEqual(dana.observations.map((o) => o.content), ['Works from Lisbon'], 'the superseded observation is not valid now');
    assert.equal(dana.observations[0]!.confidence, 0.8);
    const then = await memory.graph.read({ userId: 'u', asOf: '2026-06-01T00:00:00Z' });
    assert.deepEqual(then.entities.find((e) => e.name === 'Dana')!.observations.map((o) => o.content), ['Works from Porto'], 'valid times kept');
    assert.deepEqual(graph.relations.map((r) => [r.from, r.type, r.to]), [['Dana', 'maintains', 'billing-service']]);
    const again = await importFile(memory, { bytes: fixture('local-memory-mcp.json') }, { userId: 'u' });
    assert.deepEqual(again.graph, { entities: 0, observations: 0, relations: 0, skipped: 0 }, 'a second import adds nothing to the graph');
  });

  it("the official MCP memory server's JSONL into the knowledge graph: corrupt lines counted, joined lines recovered", async () => {
    const memory = freshMemory();
    const report = await importTwice(memory, fixture('mcp-memory.jsonl'), 'memory.jsonl');
    assert.equal(report.format, 'mcp-memory');
    assert.equal(report.imported, 0, 'the file holds graph data only');
    assert.deepEqual(report.reasons.failed.map((f) => f.ref), ['line 4', 'line 6', 'line 7']);
    assert.match(report.reasons.failed[2]!.reason, /to/);
    assert.deepEqual(report.reasons.skipped.map((s) => s.ref), ['line 8']);
    assert.deepEqual(report.parsedGraph.entities.map((e) => e.name), ['Erin', 'Acme', 'Frank']);
    assert.deepEqual(report.graph, { entities: 3, observations: 4, relations: 1, skipped: 0 });
    const graph = await memory.graph.read({ userId: 'u' });
    assert.deepEqual(graph.entities.map((e) => e.name).sort(), ['Acme', 'Erin', 'Frank']);
    assert.deepEqual(graph.entities.find((e) => e.name === 'Erin')!.observations.map((o) => o.content).sort(), ['Prefers tea over coffee', 'Speaks Portuguese']);
    assert.deepEqual(graph.relations.map((r) => [r.from, r.type, r.to]), [['Erin', 'works_at', 'Acme']]);
    assert.deepEqual((await importFile(memory, { bytes: fixture('mcp-memory.jsonl') }, { userId: 'u' })).graph, { entities: 0, observations: 0, relations: 0, skipped: 0 });
  });

  it("OMEGA's export: event type as category, access data in metadata", async () => {
    const memory = freshMemory();
    const report = await importTwice(memory, fixture('omega.json'), 'omega-export.json');
    assert.deepEqual([report.format, report.imported], ['omega', 2]);
    const rows = await all(memory);
    const lint = byContent(rows, 'Always run the linter before committing in the mnemo repo');
    assert.deepEqual(lint.record.categories, ['lesson_learned']);
    assert.equal(lint.record.createdAt, '2026-09-10T07:00:00.000Z');
    assert.equal(lint.record.metadata.access_count, 5);
    assert.equal(lint.record.metadata.project, '/home/gina/mnemo');
  });

  it('a corrupt file names the field and stores nothing', async () => {
    const memory = freshMemory();
    await assert.rejects(importFile(memory, { bytes: fixture('corrupt-openmemory.json') }, { userId: 'u' }),
      (e: Error) => /memories\.1\.content/.test(e.message) && /content must be a string/.test(e.message));
    await assert.rejects(importFile(memory, { bytes: fixture('corrupt-omega.json') }, { userId: 'u' }), /nodes\[0\]\.created_at is not a valid time/);
    await assert.rejects(importFile(memory, { bytes: Buffer.from('{"hello": 1}') }, { userId: 'u' }), /unrecognised file/);
    await assert.rejects(importFile(memory, { bytes: zipSync({ 'x.txt': strToU8('x') }) }, { userId: 'u' }), /unrecognised/);
    assert.equal((await all(memory)).length, 0);
  });
});

describe("mnemo's export envelope v2", () => {
  it('round-trips exactly: ids, times in ms, states, history, status history', async () => {
    const source = freshMemory();
    const added = await source.add('Hana keeps bees', { userId: 'u', app: 'cli' });
    const id = added.results[0]!.id;
    await source.update(id, 'Hana keeps bees on her roof', { userId: 'u' });
    await source.add('Hana drinks oolong', { userId: 'u', app: 'cli', metadata: { a: [1, { b: 2 }] } });
    await source.setState([id], 'archived', { userId: 'u' });
    const text = async (m: Memory, jsonl = false) => {
      let s = '';
      for await (const chunk of writeEnvelope(m.exportWithHistory({ userId: 'u' }), 'u', 1_700_000_000_000, { jsonl })) s += chunk;
      return s;
    };
    const exported = await text(source);
    const doc = JSON.parse(exported);
    assert.deepEqual([doc.format, doc.version, doc.memories.length], ['mnemo-export', 2, 2]);
    assert.equal(typeof doc.memories[0].created_at, 'number');
    assert.deepEqual(doc.memories.find((m: { id: string }) => m.id === id).history.map((h: { event: string }) => h.event), ['ADD', 'UPDATE']);

    for (const jsonl of [false, true]) {
      const target = freshMemory();
      const body = jsonl ? await text(source, true) : exported;
      const report = await importFile(target, { bytes: Buffer.from(body) }, { userId: 'u' });
      assert.deepEqual([report.format, report.imported], ['mnemo', 2]);
      assert.equal(await text(target), exported, `exact round trip (${jsonl ? 'JSON Lines' : 'JSON'})`);
      assert.equal((await importFile(target, { bytes: Buffer.from(body) }, { userId: 'u' })).imported, 0);
    }
  });
});

describe('mnemo import / export (CLI)', () => {
  const db = join(tmp.dir, 'cli.sqlite');
  const mnemo = (args: string[]) => spawnSync(process.execPath, [CLI_PATH, '--db', db, '--user', 'ivy', '--embeddings', 'none', ...args], {
    encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: tmp.dir },
  });

  it('detects the format, --dry-run changes nothing, reports counts, exits 2 on a broken file', () => {
    const zip = join(tmp.dir, 'memories_export_ivy.zip');
    writeFileSync(zip, openMemoryZip(true));
    const dry = mnemo(['--json', 'import', zip, '--dry-run']);
    assert.equal(dry.status, 0, dry.stderr);
    assert.deepEqual([JSON.parse(dry.stdout).imported, JSON.parse(dry.stdout).dryRun], [3, true]);
    assert.equal(JSON.parse(mnemo(['--json', 'list']).stdout).total, 0);
    const real = mnemo(['import', zip]);
    assert.equal(real.status, 0, real.stderr);
    assert.match(real.stdout, /openmemory: imported 3, skipped 1, failed 0/);
    assert.match(mnemo(['import', zip]).stdout, /imported 0, skipped 4/);
    const bad = mnemo(['import', join(FIXTURES, 'corrupt-openmemory.json')]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /memories\.1\.content/);
    const exported = mnemo(['export', '--jsonl']);
    assert.equal(exported.status, 0, exported.stderr);
    const lines = exported.stdout.trim().split('\n');
    assert.equal(JSON.parse(lines[0]!).format, 'mnemo-export');
    assert.equal(lines.length, 4);
  });
});

describe('REST import and export', () => {
  it('POST /api/v1/import takes any format as the body, with dry_run; GET /api/v1/export?version=2', async () => {
    const memory = freshMemory();
    const app = createHttpApp({ memory, auth: { required: false, defaultUserId: 'jo' } }, { log: () => {} });
    const post = async (query: string, body: Uint8Array) => {
      const res = await app.request(`/api/v1/import${query}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from(body) });
      return { status: res.status, body: await res.json() as Record<string, any> };
    };
    const dry = await post('?dry_run=true', openMemoryZip(true));
    assert.deepEqual([dry.status, dry.body.format, dry.body.imported, dry.body.dryRun], [200, 'openmemory', 3, true]);
    assert.equal((await all(memory, 'jo')).length, 0);
    const jsonl = await post('', fixture('mcp-memory.jsonl'));
    assert.deepEqual([jsonl.body.imported, jsonl.body.failed, jsonl.body.graph.relations, jsonl.body.parsedGraph.entities.length], [0, 3, 1, 3]);
    const forced = await post('?format=omega', fixture('mem0-get-all.json'));
    assert.equal(forced.status, 400);
    assert.match(forced.body.error.message, /version must be "omega-sqlite-v1"/);
    const res = await app.request('/api/v1/export?version=2&jsonl=true');
    const lines = (await res.text()).trim().split('\n');
    assert.deepEqual([res.status, JSON.parse(lines[0]!).version, lines.length], [200, 2, 2], 'header and graph lines (the JSONL held graph data only)');
    assert.deepEqual(JSON.parse(lines[1]!).graph.entities.map((e: { name: string }) => e.name).sort(), ['Acme', 'Erin', 'Frank']);
  });
});
