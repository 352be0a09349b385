/**
 * Unit tests of the engine's governance pieces: the keyword categorizer, access-rule
 * compilation (fail closed), the LLM categorizer's fallback, and the engine wiring
 * (pause, rules, keys, status history) on a real in-memory store.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileVisibility, isVisible } from './access-rules.js';
import { KeywordCategorizer } from './categorizer.js';
import { LlmCategorizer } from './llm-categorizer.js';
import { Memory } from './memory.js';

describe('KeywordCategorizer', () => {
  const c = new KeywordCategorizer();
  it('assigns seed categories deterministically, with a fallback', () => {
    assert.deepEqual(c.categorizeOne('My flight to Tokyo leaves Monday'), ['travel']);
    assert.deepEqual(c.categorizeOne('I am allergic to peanuts, my doctor said'), ['health']);
    assert.ok(c.categorizeOne('I prefer TypeScript over Python for coding').includes('ai_ml_technology'));
    assert.deepEqual(c.categorizeOne('zxcv qwerty'), ['personal']);
  });
});

describe('access rules', () => {
  const m = (id: string, ...categories: string[]) => ({ id, categories });
  it('without rules, or with allow all, restricts nothing', () => {
    assert.equal(compileVisibility([]), undefined);
    assert.equal(compileVisibility([{ effect: 'allow', objectType: 'all', objectId: null }]), undefined);
  });
  it('fails closed: deny all beats allow all', () => {
    const v = compileVisibility([{ effect: 'allow', objectType: 'all', objectId: null }, { effect: 'deny', objectType: 'all', objectId: null }]);
    assert.equal(isVisible(v, m('a', 'work')), false);
  });
  it('denies by memory and category; allow rules turn into an allow-list', () => {
    const deny = compileVisibility([{ effect: 'deny', objectType: 'category', objectId: 'health' }, { effect: 'deny', objectType: 'memory', objectId: 'x' }]);
    assert.deepEqual([isVisible(deny, m('a', 'health')), isVisible(deny, m('x')), isVisible(deny, m('b', 'work'))], [false, false, true]);
    const allow = compileVisibility([{ effect: 'allow', objectType: 'category', objectId: 'work' }, { effect: 'deny', objectType: 'memory', objectId: 'w2' }]);
    assert.deepEqual([isVisible(allow, m('w1', 'work')), isVisible(allow, m('w2', 'work')), isVisible(allow, m('h', 'health'))], [true, false, false]);
  });
});

describe('LlmCategorizer', () => {
  it('uses the model answer, and falls back on errors and timeouts without failing', async () => {
    const answers: Array<() => Promise<Response>> = [
      async () => Response.json({ choices: [{ message: { content: '{"categories": ["Travel", "Food"]}' } }] }),
      async () => new Response('down', { status: 500 }),
      () => new Promise<Response>(() => {}),
    ];
    let i = 0;
    const llm = new LlmCategorizer({
      baseUrl: 'http://llm.invalid/v1', model: 'm', timeoutMs: 200,
      fetch: ((_url: string, init: RequestInit) => {
        const answer = answers[i++]!();
        return Promise.race([answer, new Promise<Response>((_, reject) => init.signal!.addEventListener('abort', () => reject(new Error('aborted'))))]);
      }) as typeof fetch,
    });
    const started = Date.now();
    const result = await llm.categorize(['sushi in Osaka', 'my flight to Rome', 'my doctor said to rest']);
    assert.ok(Date.now() - started < 2000);
    assert.deepEqual(result, [['travel', 'food'], ['travel'], ['health']]);
  });
});

describe('Memory governance wiring', () => {
  it('categorises on add, gates paused apps, records who changed state, verifies keys', async () => {
    const memory = new Memory({ path: ':memory:', embedder: null });
    try {
      const added = await memory.add('I enjoy playing chess on weekends', { userId: 'u', app: 'claude' });
      const id = added.results[0]!.id;
      assert.ok((await memory.get(id, { userId: 'u' })).categories.includes('entertainment'));
      const explicit = await memory.add('kept as is', { userId: 'u', categories: ['custom'] });
      assert.deepEqual((await memory.get(explicit.results[0]!.id, { userId: 'u' })).categories, ['custom']);

      await memory.apps.setActive('u', 'claude', false);
      await assert.rejects(memory.add('more', { userId: 'u', app: 'claude' }), { code: 'FORBIDDEN' });
      await assert.rejects(memory.update(id, 'changed', { userId: 'u', caller: 'claude' }), { code: 'NOT_FOUND' });
      assert.equal((await memory.search('chess', { userId: 'u', caller: 'claude' })).results.length, 0);
      // Another user's app of the same name is not paused.
      await memory.add('other user', { userId: 'v', app: 'claude' });
      await memory.apps.setActive('u', 'claude', true);

      await memory.setState([id], 'archived', { userId: 'u', caller: 'dashboard' });
      const changes = await memory.statusHistory(id, { userId: 'u' });
      assert.deepEqual(changes.map((c) => [c.newState, c.changedBy]), [['active', 'claude'], ['archived', 'dashboard']]);

      const { token, key } = await memory.keys.create('u', { app: 'cursor' });
      assert.equal((await memory.keys.verify(token))?.userId, 'u');
      assert.equal(await memory.keys.verify(`${token}x`), null);
      assert.ok(!JSON.stringify(await memory.keys.list()).includes(token.slice(20)));
      await memory.keys.revoke(key.id);
      assert.equal(await memory.keys.verify(token), null);
    } finally {
      await memory.close();
    }
  });
});
