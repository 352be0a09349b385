/**
 * Must-show 1 of issue 2: a real MCP client spawns `mnemo mcp`, lists the tools, adds,
 * searches, lists, deletes, and gets tool errors (isError) for bad input while the
 * server keeps running and nothing stored is lost.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { tempDir } from './support/cli-path.js';
import { callJson, callTool, connectStdio, resultText, type StdioSession } from './support/mcp-stdio.js';

describe('mnemo mcp over stdio', () => {
  const tmp = tempDir();
  let session: StdioSession;
  before(async () => { session = await connectStdio(join(tmp.dir, 'm.sqlite'), 'alice', { clientName: 'claude-desktop' }); });
  after(async () => { await session.close(); tmp.cleanup(); });

  it('lists the memory tools with annotations and input schemas', async () => {
    const { tools } = await session.client.listTools();
    const names = tools.map((t) => t.name).sort();
    assert.deepEqual(names, ['add_memories', 'delete_all_memories', 'delete_memories', 'get_memory', 'list_memories', 'memory_history', 'search_memory', 'update_memory']);
    const search = tools.find((t) => t.name === 'search_memory')!;
    assert.equal(search.annotations?.readOnlyHint, true);
    assert.equal(search.annotations?.openWorldHint, false);
    assert.deepEqual(search.inputSchema.required, ['query']);
    assert.equal(tools.find((t) => t.name === 'delete_all_memories')!.annotations?.destructiveHint, true);
  });

  it('adds, searches, lists, gets, updates and deletes', async () => {
    const a = await callJson(session.client, 'add_memories', { text: 'Alice is allergic to peanuts', metadata: { source: 'chat' } });
    assert.equal(a.results[0].event, 'ADD');
    const b = await callJson(session.client, 'add_memories', { text: 'Alice works as a nurse in Lisbon' });
    await callJson(session.client, 'add_memories', { text: 'The team meeting moved to Thursday' });
    const again = await callJson(session.client, 'add_memories', { text: 'alice is allergic to  peanuts' });
    assert.equal(again.results[0].event, 'NONE', 'exact duplicate is not stored twice');
    assert.equal(again.results[0].id, a.results[0].id);

    const found = await callJson(session.client, 'search_memory', { query: 'what food allergy does Alice have?', limit: 2 });
    assert.equal(found.results[0].id, a.results[0].id);
    assert.equal(found.results[0].metadata.source, 'chat');
    assert.ok(found.results.length <= 2);
    assert.equal(found.notice, undefined);

    const page = await callJson(session.client, 'list_memories', { limit: 2 });
    assert.equal(page.total, 3);
    assert.equal(page.results.length, 2);
    assert.equal(page.next_offset, 2);

    const got = await callJson(session.client, 'get_memory', { memory_id: b.results[0].id });
    assert.equal(got.app, 'claude-desktop', 'the app is the client name');
    const upd = await callJson(session.client, 'update_memory', { memory_id: b.results[0].id, text: 'Alice works as a nurse in Porto' });
    assert.equal(upd.memory, 'Alice works as a nurse in Porto');
    const hist = await callJson(session.client, 'memory_history', { memory_id: b.results[0].id });
    assert.deepEqual(hist.history.map((h: { event: string }) => h.event), ['ADD', 'UPDATE']);
    assert.equal(hist.history[1].old_memory, 'Alice works as a nurse in Lisbon');

    const del = await callJson(session.client, 'delete_memories', { memory_ids: [a.results[0].id] });
    assert.deepEqual(del.deleted, [a.results[0].id]);
    const after = await callJson(session.client, 'search_memory', { query: 'peanuts allergy' });
    assert.ok(!after.results.some((r: { id: string }) => r.id === a.results[0].id), 'deleted memory leaves search at once');
    assert.equal((await callJson(session.client, 'list_memories', {})).total, 2);
  });

  it('answers bad input with tool errors and keeps running without losing data', async () => {
    const before = (await callJson(session.client, 'list_memories', {})).total;
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['add_memories', { text: '' }, /text/i],
      ['add_memories', { text: '   ' }, /empty/i],
      ['add_memories', { text: 'x'.repeat(20_001) }, /text/i],
      ['add_memories', { text: 42 }, /text/i],
      ['add_memories', { text: 'ok', timestamp: 'not a date' }, /timestamp/i],
      ['search_memory', { query: '' }, /query/i],
      ['search_memory', { query: 'x', limit: 0 }, /limit/i],
      ['search_memory', { query: 'x', limit: 'ten' }, /limit/i],
      ['get_memory', { memory_id: 'not-a-uuid' }, /UUID/i],
      ['get_memory', { memory_id: '00000000-0000-4000-8000-000000000000' }, /not found/i],
      ['update_memory', { memory_id: '00000000-0000-4000-8000-000000000000', text: 'x' }, /not found/i],
      ['delete_memories', { memory_ids: ['00000000-0000-4000-8000-000000000000'] }, /not found/i],
      ['delete_memories', { memory_ids: [] }, /memory_ids/i],
      ['list_memories', { limit: 1000 }, /limit/i],
      ['search_memory', { query: 'x', metadata: { 'bad key!': 1 } }, /metadata/i],
    ];
    for (const [tool, args, pattern] of cases) {
      const r = await callTool(session.client, tool, args);
      assert.equal(r.isError, true, `${tool} ${JSON.stringify(args).slice(0, 60)} should be a tool error`);
      assert.match(resultText(r), pattern, `${tool}: ${resultText(r)}`);
    }
    assert.equal((await callJson(session.client, 'list_memories', {})).total, before, 'nothing stored or lost');
  });

  it('delete_all_memories removes only this user', async () => {
    const tmpBob = await connectStdio(join(tmp.dir, 'm.sqlite'), 'bob');
    try {
      await callJson(tmpBob.client, 'add_memories', { text: 'Bob likes jazz' });
      const res = await callJson(session.client, 'delete_all_memories', {});
      assert.equal(res.deleted, 2);
      assert.equal((await callJson(session.client, 'list_memories', {})).total, 0);
      assert.equal((await callJson(tmpBob.client, 'list_memories', {})).total, 1, "bob's memories survive");
    } finally {
      await tmpBob.close();
    }
  });
});
