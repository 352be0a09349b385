/**
 * OpenAI embeddings (`POST {baseUrl}/embeddings`), and any server that speaks the same
 * protocol: LM Studio, vLLM, LocalAI, llama.cpp server, Ollama's `/v1`. Wire format
 * checked against the OpenAI API reference (CreateEmbeddingRequest in the OpenAI OpenAPI
 * spec): body `{model, input: string[], encoding_format: 'float', dimensions?}`,
 * answer `{data: [{index, embedding}]}`.
 *
 * Failure contract: construction throws `INVALID_INPUT` when the hosted OpenAI API is
 * used without an API key; `embed` follows {@link HttpEmbedder} (`UNAVAILABLE` for an
 * unreachable service, a rejected key or a malformed answer; `INVALID_INPUT` for a
 * refused input).
 */
import type { EmbeddingConfig } from '../embedder.js';
import { HttpEmbedder, type HttpEmbedRequest } from '../http/http-embedder.js';

/** The hosted OpenAI API. */
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Default model: OpenAI's cheapest v3 embedding model, 1536 dimensions (reducible with `dimensions`). */
export const OPENAI_DEFAULT_MODEL = 'text-embedding-3-small';

/** Most inputs per request: the `input` array's `maxItems` (2048) in OpenAI's OpenAPI spec. */
export const OPENAI_MAX_BATCH = 2048;

/**
 * Embeds through the OpenAI embeddings API or a compatible server.
 * @example new OpenAIEmbedder({ apiKey, model: 'text-embedding-3-small', dimensions: 512 })
 * @example new OpenAIEmbedder({ baseUrl: 'http://127.0.0.1:1234/v1', model: 'nomic-embed-text-v1.5' }) // LM Studio, no key
 */
export class OpenAIEmbedder extends HttpEmbedder {
  /**
   * @param config `model` (default `text-embedding-3-small`), `baseUrl` (default
   *   `https://api.openai.com/v1`), `apiKey` (required for the default host), `dimensions`
   *   (v3 models only), `timeoutMs` (default 30000).
   * @throws MnemoError INVALID_INPUT for a missing key on api.openai.com, a bad baseUrl or dimensions.
   */
  constructor(config: EmbeddingConfig = {}) {
    super({
      provider: 'openai',
      model: config.model ?? OPENAI_DEFAULT_MODEL,
      baseUrl: config.baseUrl ?? OPENAI_DEFAULT_BASE_URL,
      hostedOrigin: OPENAI_DEFAULT_BASE_URL,
      apiKey: config.apiKey,
      dimensions: config.dimensions,
      timeoutMs: config.timeoutMs,
      maxBatch: OPENAI_MAX_BATCH,
    });
  }

  protected buildRequest(batch: string[]): HttpEmbedRequest {
    const { model, dimensions, apiKey } = this.options;
    return {
      url: this.endpoint('/embeddings'),
      headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
      body: { model, input: batch, encoding_format: 'float', ...(dimensions === undefined ? {} : { dimensions }) },
    };
  }

  /**
   * Orders `data` by `index`; servers that omit every `index` are taken in array order.
   * A wrong count is left for the base class to report.
   */
  protected readVectors(body: unknown, count: number): unknown[] | undefined {
    const data = (body as { data?: unknown } | null)?.data;
    if (!Array.isArray(data)) return undefined;
    const items = data as { index?: unknown; embedding?: unknown }[];
    if (items.length !== count || items.every((item) => item?.index === undefined)) return items.map((item) => item?.embedding);
    const out: unknown[] = new Array(count);
    for (const item of items) {
      const index = item?.index;
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count || index in out) return undefined;
      out[index] = item.embedding;
    }
    return out;
  }
}
