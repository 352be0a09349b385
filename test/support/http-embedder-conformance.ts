/**
 * Test support: the behaviour every HTTP embedding provider must share, run by each
 * provider's test file against a real local server speaking that provider's protocol
 * (like a storage conformance suite). Provider-specific wire details (paths, headers,
 * body fields, batch caps, ordering) are tested in the provider's own test file.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMnemoError } from '../../src/core/errors.js';
import { type Embedder, type EmbeddingConfig, normalize } from '../../src/embedding/embedder.js';
import { startFakeHttpServer, useFakeHttpServer } from './fake-http-server.js';

/** A key that must never show up in an error message. */
export const TEST_API_KEY = 'sk-test-SECRET-7f3a9c';

/** How a provider speaks on the wire, as seen by the fake server. */
export interface HttpProviderWire {
  /** `openai`, `ollama`, `gemini`. */
  provider: string;
  /** The provider's default model (expected in `id`). */
  defaultModel: string;
  /** Builds the embedder; `config.baseUrl` points at the fake server. */
  create(config: EmbeddingConfig): Embedder;
  /** The baseUrl to configure for a server at `serverUrl` (e.g. OpenAI appends `/v1`). */
  baseUrl(serverUrl: string): string;
  /** The texts a request body carries, in order. */
  textsOf(body: any): string[];
  /** The provider's success answer carrying `vectors` (in request order). */
  answer(vectors: number[][]): unknown;
}

/** A deterministic 3-d vector per text, so a test can tell which text a vector belongs to. */
export function vectorFor(text: string): number[] {
  let hash = 0;
  for (const ch of text) hash = (hash * 31 + ch.codePointAt(0)!) % 1009;
  return [text.length, 1, hash];
}

/** `vectorFor(text)`, L2-normalised, as the embedder must return it. */
export function expectedVector(text: string): number[] {
  return Array.from(normalize(Float32Array.from(vectorFor(text))));
}

