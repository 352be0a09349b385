import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMnemoError } from '../../core/errors.js';
import { TEST_API_KEY, describeHttpEmbedderConformance, expectedVector, vectorFor } from '../../../test/support/http-embedder-conformance.js';
import { createEmbedder } from '../create-embedder.js';
import { useFakeHttpServer } from '../../../test/support/fake-http-server.js';
import { GEMINI_MAX_BATCH, GeminiEmbedder } from './gemini-embedder.js';

/** A realistic batchEmbedContents answer. */
function geminiAnswer(vectors: number[][]) {
  return { embeddings: vectors.map((values) => ({ values })) };
}

const textsOf = (body: any): string[] => body.requests.map((r: any) => r.content.parts[0].text);

describeHttpEmbedderConformance({
  provider: 'gemini',
  defaultModel: 'gemini-embedding-001',
  create: (config) => new GeminiEmbedder(config),
  baseUrl: (url) => url,
  textsOf,
  answer: geminiAnswer,
});

describe('gemini embedder: wire format', () => {
  const server = useFakeHttpServer((req) => ({ body: geminiAnswer(textsOf(req.body).map(vectorFor)) }));

  it('POSTs batchEmbedContents with x-goog-api-key and one request per text', async () => {
    await new GeminiEmbedder({ baseUrl: server.url, apiKey: TEST_API_KEY }).embed(['hello', 'world']);
    const [req] = server.requests;
    assert.equal(req!.path, '/v1beta/models/gemini-embedding-001:batchEmbedContents');
    assert.equal(req!.headers['x-goog-api-key'], TEST_API_KEY);
    assert.equal(req!.headers.authorization, undefined);
    assert.deepEqual(req!.body, {
      requests: [
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'hello' }] } },
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'world' }] } },
      ],
    });
  });

  it('sends outputDimensionality when dimensions are configured and accepts a models/ prefix', async () => {
    server.handler = () => ({ body: geminiAnswer([[1, 2, 3, 4, 5]]) });
    const embedder = new GeminiEmbedder({ baseUrl: server.url, apiKey: TEST_API_KEY, model: 'models/gemini-embedding-001', dimensions: 5 });
    await embedder.embed(['a']);
    assert.equal(server.requests[0]!.path, '/v1beta/models/gemini-embedding-001:batchEmbedContents');
    assert.equal(server.requests[0]!.body.requests[0].outputDimensionality, 5);
    assert.equal(embedder.id, 'gemini:gemini-embedding-001:5');
  });

  it('splits above the 100-request cap, keeping order', async () => {
    const texts = Array.from({ length: 2 * GEMINI_MAX_BATCH + 1 }, (_, i) => `text number ${i}`);
    const vectors = await new GeminiEmbedder({ baseUrl: server.url, apiKey: TEST_API_KEY }).embed(texts);
    assert.deepEqual(server.requests.map((r) => r.body.requests.length), [100, 100, 1]);
    assert.deepEqual(vectors.map((v) => Array.from(v)), texts.map(expectedVector));
  });

  it('needs a key for the hosted API', () => {
    assert.throws(() => new GeminiEmbedder({}), (e: unknown) => isMnemoError(e, 'INVALID_INPUT') && /API key/.test(e.message));
    assert.doesNotThrow(() => new GeminiEmbedder({ baseUrl: server.url }));
  });

  it('is built by createEmbedder', async () => {
    assert.ok((await createEmbedder({ provider: 'gemini', apiKey: TEST_API_KEY })) instanceof GeminiEmbedder);
  });
});
