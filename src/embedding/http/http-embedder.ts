/**
 * What every HTTP embedding provider shares: one JSON POST with a timeout and one error
 * mapping ({@link postJson}), and a base class ({@link HttpEmbedder}) that splits a batch
 * only above the API's cap, learns the vector size from the first answer, checks every
 * vector and L2-normalises it. A provider (OpenAI, Ollama, Gemini) only says how to build
 * a request and where the vectors are in the answer.
 *
 * Uses Node 20's global `fetch`; no HTTP client dependency.
 *
 * Construction fails with `INVALID_INPUT` for a baseUrl that is not http(s), a
 * non-positive `dimensions`, or a missing API key for the provider's hosted API.
 * Failure contract of `embed`: every failure is a `MnemoError`. Network error, timeout, HTTP 5xx,
 * 401/403 (bad key), 404 (unknown model or endpoint), 408/429 (try later) and a malformed
 * answer (not JSON, wrong count, wrong or mixed length, non-finite numbers) are
 * `UNAVAILABLE`; any other 4xx is `INVALID_INPUT` (the service refused the input).
 * Messages name the provider, the URL (without credentials), the HTTP status and a short
 * excerpt of the body, and never contain the API key.
 */
import { MnemoError } from '../../core/errors.js';
import { type Embedder, type Vector, normalize } from '../embedder.js';

/** Default request timeout in milliseconds: long enough for a cold local model load (Ollama), short enough to fail a hung request. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Longest excerpt of an error body quoted in a message, in characters. */
const BODY_EXCERPT_CHARS = 200;

/** One JSON POST. */
export interface PostJsonRequest {
  /** Provider name used in messages, e.g. `openai`. */
  provider: string;
  /** Absolute URL. */
  url: string;
  /** Extra headers (auth). `content-type` and `accept` are set to JSON. */
  headers?: Record<string, string>;
  /** Request body, serialised with `JSON.stringify`. */
  body: unknown;
  /** Timeout for the whole exchange (connect, send, read the body), in milliseconds. @default 30000 */
  timeoutMs?: number | undefined;
  /** Strings that must never appear in an error message (the API key); replaced by `***`. */
  secrets?: (string | undefined)[];
}

/**
 * POSTs `body` as JSON and returns the parsed JSON answer of a 2xx response.
 * @example await postJson({ provider: 'ollama', url: 'http://127.0.0.1:11434/api/embed', body: { model, input } })
 * @throws MnemoError UNAVAILABLE on network error, timeout, 5xx, 401/403, 404, 408, 429 or a non-JSON 2xx body;
 *   INVALID_INPUT on any other 4xx.
 */
export async function postJson(request: PostJsonRequest): Promise<unknown> {
  const { provider, url } = request;
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const where = displayUrl(url);
  const redact = (text: string): string => redactSecrets(text, request.secrets ?? []);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...request.headers },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (cause) {
    const error = cause as Error & { cause?: { code?: string; message?: string } };
    const data = { provider, url: where };
    if (error.name === 'TimeoutError' || error.name === 'AbortError') {
      throw new MnemoError('UNAVAILABLE', `${provider} embedding request to ${where} timed out after ${timeoutMs} ms`, { data });
    }
    const reason = error.cause?.code ?? error.cause?.message ?? error.message;
    throw new MnemoError('UNAVAILABLE', redact(`${provider} embedding service unreachable at ${where}: ${reason}`), { data, cause });
  }
  const { status } = response;
  if (!response.ok) {
    const excerpt = redact(text.replace(/\s+/g, ' ').trim().slice(0, BODY_EXCERPT_CHARS));
    const data = { provider, url: where, status };
    const [code, hint] = describeStatus(status);
    throw new MnemoError(code, `${provider} embedding request to ${where} failed with HTTP ${status}${hint}${excerpt ? `: ${excerpt}` : ''}`, { data });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new MnemoError('UNAVAILABLE', `${provider} embedding service at ${where} answered HTTP ${status} with a body that is not JSON`, {
      data: { provider, url: where, status },
    });
  }
}

/** Maps a non-2xx status to an error code and a hint for the message. */
function describeStatus(status: number): [MnemoError['code'], string] {
  if (status === 401 || status === 403) return ['UNAVAILABLE', ' (credentials rejected: check the API key)'];
  if (status === 404) return ['UNAVAILABLE', ' (unknown model or endpoint: check the model name and base URL)'];
  if (status === 408 || status === 429) return ['UNAVAILABLE', ' (busy or rate-limited: try again later)'];
  if (status >= 400 && status < 500) return ['INVALID_INPUT', ' (the service refused the input)'];
  return ['UNAVAILABLE', ''];
}

/** The URL as shown in messages: origin and path, without user info or query. */
function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