/** Asserts `promise` rejects with a MnemoError of `code` whose message matches `pattern` and never shows the key. */
export async function assertRejects(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isMnemoError(error), `expected MnemoError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes(TEST_API_KEY), `message leaks the API key: ${error.message}`);
    return true;
  });
}

/** Registers the shared suite for one provider. */
export function describeHttpEmbedderConformance(wire: HttpProviderWire): void {
  describe(`${wire.provider} embedder: shared HTTP behaviour`, () => {
    const answerTexts = (req: { body: any }) => ({ body: wire.answer(wire.textsOf(req.body).map(vectorFor)) });
    const server = useFakeHttpServer(answerTexts);
    const make = (config: EmbeddingConfig = {}): Embedder =>
      wire.create({ baseUrl: wire.baseUrl(server.url), apiKey: TEST_API_KEY, ...config });

    it('embeds a batch in one request, in order, normalised, and learns the size', async () => {
      const embedder = make();
      assert.equal(embedder.id, `${wire.provider}:${wire.defaultModel}`);
      assert.equal(embedder.dimensions, 0);
      const texts = ['alpha', 'be', 'gamma ray', 'd'];
      const vectors = await embedder.embed(texts);
      assert.equal(server.requests.length, 1);
      assert.equal(server.requests[0]!.method, 'POST');
      assert.match(String(server.requests[0]!.headers['content-type']), /application\/json/);
      assert.deepEqual(wire.textsOf(server.requests[0]!.body), texts);
      assert.equal(vectors.length, texts.length);
      vectors.forEach((v, i) => {
        assert.ok(v instanceof Float32Array);
        assert.deepEqual(Array.from(v), expectedVector(texts[i]!));
      });
      assert.equal(embedder.dimensions, 3);
    });

    it('resolves [] for no texts without a request', async () => {
      assert.deepEqual(await make().embed([]), []);
      assert.equal(server.requests.length, 0);
    });

    it('puts requested dimensions in the id and rejects answers of another size', async () => {
      const embedder = make({ dimensions: 4 });
      assert.equal(embedder.id, `${wire.provider}:${wire.defaultModel}:4`);
      assert.equal(embedder.dimensions, 4);
      await assertRejects(embedder.embed(['x']), 'UNAVAILABLE', /3 dimensions, expected 4/);
    });

    it('rejects an answer whose size differs from the size learned earlier', async () => {
      const embedder = make();
      await embedder.embed(['a']);
      server.handler = (req) => ({ body: wire.answer(wire.textsOf(req.body).map(() => [1, 2, 3, 4])) });
      await assertRejects(embedder.embed(['b']), 'UNAVAILABLE', /4 dimensions, expected 3/);
      assert.equal(embedder.dimensions, 3);
    });

    it('rejects vectors of mixed length in one answer', async () => {
      server.handler = () => ({ body: wire.answer([[1, 2, 3], [1, 2]]) });
      await assertRejects(make().embed(['a', 'b']), 'UNAVAILABLE', /malformed.*vector 1 has 2 dimensions/);
    });

    it('rejects non-finite and non-numeric values', async () => {
      server.handler = () => ({ body: JSON.stringify(wire.answer([[1, 2, 3]])).replace('[1,2,3]', '[1,1e400,3]') });
      await assertRejects(make().embed(['a']), 'UNAVAILABLE', /non-finite/);
      server.handler = () => ({ body: wire.answer([[1, null, 3] as unknown as number[]]) });
      await assertRejects(make().embed(['a']), 'UNAVAILABLE', /non-finite/);
    });

    it('rejects a wrong vector count, a wrong shape and a non-JSON body', async () => {
      server.handler = () => ({ body: wire.answer([[1, 2, 3]]) });
      await assertRejects(make().embed(['a', 'b']), 'UNAVAILABLE', /1 vectors for 2 texts/);
      server.handler = () => ({ body: { unexpected: true } });
      await assertRejects(make().embed(['a']), 'UNAVAILABLE', /malformed.*unexpected JSON shape/);
      server.handler = () => ({ body: '<html>gateway</html>' });
      await assertRejects(make().embed(['a']), 'UNAVAILABLE', /not JSON/);
    });

    it('maps 401 to UNAVAILABLE "check the API key" without echoing the key', async () => {
      server.handler = () => ({ status: 401, body: { error: { message: `Incorrect API key provided: ${TEST_API_KEY}` } } });
      await assertRejects(make().embed(['a']), 'UNAVAILABLE', new RegExp(`${wire.provider}.*HTTP 401.*check the API key.*Incorrect API key provided: \\*\\*\\*`));
    });

    it('maps 403 to UNAVAILABLE "check the API key"', async () => {
      server.handler = () => ({ status: 403, body: { error: 'forbidden' } });
      await assertRejects(make().embed(['a']), 'UNAVAILABLE', /HTTP 403.*check the API key/);
    });

    it('maps 5xx to UNAVAILABLE with the status and a body excerpt', async () => {
      server.handler = () => ({ status: 500, body: { error: 'model runner crashed' } });
      await assertRejects(make().embed(['a']), 'UNAVAILABLE', new RegExp(`^${wire.provider} .*HTTP 500: .*model runner crashed`));
      server.handler = () => ({ status: 503, body: 'x'.repeat(5000) });
      await assert.rejects(make().embed(['a']), (error: Error) => error.message.length < 500);
    });

    it('maps other 4xx to INVALID_INPUT', async () => {
      server.handler = () => ({ status: 400, body: { error: 'input too long' } });
      await assertRejects(make().embed(['a']), 'INVALID_INPUT', /HTTP 400.*refused the input.*input too long/);
    });

    it('times out after timeoutMs with UNAVAILABLE', async () => {
      server.handler = (req) => ({ ...answerTexts(req), delayMs: 2000 });
      const started = Date.now();
      await assertRejects(make({ timeoutMs: 100 }).embed(['a']), 'UNAVAILABLE', /timed out after 100 ms/);
      assert.ok(Date.now() - started < 1500, 'did not honour timeoutMs');
    });

    it('reports an unreachable service as UNAVAILABLE', async () => {
      const closed = await startFakeHttpServer();
      await closed.close();
      const embedder = wire.create({ baseUrl: wire.baseUrl(closed.url), apiKey: TEST_API_KEY });
      await assertRejects(embedder.embed(['a']), 'UNAVAILABLE', /unreachable.*ECONNREFUSED/);
    });

    it('rejects a baseUrl that is not http(s) and bad dimensions at construction', () => {
      assert.throws(() => wire.create({ baseUrl: 'ftp://example.test', apiKey: TEST_API_KEY }), (e: unknown) => isMnemoError(e, 'INVALID_INPUT'));
      assert.throws(() => make({ dimensions: 0 }), (e: unknown) => isMnemoError(e, 'INVALID_INPUT'));
    });
  });
}
