/**
 * Any Transformers.js feature-extraction model (ONNX, run by onnxruntime-node on the
 * CPU): sentence-transformers exports such as `Xenova/all-MiniLM-L6-v2`, BGE, GTE, E5.
 * Output is the mean of the token embeddings over the attention mask, L2-normalised
 * (the sentence-transformers recipe), so padding never changes a text's vector.
 *
 * The model is a folder holding `config.json`, `tokenizer.json`, `tokenizer_config.json`
 * and `onnx/model.onnx`. `model` is either a path to that folder, or a Hugging Face model
 * id looked up as `<cacheDir>/<id>` (and in Transformers.js's own cache when no cacheDir
 * is given). Nothing is downloaded unless `allowRemote: true`.
 *
 * `@huggingface/transformers` (and onnxruntime-node with it) is imported on the first
 * `embed`, so no other provider ever loads it. Its `env` settings are process-wide: the
 * last embedder to load sets them.
 *
 * Failure contract: a missing model folder with `allowRemote` off, a missing package or
 * any load or inference failure rejects with `UNAVAILABLE`; the message names the folder
 * and how to fix it. A failed load is retried on the next `embed`.
 */
import { existsSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { MnemoError } from '../../core/errors.js';
import { type Embedder, type EmbeddingConfig, type Vector, normalize } from '../embedder.js';

/** Default model: all-MiniLM-L6-v2 (384 dimensions, Apache-2.0), the reference sentence-transformers model, as exported for Transformers.js. */
export const TRANSFORMERS_DEFAULT_MODEL = 'Xenova/all-MiniLM-L6-v2';

/**
 * Largest batch per forward pass. The tokenizer pads every text to the longest one in
 * the batch, so a big batch of mixed lengths wastes work; 32 is the sentence-transformers
 * default `batch_size`.
 */
const MAX_BATCH = 32;

/** Where the model is, as resolved from the config. */
interface ModelLocation {
  /** What is passed to `pipeline()`: an absolute folder path, or a hub id. */
  name: string;
  /** True when `model` named a folder on disk rather than a hub id. */
  isPath: boolean;
}

/**
 * Embeds with a local Transformers.js ONNX model.
 * @example new TransformersEmbedder({ model: '/models/all-MiniLM-L6-v2' })
 * @example new TransformersEmbedder({ model: 'Xenova/bge-small-en-v1.5', cacheDir: '/var/cache/mnemo/models', allowRemote: true })
 */
export class TransformersEmbedder implements Embedder {
  /** `transformers:<hub id>`, or `transformers:<folder name>` when `model` is a path (so moving the folder keeps the id). */
  readonly id: string;
  private learnedDimensions = 0;
  private readonly location: ModelLocation;
  private readonly allowRemote: boolean;
  private readonly cacheDir: string | undefined;
  private extractor: Promise<FeatureExtractionPipeline> | undefined;

  /**
   * @param config `model` (folder path or hub id; default `Xenova/all-MiniLM-L6-v2`),
   *   `cacheDir` (where hub ids are looked up and downloads are stored), `allowRemote`
   *   (permit downloads from the Hugging Face Hub; default false). Touches no file and
   *   loads nothing until the first `embed`.
   */
  constructor(config: EmbeddingConfig = {}) {
    const model = config.model ?? TRANSFORMERS_DEFAULT_MODEL;
    const isPath = isAbsolute(model) || model.startsWith('.') || existsSync(model);
    this.location = { name: isPath ? resolve(model) : model, isPath };
    this.id = `transformers:${isPath ? basename(resolve(model)) : model}`;
    this.allowRemote = config.allowRemote ?? false;
    this.cacheDir = config.cacheDir === undefined ? undefined : resolve(config.cacheDir);
  }

  /** 0 until the first `embed`, then the model's output size. */
  get dimensions(): number {
    return this.learnedDimensions;
  }

  private load(): Promise<FeatureExtractionPipeline> {
    this.extractor ??= (async () => {
      try {
        let transformers: typeof import('@huggingface/transformers');
        try {
          transformers = await import('@huggingface/transformers');
        } catch (cause) {
          throw new MnemoError('UNAVAILABLE', `transformers embedding provider needs the package @huggingface/transformers (npm install @huggingface/transformers): ${(cause as Error).message}`, { cause });
        }
        const { env, pipeline } = transformers;
        env.allowLocalModels = true;
        env.allowRemoteModels = this.allowRemote;
        if (this.cacheDir !== undefined) {
          env.cacheDir = this.cacheDir;
          env.localModelPath = this.cacheDir;
        }
        if (!this.allowRemote) this.checkFolder(env.localModelPath, env.cacheDir);
        try {
          return await pipeline('feature-extraction', this.location.name, { local_files_only: !this.allowRemote });
        } catch (cause) {
          throw new MnemoError('UNAVAILABLE', `transformers model "${this.location.name}" failed to load: ${(cause as Error).message}`, { cause });
        }
      } catch (error) {
        this.extractor = undefined;
        throw error;
      }
    })();
    return this.extractor;
  }

  /** With downloads off, fails early and clearly when the model folder is not on disk. */
  private checkFolder(localModelPath: string, cacheDir: string | null): void {
    const { name, isPath } = this.location;
    const candidates = isPath ? [name] : [...new Set([localModelPath, cacheDir].filter((d): d is string => !!d).map((d) => join(d, name)))];
    if (candidates.some((folder) => existsSync(folder))) return;
    const fix = isPath
      ? 'put the model files there (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx)'
      : `put the model files in ${candidates[0]} (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx), pass a folder path as model, or set allowRemote: true to download "${name}" from the Hugging Face Hub`;
    throw new MnemoError('UNAVAILABLE', `transformers model folder not found: ${candidates.join(' or ')}; ${fix}`, {
      data: { provider: 'transformers', model: name, looked: candidates },
    });
  }

  /** Loads the pipeline now (the `Embedder.warm` contract); rejects like `embed` when it cannot. */
  async warm(): Promise<void> {
    await this.load();
  }

  async embed(texts: string[]): Promise<Vector[]> {
    if (texts.length === 0) return [];
    const extractor = await this.load();
    const out: Vector[] = [];
    for (let i = 0; i < texts.length; i += MAX_BATCH) {
      const batch = texts.slice(i, i + MAX_BATCH);
      let data: Float32Array;
      let width: number;
      try {
        const tensor = await extractor(batch, { pooling: 'mean', normalize: true });
        data = tensor.data as Float32Array;
        width = tensor.dims.at(-1) ?? 0;
      } catch (cause) {
        throw new MnemoError('UNAVAILABLE', `transformers model "${this.location.name}" failed to embed: ${(cause as Error).message}`, { cause });
      }
      if (width === 0 || data.length !== width * batch.length || !data.every(Number.isFinite)) {
        throw new MnemoError('UNAVAILABLE', `transformers model "${this.location.name}" returned a malformed output (${data.length} values for ${batch.length} texts)`);
      }
      this.learnedDimensions = width;
      for (let row = 0; row < batch.length; row++) out.push(normalize(data.slice(row * width, (row + 1) * width)));
    }
    return out;
  }

  /** Releases the ONNX session. The next `embed` loads the model again. */
  async close(): Promise<void> {
    const extractor = this.extractor;
    this.extractor = undefined;
    if (extractor) await (await extractor.catch(() => undefined))?.dispose();
  }
}
