/**
 * Ollama's native embeddings endpoint (`POST {baseUrl}/api/embed`), for models served
 * by a local Ollama (`ollama pull nomic-embed-text`). Wire format checked against
 * Ollama's docs/api.md ("Generate Embeddings"): body `{model, input: string[],
 * dimensions?}`, answer `{embeddings: number[][]}` in input order. `dimensions` needs
 * an Ollama release from September 2025 on (ollama/ollama#12242) and a model that
 * supports it.
 *
 * Failure contract: follows {@link HttpEmbedder}; an unpulled model answers 404, which
 * maps to `UNAVAILABLE` with a hint to check the model name.
 */
import type { EmbeddingConfig } from '../embedder.js';
import { HttpEmbedder, type HttpEmbedRequest } from '../http/http-embedder.js';

/** Ollama's default listen address. */
export const OLLAMA_DEFAULT_BASE_URL = 'http://127.0.0.1:11434';

/** Default model: nomic-embed-text (768 dimensions), the most pulled embedding model in Ollama's library. */
export const OLLAMA_DEFAULT_MODEL = 'nomic-embed-text';

/**
 * Embeds through a local (or remote) Ollama server. The API has no batch cap, so the
 * whole input goes in one request.
 * @example new OllamaEmbedder({ model: 'nomic-embed-text' })
 */
export class OllamaEmbedder extends HttpEmbedder {
  /**
   * @param config `model` (default `nomic-embed-text`), `baseUrl` (default
   *   `http://127.0.0.1:11434`), `apiKey` (optional, sent as a Bearer token for proxies),
   *   `dimensions` (optional), `timeoutMs` (default 30000).
   * @throws MnemoError INVALID_INPUT for a bad baseUrl or dimensions.
   */
  constructor(config: EmbeddingConfig = {}) {
    super({
      provider: 'ollama',
      model: config.model ?? OLLAMA_DEFAULT_MODEL,
      baseUrl: config.baseUrl ?? OLLAMA_DEFAULT_BASE_URL,
      apiKey: config.apiKey,
      dimensions: config.dimensions,
      timeoutMs: config.timeoutMs,
      maxBatch: Number.POSITIVE_INFINITY,
    });
  }

  protected buildRequest(batch: string[]): HttpEmbedRequest {
    const { model, dimensions, apiKey } = this.options;
    return {
      url: this.endpoint('/api/embed'),
      headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
      body: { model, input: batch, ...(dimensions === undefined ? {} : { dimensions }) },
    };
  }

  protected readVectors(body: unknown): unknown[] | undefined {
    const embeddings = (body as { embeddings?: unknown } | null)?.embeddings;
    return Array.isArray(embeddings) ? embeddings : undefined;
  }
}
