import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMnemoError } from '../../core/errors.js';
import { TEST_API_KEY, assertRejects, describeHttpEmbedderConformance, expectedVector, vectorFor } from '../../../test/support/http-embedder-conformance.js';
import { createEmbedder } from '../create-embedder.js';
import { useFakeHttpServer } from '../../../test/support/fake-http-server.js';
import { OPENAI_MAX_BATCH, OpenAIEmbedder } from './openai-embedder.js';

/** A realistic OpenAI answer; `order` permutes the data items (the API does not promise order). */
function openaiAnswer(vectors: number[][], order: number[] = vectors.map((_, i) => i)) {
  return {
    object: 'list',
    data: order.map((index) => ({ object: 'embedding', index, embedding: vectors[index] })),
    model: 'text-embedding-3-small',
    usage: { prompt_tokens: 8, total_tokens: 8 },
  };
}

describeHttpEmbedderConformance({
  provider: 'openai',
  defaultModel: 'text-embedding-3-small',
  create: (config) => new OpenAIEmbedder(config),
  baseUrl: (url) => `${url}/v1`,
  textsOf: (body) => body.input,
  answer: (vectors) => openaiAnswer(vectors),
});

describe('openai embedder: wire format', () => {
  const server = useFakeHttpServer((req) => ({ body: openaiAnswer((req.body.input as string[]).map(vectorFor)) }));

  it('POSTs {baseUrl}/embeddings with a Bearer key and the documented body', async () => {
    await new OpenAIEmbedder({ baseUrl: `${server.url}/v1/`, apiKey: TEST_API_KEY, model: 'text-embedding-3-large' }).embed(['hi', 'there']);
    const [req] = server.requests;
    assert.equal(req!.path, '/v1/embeddings');
    assert.equal(req!.headers.authorization, `Bearer ${TEST_API_KEY}`);
    assert.deepEqual(req!.body, { model: 'text-embedding-3-large', input: ['hi', 'there'], encoding_format: 'float' });
  });

  it('sends dimensions only when configured', async () => {
    server.handler = (req) => ({ body: openaiAnswer((req.body.input as string[]).map(() => [1, 2, 3, 4])) });
    const embedder = new OpenAIEmbedder({ baseUrl: server.url, apiKey: TEST_API_KEY, dimensions: 4 });
    await embedder.embed(['a']);
    assert.equal(server.requests[0]!.body.dimensions, 4);
    assert.equal(embedder.id, 'openai:text-embedding-3-small:4');
  });

  it('orders vectors by index, not by position in data', async () => {
    const texts = ['one', 'two', 'three'];
    server.handler = () => ({ body: openaiAnswer(texts.map(vectorFor), [2, 0, 1]) });
    const vectors = await new OpenAIEmbedder({ baseUrl: server.url, apiKey: TEST_API_KEY }).embed(texts);
    assert.deepEqual(vectors.map((v) => Array.from(v)), texts.map(expectedVector));
  });

  it('rejects duplicate or out-of-range indexes', async () => {
    const embedder = new OpenAIEmbedder({ baseUrl: server.url, apiKey: TEST_API_KEY });
    server.handler = () => ({ body: openaiAnswer([[1, 2, 3], [1, 2, 3]], [0, 0]) });
    await assertRejects(embedder.embed(['a', 'b']), 'UNAVAILABLE', /malformed/);
    server.handler = () => ({ body: { data: [{ index: 5, embedding: [1, 2, 3] }] } });
    await assertRejects(embedder.embed(['a']), 'UNAVAILABLE', /malformed/);
  });

  it('splits only above the 2048-input cap, keeping order', async () => {
    const texts = Array.from({ length: OPENAI_MAX_BATCH + 3 }, (_, i) => `t${i}`);
    const vectors = await new OpenAIEmbedder({ baseUrl: server.url, apiKey: TEST_API_KEY }).embed(texts);
    assert.deepEqual(server.requests.map((r) => r.body.input.length), [OPENAI_MAX_BATCH, 3]);
    assert.equal(vectors.length, texts.length);
    assert.deepEqual(Array.from(vectors.at(-1)!), expectedVector(texts.at(-1)!));
  });

  it('needs a key for api.openai.com but not for a compatible local server', async () => {
    assert.throws(() => new OpenAIEmbedder({}), (e: unknown) => isMnemoError(e, 'INVALID_INPUT') && /API key/.test(e.message));
    assert.throws(() => new OpenAIEmbedder({ baseUrl: 'https://api.openai.com/v1/' }), (e: unknown) => isMnemoError(e, 'INVALID_INPUT'));
    await new OpenAIEmbedder({ baseUrl: server.url }).embed(['a']);
    assert.equal(server.requests[0]!.headers.authorization, undefined);
  });

  it('is built by createEmbedder', async () => {
    assert.ok((await createEmbedder({ provider: 'openai', baseUrl: 'http://127.0.0.1:1/v1' })) instanceof OpenAIEmbedder);
  });
});
