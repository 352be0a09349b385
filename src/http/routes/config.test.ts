/**
 * `GET /api/v1/config` in-process: the facts the dashboard shows, and never a secret,
 * path or URL (checked with an embedder and an LLM categorizer configured with secrets).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Embedder } from '../../embedding/embedder.js';
import { LlmCategorizer } from '../../engine/llm-categorizer.js';
import { harness } from '../../../test/support/http-harness.js';

/** A 3-d embedder named like a remote provider's. */
const embedder: Embedder = {
  id: 'openai:text-embedding-3-small',
  dimensions: 3,
  embed: async (texts) => texts.map(() => Float32Array.from([1, 0, 0])),
};

describe('GET /api/v1/config', () => {
  const h = harness({ version: '9.9.9' }, {
    embedder,
    categorizer: new LlmCategorizer({ baseUrl: 'http://llm.internal:8080/v1', model: 'llama3.2', apiKey: 'sk-SECRET-123' }),
  });
  after(() => h.memory.close());

  it('reports storage, embedder, categorizer and features', async () => {
    const res = await h.call('GET', '/api/v1/config');
    assert.equal(res.status, 200);
    assert.equal(res.body.version, '9.9.9');
    assert.equal(res.body.auth, 'off');
    assert.equal(res.body.user_id, 'alice');
    assert.equal(res.body.storage.kind, 'sqlite');
    assert.equal(typeof res.body.storage.schema_version, 'number');
    assert.equal(typeof res.body.storage.vector_search, 'boolean');
    assert.deepEqual(
      { provider: res.body.embedder.provider, model: res.body.embedder.model, dimensions: res.body.embedder.dimensions },
      { provider: 'openai', model: 'text-embedding-3-small', dimensions: 3 },
    );
    assert.deepEqual(res.body.categorizer, { llm: true, model: 'llama3.2' });
    assert.deepEqual(res.body.features, { activity: true, keys: true, export: true, import: true });
  });

  it('holds no secret, URL or path', async () => {
    const text = (await h.call('GET', '/api/v1/config')).text;
    assert.doesNotMatch(text, /SECRET|sk-|http|llm\.internal|:memory:|\/tmp|sqlite"?:?\s*"\//);
  });

  it('says keyword only when there is no embedder, and refuses app-bound keys', async () => {
    const plain = harness({ auth: { required: true } });
    const { token } = await plain.memory.keys.create('bob');
    const res = await plain.call('GET', '/api/v1/config', undefined, { authorization: `Token ${token}` });
    assert.equal(res.status, 200);
    assert.equal(res.body.user_id, 'bob');
    assert.equal(res.body.auth, 'required');
    assert.deepEqual(res.body.embedder, { provider: null, model: null, dimensions: null, ok: false });
    assert.deepEqual(res.body.categorizer, { llm: false, model: null });
    const app = await plain.memory.keys.create('bob', { app: 'cursor' });
    assert.equal((await plain.call('GET', '/api/v1/config', undefined, { authorization: `Token ${app.token}` })).status, 403);
    assert.equal((await plain.call('GET', '/api/v1/config')).status, 401);
    await plain.memory.close();
  });
});
