/**
 * `GET/POST /api/v1/memories/search` in-process (issue 13): the engine's ranked search
 * over REST, best first with scores, with filters (app, categories, states), limit and
 * mode; the degradation notice when vectors are off; bad input refused; users isolated;
 * related memories above the similarity floor only.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { harness, type Json } from '../../../test/support/http-harness.js';
import { UseLiteEmbedder } from '../../embedding/local/use-lite-embedder.js';

describe('GET/POST /api/v1/memories/search', () => {
  const h = harness();
  after(() => h.memory.close());

  it('ranks, filters, limits and says when it is keyword-only', async () => {
    await h.call('POST', '/api/v1/memories', { text: 'I prefer window seats on long flights', app: 'cursor', categories: ['travel'] });
    await h.call('POST', '/api/v1/memories', { text: 'Window cleaning every spring', app: 'claude', categories: ['home'] });
    await h.call('POST', '/api/v1/memories', { text: 'Green tea every morning', app: 'claude' });
    const res = await h.call('GET', '/api/v1/memories/search?q=window+seats');
    assert.equal(res.status, 200);
    assert.equal(res.body.results[0].content, 'I prefer window seats on long flights');
    assert.equal(res.body.results[1].content, 'Window cleaning every spring');
    assert.ok(res.body.results[0].score >= res.body.results[1].score && res.body.results[1].score > 0);
    // Conversation context (retrieval/context.ts) may add a neighbour written just before or
    // after a match (here "Green tea"), always below the memories that match themselves.
    for (const extra of res.body.results.slice(2)) assert.ok(extra.score < res.body.results[1].score, extra.content);
    assert.ok(res.body.results.length <= 3);
    assert.equal(res.body.mode, 'keyword');
    assert.match(res.body.notice, /keyword/);
    const byApp = (await h.call('GET', '/api/v1/memories/search?q=window&app_id=claude')).body.results as Json[];
    assert.equal(byApp[0]?.content, 'Window cleaning every spring');
    assert.deepEqual([...new Set(byApp.map((r) => r.app_name))], ['claude'], 'the app filter holds for context neighbours too');
    const byCategory = (await h.call('GET', '/api/v1/memories/search?q=window&categories=travel')).body.results as Json[];
    assert.deepEqual(byCategory.map((r) => r.categories), [['travel']]);
    assert.equal((await h.call('POST', '/api/v1/memories/search', { query: 'window', limit: 1 })).body.results.length, 1);
  });

  it('refuses bad input with a message naming the field', async () => {
    for (const [path, message] of [['/api/v1/memories/search', /query/], ['/api/v1/memories/search?q=x&limit=0', /limit: must be a whole number from 1 to 100/],
      ['/api/v1/memories/search?q=x&mode=fuzzy', /mode/], ['/api/v1/memories/search?q=x&state=deleted', /state/]] as const) {
      const res = await h.call('GET', path);
      assert.equal(res.status, 400, path);
      assert.match(res.body.error.message, message);
    }
  });
});

describe('related memories with the local embedder', () => {
  const h = harness({}, { embedder: new UseLiteEmbedder({ worker: false }) });
  after(() => h.memory.close());

  it('leave out memories far in meaning (the billing service is not related to an allergy)', async () => {
    const allergy = await h.call('POST', '/api/v1/memories', { text: 'My daughter is allergic to peanuts', categories: ['health'] });
    await h.call('POST', '/api/v1/memories', { text: 'Our billing service runs on PostgreSQL 16', categories: ['work'] });
    await h.call('POST', '/api/v1/memories', { text: 'My son cannot eat nuts or peanut butter', categories: ['family'] });
    const related = await h.call('GET', `/api/v1/memories/${allergy.body.id}/related`);
    const similar = related.body.similar.map((m: Json) => m.content);
    assert.ok(!similar.includes('Our billing service runs on PostgreSQL 16'), JSON.stringify(related.body.similar));
    assert.ok(similar.includes('My son cannot eat nuts or peanut butter'), JSON.stringify(related.body.similar));
  });
});
