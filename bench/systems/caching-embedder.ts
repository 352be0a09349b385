/**
 * A bench-only {@link Embedder} decorator that caches vectors on disk, so repeated
 * `bench locomo` runs (fusion and ranking experiments) embed the LoCoMo turns and
 * questions once instead of every run (USE Lite: minutes for the dev split on 2 shared
 * cores). The cache is one JSON file under `os.tmpdir()` per embedder id, keyed by the
 * SHA-256 of the text; vectors are stored as number arrays and returned as fresh
 * Float32Arrays (already L2-normalised by the inner embedder).
 *
 * Failure contract: an unreadable or corrupt cache file is ignored (everything is
 * re-embedded); the inner embedder's errors propagate; a failed cache write is ignored.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Embedder, Vector } from '../../src/embedding/embedder.js';

/** The cache file of an embedder id: `<tmpdir>/mnemo-bench-embeddings-<id>.json`. */
export function embeddingCachePath(embedderId: string): string {
  return join(tmpdir(), `mnemo-bench-embeddings-${embedderId.replace(/[^a-z0-9-]+/gi, '_')}.json`);
}

/**
 * Wraps `inner` with an on-disk cache. Call `flush()` to write new vectors (also done
 * by `close()`).
 */
export function cachingEmbedder(inner: Embedder): Embedder & { flush(): void; hits: number; misses: number } {
  const path = embeddingCachePath(inner.id);
  let cache: Record<string, number[]> = {};
  try {
    cache = JSON.parse(readFileSync(path, 'utf8')) as Record<string, number[]>;
  } catch {
    cache = {};
  }
  let dirty = false;
  const key = (text: string) => createHash('sha256').update(text).digest('hex');
  const self = {
    id: inner.id,
    get dimensions() { return inner.dimensions; },
    hits: 0,
    misses: 0,
    async embed(texts: string[]): Promise<Vector[]> {
      const keys = texts.map(key);
      const missing = [...new Set(texts.filter((_, i) => !cache[keys[i]!]))];
      if (missing.length > 0) {
        const vectors = await inner.embed(missing);
        missing.forEach((t, i) => (cache[key(t)] = Array.from(vectors[i]!)));
        dirty = true;
      }
      self.hits += texts.length - missing.length;
      self.misses += missing.length;
      return keys.map((k) => Float32Array.from(cache[k]!));
    },
    flush() {
      if (!dirty) return;
      try {
        writeFileSync(path, JSON.stringify(cache));
        dirty = false;
      } catch {
        // A cache is an optimisation: failing to write it only costs time next run.
      }
    },
    async close() {
      self.flush();
      await inner.close?.();
    },
  };
  return self;
}
