/**
 * Must-show 1 and 2 of issue 17, through a real MCP client over stdio.
 * 1. Bi-temporal facts: Alice lives in Berlin (2024-01-10), then Hamburg (2024-06-01),
 *    predicate `lives_in`; `open_nodes` now shows Hamburg only, `as_of` 2024-03-01
 *    Berlin only, with Berlin's invalid_at = 2024-06-01 and superseded_by = Hamburg; an
 *    exclusive `works_at` relation superseded the same way; both time axes visible.
 * 2. A scenario written against the official `@modelcontextprotocol/server-memory` runs
 *    unchanged against `mnemo mcp --tools graph` (same results where the official ones
 *    are defined) and `search_nodes` ranks a paraphrase the substring search misses. The
 *    official server itself runs the same script when its package is installed.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { tempDir } from './support/cli-path.js';
import { callJson, callTool, connectStdio, resultText, type StdioSession } from './support/mcp-stdio.js';

/** The official server's entry point, or null when the package is not installed. */
function officialServerPath(): string | null {
  try {
    return createRequire(import.meta.url).resolve('@modelcontextprotocol/server-memory/dist/index.js');
  } catch {
    return null;
  }
}

/** A script written for the official memory server: its tool names and arguments only. */
async function officialScenario(client: Client): Promise<Record<string, unknown>> {
  const json = async (name: string, args: Record<string, unknown>): Promise<any> => {
    const res = (await client.callTool({ name, arguments: args })) as CallToolResult;
    if (res.isError) throw new Error(`${name}: ${resultText(res)}`);
    return JSON.parse(resultText(res));
  };
  const text = async (name: string, args: Record<string, unknown>): Promise<string> => resultText((await client.callTool({ name, arguments: args })) as CallToolResult);
  const out: Record<string, unknown> = {};
  out.created = await json('create_entities', { entities: [
    { name: 'John_Smith', entityType: 'person', observations: ['Speaks fluent Spanish', 'Graduated in 2019'] },
    { name: 'Anthropic', entityType: 'organization', observations: ['AI safety company'] },
    { name: 'Maria_Lopez', entityType: 'person', observations: ['Plays the violin in an orchestra'] },
  ] });
  out.createdAgain = await json('create_entities', { entities: [{ name: 'Anthropic', entityType: 'organization', observations: [] }] });
  out.relations = await json('create_relations', { relations: [
    { from: 'John_Smith', to: 'Anthropic', relationType: 'works_at' },
    { from: 'Maria_Lopez', to: 'John_Smith', relationType: 'knows' },
  ] });
  out.relationsAgain = await json('create_relations', { relations: [{ from: 'John_Smith', to: 'Anthropic', relationType: 'works_at' }] });
  out.added = await json('add_observations', { observations: [{ entityName: 'John_Smith', contents: ['Prefers morning meetings', 'Speaks fluent Spanish'] }] });
  out.substring = await json('search_nodes', { query: 'spanish' });
  out.opened = await json('open_nodes', { names: ['John_Smith', 'Nobody'] });
  out.deletedObs = await text('delete_observations', { deletions: [{ entityName: 'John_Smith', observations: ['Graduated in 2019'] }] });
  out.deletedRel = await text('delete_relations', { relations: [{ from: 'Maria_Lopez', to: 'John_Smith', relationType: 'knows' }] });
  out.deletedEnt = await text('delete_entities', { entityNames: ['Anthropic'] });
  out.paraphrase = await json('search_nodes', { query: 'Who can speak a foreign language?' });
  out.final = await json('read_graph', {});
  return out;
}

