import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMnemoError } from './errors.js';
import { conjuncts, evaluateFilter, type FilterNode, filterUsers, parseFilter } from './filter.js';
import type { MemoryRecord } from './memory.js';

function record(over: Partial<MemoryRecord> = {}): MemoryRecord {
  return {
    id: '00000000-0000-4000-8000-000000000001', memory: 'text', hash: 'h', userId: 'alice', agentId: 'bot', runId: null, app: 'cursor',
    metadata: { topic: 'food', n: 3, nested: { a: 1 } }, categories: ['Work', 'travel'], state: 'active',
    createdAt: '2024-07-15T12:00:00.000Z', updatedAt: '2024-07-20T08:00:00.000Z', ...over,
  };
}

function rejects(filters: unknown, path: RegExp): void {
  assert.throws(() => parseFilter(filters), (e) => isMnemoError(e, 'INVALID_INPUT') && path.test((e as Error).message));
}

describe('filter language: grammar -> AST', () => {
  it('parses a field literal as equality and a multi-key object as AND', () => {
    assert.deepEqual(parseFilter({ agent_id: 'bot' }), { kind: 'cond', field: 'agent_id', op: 'eq', value: 'bot' });
    const tree = parseFilter({ agent_id: 'bot', run_id: 'r1' });
    assert.equal(tree.kind, 'and');
    assert.equal(conjuncts(tree).length, 2);
  });
  it('parses AND/OR/NOT lists, nested', () => {
    const tree = parseFilter({ OR: [{ agent_id: 'a' }, { NOT: [{ categories: { in: ['work'] } }] }] });
    assert.equal(tree.kind, 'or');
    assert.equal((tree as { children: FilterNode[] }).children[1]!.kind, 'not');
  });
  it('parses operators, several on one field as their AND, and "*" as any', () => {
    assert.deepEqual(parseFilter({ agent_id: { in: ['a', 'b'] } }), { kind: 'cond', field: 'agent_id', op: 'in', value: ['a', 'b'] });
    assert.equal(parseFilter({ metadata: { n: { gte: 1, lt: 5 } } }).kind, 'and');
    assert.deepEqual(parseFilter({ run_id: '*' }), { kind: 'cond', field: 'run_id', op: 'any', value: '*' });
  });
  it('normalises dates to epoch ms; a date-only lte/gt covers the whole UTC day', () => {
    const day = Date.parse('2024-07-31T00:00:00Z');
    assert.deepEqual(parseFilter({ created_at: { gte: '2024-07-31' } }), { kind: 'cond', field: 'created_at', op: 'gte', value: day });
    assert.deepEqual(parseFilter({ created_at: { lte: '2024-07-31' } }), { kind: 'cond', field: 'created_at', op: 'lte', value: day + 86_400_000 - 1 });
    assert.deepEqual(parseFilter({ updated_at: { gt: 1_722_384_000 } }), { kind: 'cond', field: 'updated_at', op: 'gt', value: 1_722_384_000_000 });
  });
  it('keeps a nested metadata object literal as deep equality', () => {
    assert.deepEqual(parseFilter({ metadata: { nested: { a: 1 } } }), { kind: 'cond', field: 'metadata', key: 'nested', op: 'eq', value: { a: 1 } });
  });
  it('refuses what is outside the grammar, naming the path', () => {
    rejects({ colour: 'red' }, /filters\.colour: unknown field/);
    rejects({ agent_id: { gt: 'x' } }, /filters\.agent_id\.gt: operator not supported/);
    rejects({ OR: [] }, /filters\.OR: expects a non-empty list/);
    rejects({ OR: ['x'] }, /filters\.OR\[0\]: must be an object/);
    rejects({ agent_id: '' }, /agent_id expects a non-empty string/);
    rejects({ created_at: { gte: 'yesterday-ish' } }, /created_at/);
    rejects({ categories: { contains: 3 } }, /expects a string/);
    rejects({ metadata: {} }, /expects an object of metadata keys/);
    rejects({}, /empty filter/);
    rejects('x', /must be an object/);
  });
  it('collects the users a tree names', () => {
    assert.deepEqual([...filterUsers(parseFilter({ AND: [{ user_id: ' alice ' }, { OR: [{ user_id: 'bob' }] }] }))].sort(), ['alice', 'bob']);
  });
});

describe('filter language: evaluation', () => {
  const m = record();
  const cases: Array<[unknown, boolean]> = [
    [{ agent_id: 'bot' }, true],
    [{ agent_id: { ne: 'bot' } }, false],
    [{ run_id: { ne: 'x' } }, true],
    [{ run_id: '*' }, false],
    [{ app_id: { icontains: 'CURS' } }, true],
    [{ agent_id: { in: ['a', 'bot'] } }, true],
    [{ categories: 'Work' }, true],
    [{ categories: 'work' }, false],
    [{ categories: { contains: 'wor' } }, true],
    [{ categories: { in: ['x', 'travel'] } }, true],
    [{ metadata: { topic: 'food' } }, true],
    [{ metadata: { n: { gt: 2, lte: 3 } } }, true],
    [{ metadata: { n: { lt: 3 } } }, false],
    [{ metadata: { missing: { ne: 1 } } }, true],
    [{ metadata: { missing: { gt: 1 } } }, false],
    [{ metadata: { nested: { a: 1 } } }, true],
    [{ metadata: { topic: { icontains: 'OO' } } }, true],
    [{ created_at: { gte: '2024-07-15', lte: '2024-07-15' } }, true],
    [{ created_at: { gt: '2024-07-15' } }, false],
    [{ updated_at: { lt: '2024-07-20' } }, false],
    [{ OR: [{ agent_id: 'x' }, { metadata: { topic: 'food' } }] }, true],
    [{ NOT: [{ agent_id: 'x' }, { run_id: '*' }] }, true],
    [{ NOT: [{ agent_id: 'bot' }] }, false],
    [{ AND: [{ agent_id: 'bot' }, { NOT: [{ categories: { in: ['travel'] } }] }] }, false],
  ];
  for (const [filters, expected] of cases) {
    it(`${JSON.stringify(filters)} -> ${expected}`, () => {
      assert.equal(evaluateFilter(parseFilter(filters), m), expected);
    });
  }
});
