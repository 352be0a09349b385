import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TEST_API_KEY, assertRejects, describeHttpEmbedderConformance, vectorFor } from '../../../test/support/http-embedder-conformance.js';
import { createEmbedder } from '../create-embedder.js';
import { useFakeHttpServer } from '../../../test/support/fake-http-server.js';
import { OLLAMA_DEFAULT_BASE_URL, OllamaEmbedder } from './ollama-embedder.js';

/** A realistic Ollama /api/embed answer. */
function ollamaAnswer(vectors: number[][]) {
  return { model: 'nomic-embed-text', embeddings: vectors, total_duration: 14143917, load_duration: 1019500, prompt_eval_count: 8 };
}

describeHttpEmbedderConformance({
  provider: 'ollama',
  defaultModel: 'nomic-embed-text',
  create: (config) => new OllamaEmbedder(config),
  baseUrl: (url) => url,
  textsOf: (body) => body.input,
  answer: ollamaAnswer,
});

describe('ollama embedder: wire format', () => {
  const server = useFakeHttpServer((req) => ({ body: ollamaAnswer((req.body.input as string[]).map(vectorFor)) }));

  it('POSTs {baseUrl}/api/embed with {model, input} and no auth by default', async () => {
    const texts = Array.from({ length: 3000 }, (_, i) => `t${i}`);
    await new OllamaEmbedder({ baseUrl: server.url, model: 'mxbai-embed-large' }).embed(texts);
    assert.equal(server.requests.length, 1, 'the whole input goes in one request');
    const [req] = server.requests;
    assert.equal(req!.path, '/api/embed');
    assert.equal(req!.headers.authorization, undefined);
    assert.deepEqual(req!.body, { model: 'mxbai-embed-large', input: texts });
  });

  it('sends dimensions when configured and a Bearer key when given', async () => {
    server.handler = () => ({ body: ollamaAnswer([[1, 2]]) });
    const embedder = new OllamaEmbedder({ baseUrl: server.url, dimensions: 2, apiKey: TEST_API_KEY });
    await embedder.embed(['a']);
    assert.equal(server.requests[0]!.body.dimensions, 2);
    assert.equal(server.requests[0]!.headers.authorization, `Bearer ${TEST_API_KEY}`);
    assert.equal(embedder.id, 'ollama:nomic-embed-text:2');
  });

  it('reports an unpulled model (404) as UNAVAILABLE naming the model problem', async () => {
    server.handler = () => ({ status: 404, body: { error: 'model "nomic-embed-text" not found, try pulling it first' } });
    await assertRejects(new OllamaEmbedder({ baseUrl: server.url }).embed(['a']), 'UNAVAILABLE', /HTTP 404.*check the model name.*try pulling it first/);
  });

  it('defaults to the local Ollama address', () => {
    assert.equal(OLLAMA_DEFAULT_BASE_URL, 'http://127.0.0.1:11434');
    assert.doesNotThrow(() => new OllamaEmbedder());
  });

  it('is built by createEmbedder', async () => {
    assert.ok((await createEmbedder({ provider: 'ollama' })) instanceof OllamaEmbedder);
  });
});