function redactSecrets(text: string, secrets: (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('***');
  return out;
}

/** The request for one batch, as built by a provider. */
export interface HttpEmbedRequest {
  url: string;
  headers?: Record<string, string>;
  body: unknown;
}

/** Settings shared by the HTTP providers. */
export interface HttpEmbedderOptions {
  /** Provider name: the first part of `id` and the subject of messages. */
  provider: string;
  /** Model name as the API knows it. */
  model: string;
  /** Base URL of the API (http or https). */
  baseUrl: string;
  /**
   * The provider's own hosted API, which always needs a key (e.g. `https://api.openai.com`).
   * When `baseUrl` is on this origin a missing `apiKey` is an error; self-hosted compatible
   * servers may run without one. Omit for providers that never need a key.
   */
  hostedOrigin?: string;
  /** Requested output size, if the user asked for one; every answer must match it. */
  dimensions?: number | undefined;
  /** Request timeout in milliseconds. @default 30000 */
  timeoutMs?: number | undefined;
  /** Most texts the API accepts in one request (the provider's documented cap). */
  maxBatch: number;
  /** The API key, only to keep it out of messages. */
  apiKey?: string | undefined;
}

/**
 * Base of the HTTP providers. Subclasses implement {@link HttpEmbedder.buildRequest} and
 * {@link HttpEmbedder.readVectors}; this class does batching, validation, dimension
 * learning and normalisation.
 */
export abstract class HttpEmbedder implements Embedder {
  /** `<provider>:<model>`, plus `:<dimensions>` when a size was requested. */
  readonly id: string;
  private learnedDimensions: number;
  protected readonly options: HttpEmbedderOptions;

  protected constructor(options: HttpEmbedderOptions) {
    const { provider, model, dimensions, baseUrl, apiKey, hostedOrigin } = options;
    let origin: string;
    try {
      const parsed = new URL(baseUrl);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
      origin = parsed.origin;
    } catch {
      throw new MnemoError('INVALID_INPUT', `${provider} embedding baseUrl must be an http(s) URL, got "${baseUrl}"`);
    }
    if (!apiKey && hostedOrigin !== undefined && origin === new URL(hostedOrigin).origin) {
      throw new MnemoError('INVALID_INPUT', `${provider} embeddings at ${origin} need an API key: set the embedding apiKey, or point baseUrl at a compatible server that needs none`);
    }
    if (dimensions !== undefined && !(Number.isInteger(dimensions) && dimensions > 0)) {
      throw new MnemoError('INVALID_INPUT', `${provider} embedding dimensions must be a positive integer, got ${dimensions}`);
    }
    this.options = options;
    this.id = dimensions === undefined ? `${provider}:${model}` : `${provider}:${model}:${dimensions}`;
    this.learnedDimensions = dimensions ?? 0;
  }

  /** The requested size, else 0 until the first answer, then the size seen. */
  get dimensions(): number {
    return this.learnedDimensions;
  }

  /** `baseUrl` joined with `path` (which starts with `/`), tolerating a trailing slash on the base. */
  protected endpoint(path: string): string {
    return `${this.options.baseUrl.replace(/\/+$/, '')}${path}`;
  }

  /**
   * Builds the HTTP request that embeds `batch` (at most `maxBatch` texts).
   * @param batch texts to embed, in order.
   */
  protected abstract buildRequest(batch: string[]): HttpEmbedRequest;

  /**
   * Extracts the vectors from a parsed JSON answer, in input order.
   * @returns one raw vector per text (checked afterwards), or `undefined` if the body does not have the expected shape.
   */
  protected abstract readVectors(body: unknown, count: number): unknown[] | undefined;

  async embed(texts: string[]): Promise<Vector[]> {
    const out: Vector[] = [];
    for (let i = 0; i < texts.length; i += this.options.maxBatch) {
      const batch = texts.slice(i, i + this.options.maxBatch);
      const { url, headers, body } = this.buildRequest(batch);
      const answer = await postJson({
        provider: this.options.provider,
        url,
        body,
        timeoutMs: this.options.timeoutMs,
        secrets: [this.options.apiKey],
        ...(headers ? { headers } : {}),
      });
      for (const vector of this.check(this.readVectors(answer, batch.length), batch.length, url)) out.push(vector);
    }
    return out;
  }

  /** Checks count, length and finiteness, learns the size, and normalises. */
  private check(raw: unknown[] | undefined, count: number, url: string): Vector[] {
    const fail = (what: string): never => {
      throw new MnemoError('UNAVAILABLE', `${this.options.provider} embedding service at ${displayUrl(url)} returned a malformed answer: ${what}`, {
        data: { provider: this.options.provider, url: displayUrl(url) },
      });
    };
    if (raw === undefined) return fail('unexpected JSON shape');
    if (raw.length !== count) return fail(`${raw.length} vectors for ${count} texts`);
    const vectors = raw.map((v, i) => {
      if (!Array.isArray(v) || v.length === 0) return fail(`vector ${i} is not a non-empty array`);
      if (!v.every((x) => typeof x === 'number' && Number.isFinite(x))) return fail(`vector ${i} has a non-finite or non-numeric value`);
      return Float32Array.from(v as number[]);
    });
    const expected = this.learnedDimensions || vectors[0]!.length;
    for (const [i, v] of vectors.entries()) {
      if (v.length !== expected) fail(`vector ${i} has ${v.length} dimensions, expected ${expected}`);
    }
    this.learnedDimensions = expected;
    return vectors.map(normalize);
  }
}