/** The official shape of a graph (drops mnemo's extras), sorted for comparison. */
function official(g: { entities: any[]; relations: any[] }): unknown {
  return {
    entities: g.entities.map((e) => ({ name: e.name, entityType: e.entityType, observations: [...e.observations].sort() })).sort((a, b) => a.name.localeCompare(b.name)),
    relations: g.relations.map((r) => ({ from: r.from, to: r.to, relationType: r.relationType })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  };
}

describe('graph tools over stdio', () => {
  const tmp = tempDir();
  let session: StdioSession;
  before(async () => { session = await connectStdio(join(tmp.dir, 'g.sqlite'), 'alice-user', { clientName: 'graph-client', extraArgs: ['--tools', 'graph'] }); });
  after(async () => { await session.close(); tmp.cleanup(); });

  it('lists the official nine tools with their argument shapes, plus the temporal extras', async () => {
    const { tools } = await session.client.listTools();
    const names = tools.map((t) => t.name).sort();
    assert.deepEqual(names, ['add_observations', 'create_entities', 'create_relations', 'delete_entities', 'delete_observations', 'delete_relations',
      'entity_changes', 'find_contradictions', 'open_nodes', 'read_graph', 'resolve_contradiction', 'search_nodes', 'supersede_observation', 'supersede_relation']);
    const add = tools.find((t) => t.name === 'add_observations')!;
    const item = (add.inputSchema.properties!.observations as { items: { required: string[]; properties: Record<string, unknown> } }).items;
    assert.deepEqual(item.required.sort(), ['contents', 'entityName']);
    assert.ok('valid_at' in item.properties && 'predicate' in item.properties && 'confidence' in item.properties);
    assert.equal(tools.find((t) => t.name === 'delete_entities')!.annotations?.destructiveHint, true);
    assert.equal(tools.find((t) => t.name === 'read_graph')!.annotations?.readOnlyHint, true);
  });

  it('must-show 1: facts and relations superseded in time, both axes visible, as_of views', async () => {
    const c = session.client;
    await callJson(c, 'create_entities', { entities: [
      { name: 'Alice', entityType: 'person', observations: [] },
      { name: 'Acme', entityType: 'company', observations: [] },
      { name: 'Globex', entityType: 'company', observations: [] },
    ] });
    const berlin = await callJson(c, 'add_observations', { observations: [{ entityName: 'Alice', contents: ['lives in Berlin'], predicate: 'lives_in', valid_at: '2024-01-10' }] });
    const hamburg = await callJson(c, 'add_observations', { observations: [{ entityName: 'Alice', contents: ['lives in Hamburg'], predicate: 'lives_in', valid_at: '2024-06-01' }] });
    const berlinId = berlin[0].facts[0].id;
    const hamburgId = hamburg[0].facts[0].id;
    const acme = await callJson(c, 'create_relations', { relations: [{ from: 'Alice', to: 'Acme', relationType: 'works_at', valid_at: '2024-01-10', exclusive: true }] });
    const globex = await callJson(c, 'create_relations', { relations: [{ from: 'Alice', to: 'Globex', relationType: 'works_at', valid_at: '2024-06-01', exclusive: true }] });

    const now = await callJson(c, 'open_nodes', { names: ['Alice'] });
    assert.deepEqual(now.entities[0].observations, ['lives in Hamburg']);
    assert.deepEqual(now.relations.map((r: any) => `${r.relationType}:${r.to}`), ['works_at:Globex']);
    const hamburgNow = now.entities[0].facts[0];
    assert.equal(hamburgNow.valid_at, '2024-06-01T00:00:00.000Z');
    assert.equal(hamburgNow.invalid_at, null);
    assert.ok(Date.parse(hamburgNow.created_at) > Date.parse('2025-01-01'), 'system time: when mnemo learnt it');
    assert.equal(hamburgNow.expired_at, null);

    const march = await callJson(c, 'open_nodes', { names: ['Alice'], as_of: '2024-03-01' });
    assert.deepEqual(march.entities[0].observations, ['lives in Berlin']);
    const b = march.entities[0].facts[0];
    assert.equal(b.id, berlinId);
    assert.equal(b.predicate, 'lives_in');
    assert.equal(b.valid_at, '2024-01-10T00:00:00.000Z');
    assert.equal(b.invalid_at, '2024-06-01T00:00:00.000Z');
    assert.equal(b.superseded_by, hamburgId);
    assert.ok(b.expired_at !== null && Date.parse(b.expired_at) >= Date.parse(b.created_at), 'retired in system time too');

    assert.deepEqual(march.relations.map((r: any) => `${r.relationType}:${r.to}`), ['works_at:Acme']);
    const w = march.relations[0];
    assert.equal(w.id, acme[0].id);
    assert.equal(w.invalid_at, '2024-06-01T00:00:00.000Z');
    assert.equal(w.superseded_by, globex[0].id);
    assert.ok(w.expired_at !== null && w.created_at !== null);

    const graphThen = await callJson(c, 'read_graph', { as_of: '2024-03-01' });
    assert.deepEqual(graphThen.entities.find((e: any) => e.name === 'Alice').observations, ['lives in Berlin']);
    const changes = await callJson(c, 'entity_changes', { name: 'Alice', from: '2024-05-01', to: '2024-07-01' });
    assert.equal(changes.started.length, 2);
    assert.equal(changes.ended.length, 2);

    // supersede_observation retires a free-text fact and keeps it for history.
    const tea = await callJson(c, 'add_observations', { observations: [{ entityName: 'Alice', contents: ['drinks tea'], valid_at: '2024-02-01' }] });
    const s = await callJson(c, 'supersede_observation', { observation_id: tea[0].facts[0].id, invalid_at: '2024-08-01' });
    assert.equal(s.invalid_at, '2024-08-01T00:00:00.000Z');
    assert.ok(!(await callJson(c, 'open_nodes', { names: ['Alice'] })).entities[0].observations.includes('drinks tea'));
    assert.ok((await callJson(c, 'open_nodes', { names: ['Alice'], as_of: '2024-07-01' })).entities[0].observations.includes('drinks tea'));

    // Bad input is a tool error; nothing is written.
    const bad = await callTool(c, 'add_observations', { observations: [{ entityName: 'Nobody', contents: ['x'] }] });
    assert.equal(bad.isError, true);
    assert.match(resultText(bad), /^NOT_FOUND: entity "Nobody" not found/);
    const badTime = await callTool(c, 'add_observations', { observations: [{ entityName: 'Alice', contents: ['y'], valid_at: 'yesterday-ish' }] });
    assert.equal(badTime.isError, true);
    assert.ok(!(await callJson(c, 'read_graph', {})).entities[0].observations.includes('y'));
  });

  it('must-show 2: the official server\'s scenario runs unchanged; search_nodes ranks a paraphrase', async () => {
    const other = await connectStdio(join(tmp.dir, 'g.sqlite'), 'official-user', { clientName: 'official-script', extraArgs: ['--tools', 'graph'] });
    let mine: Record<string, any>;
    try {
      mine = await officialScenario(other.client);
    } finally {
      await other.close();
    }
    assert.deepEqual(mine.created.map((e: any) => e.name), ['John_Smith', 'Anthropic', 'Maria_Lopez']);
    assert.deepEqual(mine.createdAgain, []);
    assert.equal(mine.relations.length, 2);
    assert.deepEqual(mine.relationsAgain, []);
    assert.deepEqual(mine.added.map((r: any) => [r.entityName, r.addedObservations]), [['John_Smith', ['Prefers morning meetings']]]);
    assert.equal(mine.substring.entities[0].name, 'John_Smith');
    assert.deepEqual(mine.opened.entities.map((e: any) => e.name), ['John_Smith']);
    assert.equal(mine.deletedEnt, 'Entities deleted successfully');
    assert.equal(mine.paraphrase.entities[0]?.name, 'John_Smith', 'the paraphrase ranks the Spanish speaker first');
    assert.deepEqual(official(mine.final), {
      entities: [
        { name: 'John_Smith', entityType: 'person', observations: ['Prefers morning meetings', 'Speaks fluent Spanish'] },
        { name: 'Maria_Lopez', entityType: 'person', observations: ['Plays the violin in an orchestra'] },
      ],
      relations: [],
    });
    // Users are separated: the first test's user sees none of this.
    assert.equal((await callJson(session.client, 'open_nodes', { names: ['John_Smith'] })).entities.length, 0);

    const path = officialServerPath();
    if (!path) return; // the package is a dev dependency; without it only mnemo's side runs
    const transport = new StdioClientTransport({
      command: process.execPath, args: [path], stderr: 'pipe',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', MEMORY_FILE_PATH: join(tmp.dir, 'official.jsonl') },
    });
    const client = new Client({ name: 'official-script', version: '1.0.0' });
    await client.connect(transport);
    let theirs: Record<string, any>;
    try {
      theirs = await officialScenario(client);
    } finally {
      await client.close();
    }
    assert.deepEqual(official(mine.final), official(theirs.final), 'same graph at the end');
    assert.deepEqual(mine.added.map((r: any) => [r.entityName, r.addedObservations]), theirs.added.map((r: any) => [r.entityName, r.addedObservations]));
    for (const k of ['deletedObs', 'deletedRel', 'deletedEnt']) assert.equal(mine[k], theirs[k]);
    assert.deepEqual(theirs.paraphrase.entities, [], 'the official substring search misses the paraphrase');
  });

  it('contradiction and session tools with --tools all', async () => {
    const all = await connectStdio(join(tmp.dir, 'g.sqlite'), 'session-user', { clientName: 'agent', extraArgs: ['--tools', 'all'] });
    try {
      const c = all.client;
      const names = (await c.listTools()).tools.map((t) => t.name);
      for (const n of ['add_memories', 'create_entities', 'find_contradictions', 'start_session', 'end_session', 'reflect']) assert.ok(names.includes(n), n);
      await callJson(c, 'add_memories', { text: 'I like coffee' });
      await callJson(c, 'add_memories', { text: "I don't like coffee" });
      const found = await callJson(c, 'find_contradictions', {});
      assert.equal(found.contradictions.length, 1);
      assert.deepEqual(found.contradictions[0].reasons, ['negation_diff']);
      const res = await callJson(c, 'resolve_contradiction', { id: found.contradictions[0].id, action: 'dismiss' });
      assert.equal(res.action, 'dismiss');
      assert.equal((await callJson(c, 'find_contradictions', {})).contradictions.length, 0);
      const start = await callJson(c, 'start_session', { budget: 500 });
      assert.ok(start.markdown.length <= 500 && typeof start.session_id === 'string');
      await callJson(c, 'end_session', { session_id: start.session_id, summary: 'Talked about coffee' });
      assert.deepEqual((await callJson(c, 'start_session', {})).previous_sessions.map((m: any) => m.memory), ['Talked about coffee']);
      // Must-show 4 over MCP: search and list as of a time before a later update.
      const old = await callJson(c, 'add_memories', { text: 'My office is in the Kreuzberg building', timestamp: '2024-01-01T00:00:00Z' });
      await callJson(c, 'update_memory', { memory_id: old.results[0].id, text: 'My office moved to the Mitte tower' });
      const then = await callJson(c, 'search_memory', { query: 'office Kreuzberg', as_of: '2025-01-01', limit: 1 });
      assert.equal(then.results[0].memory, 'My office is in the Kreuzberg building');
      const nowHit = await callJson(c, 'search_memory', { query: 'office Mitte tower', limit: 1 });
      assert.equal(nowHit.results[0].memory, 'My office moved to the Mitte tower');
      const listed = await callJson(c, 'list_memories', { as_of: '2025-01-01' });
      assert.deepEqual(listed.results.map((m: any) => m.memory), ['My office is in the Kreuzberg building']);
      const r = await callJson(c, 'reflect', {});
      assert.equal(typeof r.summary, 'string');
    } finally {
      await all.close();
    }
  });
});
