/**
 * Unit tests of the engine's mem0 platform features on a real in-memory SQLite store:
 * expiry (hidden from list and search, shown with `showExpired`), re-dating, project
 * settings steering the categorizer, feedback per memory and per user, export shapes
 * and the LLM-free summary.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MnemoError } from '../core/errors.js';
import { Memory } from './memory.js';

const code = (c: string) => (e: unknown) => e instanceof MnemoError && e.code === c;

describe('mem0 platform features in the engine', () => {
  let memory: Memory;
  let now = Date.parse('2026-01-10T00:00:00Z');
  before(() => { memory = new Memory({ path: ':memory:', embedder: null, clock: { now: () => now } }); });
  after(() => memory.close());

  it('hides expired memories from list and search unless showExpired', async () => {
    await memory.add('The gate code is 1234', { userId: 'eve', expiresAt: '2026-01-15T00:00:00Z' });
    await memory.add('The gate code changed to 9876', { userId: 'eve' });
    assert.equal((await memory.getAll({ userId: 'eve' })).total, 2);
    now = Date.parse('2026-01-16T00:00:00Z');
    assert.deepEqual((await memory.getAll({ userId: 'eve' })).results.map((m) => m.memory), ['The gate code changed to 9876']);
    assert.deepEqual((await memory.search('gate code', { userId: 'eve' })).results.map((m) => m.memory), ['The gate code changed to 9876']);
    const all = await memory.getAll({ userId: 'eve', showExpired: true });
    assert.equal(all.total, 2);
    assert.equal(all.results.find((m) => m.memory.includes('1234'))!.expiresAt, '2026-01-15T00:00:00.000Z');
    assert.equal((await memory.search('gate code', { userId: 'eve', showExpired: true })).results.length, 2);
  });

  it('adding the text of an expired memory again renews it (same id, new expiry) instead of answering NONE', async () => {
    const { results: [first] } = await memory.add('The parking permit is in the glovebox', { userId: 'eve', expiresAt: '2026-02-01T00:00:00Z' });
    now = Date.parse('2026-02-02T00:00:00Z');
    assert.ok(!(await memory.getAll({ userId: 'eve' })).results.some((x) => x.id === first!.id), 'expired');
    const again = await memory.add('The parking permit is in the glovebox', { userId: 'eve' });
    assert.deepEqual(again.results.map((e) => [e.id, e.event]), [[first!.id, 'ADD']]);
    const visible = (await memory.getAll({ userId: 'eve' })).results.find((x) => x.id === first!.id);
    assert.ok(visible, 'visible again');
    assert.equal(visible.expiresAt ?? null, null, 'no expiry unless the new add gives one');
    assert.deepEqual((await memory.add('The parking permit is in the glovebox', { userId: 'eve' })).results.map((e) => e.event), ['NONE'], 'a live duplicate is still NONE');
  });

  it('re-dates a memory and changes its expiry; another user is NOT_FOUND', async () => {
    const { results: [m] } = await memory.add('Dentist on Friday', { userId: 'eve' });
    await memory.project.setTimes(m!.id, 'eve', { createdAt: 1_700_000_000, expiresAt: '2000-01-01T00:00:00Z' });
    assert.equal((await memory.get(m!.id, { userId: 'eve' })).createdAt, new Date(1_700_000_000_000).toISOString());
    assert.ok(!(await memory.getAll({ userId: 'eve' })).results.some((x) => x.id === m!.id), 'expired now');
    await memory.project.setTimes(m!.id, 'eve', { expiresAt: null });
    assert.ok((await memory.getAll({ userId: 'eve' })).results.some((x) => x.id === m!.id), 'never expires again');
    await assert.rejects(memory.project.setTimes(m!.id, 'mallory', { createdAt: 0 }), code('NOT_FOUND'));
  });

  it('categorizes with the project\'s custom categories when set', async () => {
    await memory.project.update({ customCategories: [{ beekeeping: 'bees, hives and honey' }, { sailing: 'boats, sails and regattas' }], customInstructions: 'be precise' });
    const { results: [a] } = await memory.add('Collected honey from two hives today', { userId: 'eve' });
    assert.deepEqual((await memory.get(a!.id, { userId: 'eve' })).categories, ['beekeeping']);
    const { results: [b] } = await memory.add('Bought a new phone', { userId: 'eve' });
    assert.deepEqual((await memory.get(b!.id, { userId: 'eve' })).categories, [], 'no custom category fits: none assigned, not a built-in one');
    await memory.project.update({ customCategories: null });
    const { results: [c] } = await memory.add('Bought a new laptop for work', { userId: 'eve' });
    assert.ok((await memory.get(c!.id, { userId: 'eve' })).categories.includes('work'), 'the built-in taxonomy is back');
    assert.deepEqual(await memory.project.settings(), { customCategories: null, customInstructions: 'be precise' });
    await assert.rejects(memory.project.update({ customCategories: [{ a: 'x', b: 'y' }] }), code('INVALID_INPUT'));
  });

  it('stores feedback per memory and per user', async () => {
    const { results: [m] } = await memory.add('Prefers tea', { userId: 'eve' });
    await memory.feedback.add(m!.id, 'eve', { feedback: 'negative', reason: 'outdated' });
    await memory.feedback.add(m!.id, 'eve', { feedback: null });
    assert.deepEqual((await memory.feedback.list(m!.id, 'eve')).map((f) => [f.feedback, f.reason]), [['NEGATIVE', 'outdated'], [null, null]]);
    await assert.rejects(memory.feedback.add(m!.id, 'mallory', { feedback: 'POSITIVE' }), code('NOT_FOUND'));
    await assert.rejects(memory.feedback.add(m!.id, 'eve', { feedback: 'GREAT' }), code('INVALID_INPUT'));
    assert.deepEqual(await memory.feedback.list(m!.id, 'mallory'), []);
  });

  it('exports in the requested schema and summarizes without an LLM', async () => {
    await memory.add('Works as a nurse', { userId: 'kim', agentId: 'career', metadata: { source: 'chat' } });
    await memory.add('Plays the guitar', { userId: 'kim' });
    const job = await memory.exports.create({ userId: 'kim' }, { type: 'array', items: { properties: { memory: {}, source: {}, missing: {} } } });
    assert.deepEqual((job.result as unknown[]).map((x) => x), [
      { memory: 'Plays the guitar', source: null, missing: null },
      { memory: 'Works as a nurse', source: 'chat', missing: null },
    ]);
    assert.deepEqual((await memory.exports.get('kim')).id, job.id);
    await assert.rejects(memory.exports.get('eve', job.id), code('NOT_FOUND'), 'another user cannot read it');
    await assert.rejects(memory.exports.create({ userId: 'kim' }, 'not json'), code('INVALID_INPUT'));
    const s = await memory.exports.summary({ userId: 'kim' });
    assert.equal(s.totalMemories, 2);
    assert.deepEqual(s.agents, ['career']);
    assert.ok(s.categories.some((c) => c.name === 'work'));
    assert.equal(s.recent[0]!.memory, 'Plays the guitar');
  });
});
