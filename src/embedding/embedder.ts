/**
 * The embedding provider contract. An embedder turns a batch of texts into dense
 * vectors of a fixed dimension. Every provider implements this one interface; the
 * engine never knows which one it has.
 *
 * Failure contract: `embed` rejects with a `MnemoError` of code `UNAVAILABLE` when the
 * model or remote service cannot be reached or loaded, and `INVALID_INPUT` when the
 * provider refuses the input. It never returns a vector of the wrong dimension.
 */

/** A dense embedding. Length equals the embedder's `dimensions`. */
export type Vector = Float32Array;

/** An embedding provider. */
export interface Embedder {
  /**
   * Stable identity of the vector space, e.g. `local:use-lite-512` or
   * `openai:text-embedding-3-small`. Two embedders with equal ids produce comparable
   * vectors; the store never mixes vectors of different ids.
   */
  readonly id: string;
  /** Vector length (dimensions). May be unknown (0) until the first `embed` for remote providers. */
  readonly dimensions: number;
  /**
   * Embeds a batch of texts in one forward pass or one request (providers split only
   * where the remote API caps the batch size).
   * @param texts non-empty strings; an empty array resolves to `[]`.
   * @returns one vector per text, in order. Vectors are L2-normalised.
   * @throws MnemoError UNAVAILABLE when the model/service fails.
   */
  embed(texts: string[]): Promise<Vector[]>;
  /**
   * Loads a local model now instead of on the first `embed`, so a server can answer its
   * handshake while the model loads in the background. Optional: only providers with a
   * model to load implement it (remote providers have nothing to load and are ready at once).
   * @returns resolves once `embed` can answer without loading; rejects with `UNAVAILABLE`
   *   when the load fails (the next `embed` retries it).
   */
  warm?(): Promise<void>;
  /** Releases model memory or sockets. Optional. */
  close?(): Promise<void>;
}

/**
 * Embedding settings as users write them (SDK constructor, CLI flags, env).
 * - `provider`: `local` (default, Universal Sentence Encoder Lite, offline), `transformers`,
 *   `openai`, `ollama`, `gemini`, or `none` (keyword search only).
 * - `model`: provider-specific model name or local folder.
 * - `apiKey`, `baseUrl`: for HTTP providers.
 * - `dimensions`: requested output size where the provider supports it (OpenAI v3 models).
 * - `allowRemote`: `transformers` only: permit downloading a model from a hub (default false).
 * - `cacheDir`: `transformers` only: where models are cached / looked up.
 * - `timeoutMs`: HTTP providers: request timeout in milliseconds (default 30000).
 */
export interface EmbeddingConfig {
  provider?: 'local' | 'transformers' | 'openai' | 'ollama' | 'gemini' | 'none';
  model?: string;
  apiKey?: string;
  baseUrl?: string;
  dimensions?: number;
  allowRemote?: boolean;
  cacheDir?: string;
  timeoutMs?: number;
}

/** Scales a vector to unit L2 length in place and returns it (zero vectors are left as is). */
export function normalize(vector: Vector): Vector {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! / norm;
  return vector;
}
