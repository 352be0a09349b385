/**
 * The default categorizer: keyword evidence (categorizer.ts) combined with the local
 * embedder. Each of OpenMemory's 20 seed categories has prototypes (a description and a
 * few typical memories, category-prototypes.ts); a text's similarity to a category is its
 * best cosine to that category's prototypes. The combined score of a category is
 * `KEYWORD_WEIGHT × keyword share + cosine`, where the keyword share is the category's
 * keyword score over the best one's (0 without keywords): keywords decide when they
 * speak clearly, meaning decides when they are silent or split ("I get seasick on
 * ferries" has no travel keyword but sits nearest the travel prototypes).
 *
 * Failure contract: never rejects. Without embeddings (keyword-only mode, a failed
 * embedder) it answers exactly as {@link KeywordCategorizer}.
 */
import { type CategorizeContext, type CategorizerGuidance, FALLBACK_CATEGORY, KeywordCategorizer, MAX_CATEGORIES } from './categorizer.js';
import { CATEGORY_PROTOTYPES } from './category-prototypes.js';

/**
 * Weight of the keyword share against the cosine (0..1). Tuned on the tuning fixture
 * test/fixtures/categories/memories.json with USE-lite; bench/categories.ts reports the
 * held-out fixture too.
 */
export const KEYWORD_WEIGHT = 0.35;
/** A secondary category is kept when its combined score is within this of the best. */
export const SECONDARY_MARGIN = 0.08;

type Vector = Float32Array;

const cosine = (a: Vector, b: Vector): number => {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
};

/**
 * Keyword evidence plus embedding prototypes; see the module header.
 * @example
 * const c = new HybridCategorizer();
 * await c.categorize(['I get seasick on ferries'], undefined, { vectors, embed }); // [['travel', ...]]
 */
export class HybridCategorizer extends KeywordCategorizer {
  override readonly id = 'keyword+embedding';
  /** Prototype vectors per embedding dimension count (one embedder per engine; a reindex may change it). */
  private prototypes = new Map<number, Promise<Array<{ name: string; vector: Vector }> | null>>();

  /** @param prototypes category → prototype texts. @default CATEGORY_PROTOTYPES */
  constructor(private readonly prototypeTexts: Readonly<Record<string, readonly string[]>> = CATEGORY_PROTOTYPES) {
    super();
  }

  override async categorize(texts: string[], _guidance?: CategorizerGuidance, context?: CategorizeContext): Promise<string[][]> {
    const dims = context?.vectors.find((v) => v !== null)?.length;
    const protos = context && dims !== undefined ? await this.prototypesFor(dims, context) : null;
    return texts.map((text, i) => {
      const vector = context?.vectors[i] ?? null;
      return protos && vector ? this.combine(text, vector, protos) : this.categorizeOne(text);
    });
  }

  /** Categories of one text from its keyword scores and its vector. */
  private combine(text: string, vector: Vector, protos: Array<{ name: string; vector: Vector }>): string[] {
    const keyword = new Map(this.score(text).map((s) => [s.name, s.confidence]));
    const bestKeyword = Math.max(0, ...keyword.values());
    const similarity = new Map<string, number>();
    for (const p of protos) similarity.set(p.name, Math.max(similarity.get(p.name) ?? -1, cosine(vector, p.vector)));
    const combined = [...similarity].map(([name, sim]) => ({
      name, score: sim + (bestKeyword > 0 ? KEYWORD_WEIGHT * (keyword.get(name) ?? 0) / bestKeyword : 0),
    })).sort((a, b) => b.score - a.score);
    const best = combined[0];
    if (!best) return [FALLBACK_CATEGORY];
    return combined.filter((c) => c.score >= best.score - SECONDARY_MARGIN).slice(0, MAX_CATEGORIES).map((c) => c.name);
  }

  private prototypesFor(dims: number, context: CategorizeContext): Promise<Array<{ name: string; vector: Vector }> | null> {
    let cached = this.prototypes.get(dims);
    if (!cached) {
      const entries = Object.entries(this.prototypeTexts).flatMap(([name, list]) => list.map((text) => ({ name, text })));
      cached = context.embed(entries.map((e) => e.text)).then(
        (vectors) => (vectors.every((v) => v && v.length === dims) ? entries.map((e, i) => ({ name: e.name, vector: vectors[i]! })) : null),
        () => null,
      );
      // A failure is not cached: the next call tries again.
      void cached.then((p) => { if (p === null) this.prototypes.delete(dims); });
      this.prototypes.set(dims, cached);
    }
    return cached;
  }
}
