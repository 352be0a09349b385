/**
 * Google Gemini API embeddings (`POST {baseUrl}/v1beta/models/{model}:batchEmbedContents`).
 * Wire format checked against the Gemini API reference (models.batchEmbedContents,
 * EmbedContentRequest) and Google's own REST sample (google-gemini/api-examples
 * rest/embed.sh): header `x-goog-api-key`, body `{requests: [{model: 'models/{model}',
 * content: {parts: [{text}]}, outputDimensionality?}]}`, answer
 * `{embeddings: [{values: number[]}]}` in request order.
 *
 * Failure contract: construction throws `INVALID_INPUT` without an API key on the hosted
 * API; `embed` follows {@link HttpEmbedder}.
 */
import type { EmbeddingConfig } from '../embedder.js';
import { HttpEmbedder, type HttpEmbedRequest } from '../http/http-embedder.js';

/** The hosted Gemini API. */
export const GEMINI_DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';

/**
 * Default model: `gemini-embedding-001` (3072 dimensions, reducible with `dimensions`).
 * Google's earlier `text-embedding-004` was shut down on 2026-01-14 and now answers 404.
 */
export const GEMINI_DEFAULT_MODEL = 'gemini-embedding-001';

/** Most requests per batchEmbedContents call: 100, the limit the API enforces. */
export const GEMINI_MAX_BATCH = 100;

/**
 * Embeds through the Gemini API.
 * @example new GeminiEmbedder({ apiKey, dimensions: 768 })
 */
export class GeminiEmbedder extends HttpEmbedder {
  /**
   * @param config `model` (default `gemini-embedding-001`; a `models/` prefix is accepted),
   *   `baseUrl` (default `https://generativelanguage.googleapis.com`), `apiKey` (required
   *   for the default host), `dimensions` (sent as `outputDimensionality`), `timeoutMs`.
   * @throws MnemoError INVALID_INPUT for a missing key on the hosted API, a bad baseUrl or dimensions.
   */
  constructor(config: EmbeddingConfig = {}) {
    super({
      provider: 'gemini',
      model: (config.model ?? GEMINI_DEFAULT_MODEL).replace(/^models\//, ''),
      baseUrl: config.baseUrl ?? GEMINI_DEFAULT_BASE_URL,
      hostedOrigin: GEMINI_DEFAULT_BASE_URL,
      apiKey: config.apiKey,
      dimensions: config.dimensions,
      timeoutMs: config.timeoutMs,
      maxBatch: GEMINI_MAX_BATCH,
    });
  }

  protected buildRequest(batch: string[]): HttpEmbedRequest {
    const { model, dimensions, apiKey } = this.options;
    const extra = dimensions === undefined ? {} : { outputDimensionality: dimensions };
    return {
      url: this.endpoint(`/v1beta/models/${encodeURIComponent(model)}:batchEmbedContents`),
      headers: apiKey ? { 'x-goog-api-key': apiKey } : {},
      body: { requests: batch.map((text) => ({ model: `models/${model}`, content: { parts: [{ text }] }, ...extra })) },
    };
  }

  protected readVectors(body: unknown): unknown[] | undefined {
    const embeddings = (body as { embeddings?: unknown } | null)?.embeddings;
    return Array.isArray(embeddings) ? embeddings.map((e) => (e as { values?: unknown } | null)?.values) : undefined;
  }
}
