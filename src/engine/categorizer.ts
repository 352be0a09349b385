/**
 * Categories for memories without an LLM: a deterministic keyword classifier over a seed
 * taxonomy (OpenMemory's default categories, trimmed to ten), plus the `Categorizer`
 * contract that an LLM-backed categorizer (llm-categorizer.ts) also implements.
 *
 * Failure contract: `KeywordCategorizer` never fails and always returns at least one
 * category per text (`personal` when no keyword matches), so every memory gets one.
 */

/** Assigns categories to memory texts. */
export interface Categorizer {
  /** Stable name, e.g. `keyword` or `llm:gpt-4o-mini`. */
  readonly id: string;
  /**
   * Categories of each text, in order: lowercase names, at most {@link MAX_CATEGORIES}
   * each, never empty. Must not reject (implementations fall back instead).
   * @param guidance the project's custom categories and instructions (mem0's project
   *   settings), if any; implementations that cannot use them ignore them.
   */
  categorize(texts: string[], guidance?: CategorizerGuidance): Promise<string[][]>;
}

/** Project-level guidance for categorizers (mem0's `custom_categories`, `custom_instructions`). */
export interface CategorizerGuidance {
  /** Allowed categories with their descriptions; when set, only these are assigned. */
  categories?: Array<{ name: string; description: string }> | undefined;
  /** Free-text instructions (used by LLM categorizers). */
  instructions?: string | undefined;
}

/** Most categories kept per memory: more dilutes the category filters and related-by-category. */
export const MAX_CATEGORIES = 3;

/** Category of a text that matches no keyword. */
export const FALLBACK_CATEGORY = 'personal';

/**
 * The seed taxonomy: category → keyword stems. A stem matches a word that starts with
 * it (`travel` matches `travelling`), so stems are chosen long enough not to collide.
 */
export const SEED_TAXONOMY: Readonly<Record<string, readonly string[]>> = Object.freeze({
  personal: ['birthday', 'born', 'my name', 'i am ', 'i live', 'home', 'age', 'myself', 'habit', 'routine'],
  preferences: ['prefer', 'favorite', 'favourite', 'like', 'love', 'enjoy', 'hate', 'dislike', 'rather', 'fan of'],
  work: ['work', 'job', 'office', 'meeting', 'colleague', 'manager', 'boss', 'project', 'deadline', 'client', 'career', 'promot', 'salary', 'employ', 'startup', 'company'],
  health: ['health', 'doctor', 'allerg', 'medic', 'sick', 'ill', 'pain', 'diet', 'gym', 'workout', 'exercis', 'sleep', 'vegan', 'vegetarian', 'therap', 'hospital', 'symptom', 'dentist', 'injur'],
  travel: ['travel', 'trip', 'flight', 'fly', 'hotel', 'vacation', 'holiday', 'visit', 'airport', 'passport', 'abroad', 'tour', 'journey', 'itinerar'],
  finance: ['money', 'bank', 'budget', 'invest', 'stock', 'saving', 'loan', 'mortgage', 'tax', 'pay', 'price', 'cost', 'expens', 'income', 'debt', 'crypto', 'insurance', 'rent'],
  education: ['school', 'universit', 'college', 'class', 'course', 'study', 'studie', 'learn', 'exam', 'degree', 'teacher', 'professor', 'homework', 'student', 'lesson', 'thesis'],
  relationships: ['friend', 'family', 'wife', 'husband', 'partner', 'girlfriend', 'boyfriend', 'mother', 'father', 'mom', 'dad', 'sister', 'brother', 'son', 'daughter', 'child', 'kids', 'parent', 'married', 'wedding', 'dating'],
  technology: ['code', 'coding', 'program', 'software', 'computer', 'laptop', 'phone', 'app ', 'python', 'javascript', 'typescript', 'rust', 'linux', 'api', 'database', 'server', 'ai ', 'machine learning', 'github', 'editor', 'keyboard'],
  hobbies: ['hobby', 'hobbies', 'play', 'guitar', 'piano', 'music', 'paint', 'draw', 'read', 'book', 'novel', 'game', 'hiking', 'hike', 'climb', 'garden', 'cook', 'bake', 'photograph', 'sport', 'football', 'soccer', 'tennis', 'run ', 'running', 'swim', 'chess', 'movie', 'film'],
});

/**
 * Scores each category by how many of its stems start a word of the text (multi-word
 * stems match as phrases) and keeps the best {@link MAX_CATEGORIES} with at least one hit.
 * @example new KeywordCategorizer().categorizeOne('I love hiking with my sister') // ['preferences', 'relationships', 'hobbies']
 */
export class KeywordCategorizer implements Categorizer {
  readonly id = 'keyword';
  private readonly taxonomy: ReadonlyArray<[string, readonly string[]]>;

  /** @param taxonomy category → stems. @default SEED_TAXONOMY */
  constructor(taxonomy: Readonly<Record<string, readonly string[]>> = SEED_TAXONOMY) {
    this.taxonomy = Object.entries(taxonomy);
  }

  async categorize(texts: string[]): Promise<string[][]> {
    return texts.map((t) => this.categorizeOne(t));
  }

  /** Categories of one text (synchronous; see the class docs). */
  categorizeOne(text: string): string[] {
    // Pad with spaces and squash punctuation so " stem" finds word starts and "app " word ends.
    const padded = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}']+/gu, ' ')} `;
    const scored: Array<{ name: string; hits: number }> = [];
    for (const [name, stems] of this.taxonomy) {
      let hits = 0;
      for (const stem of stems) if (padded.includes(` ${stem}`)) hits++;
      if (hits > 0) scored.push({ name, hits });
    }
    scored.sort((a, b) => b.hits - a.hits);
    const best = scored.slice(0, MAX_CATEGORIES).map((s) => s.name);
    return best.length > 0 ? best : [FALLBACK_CATEGORY];
  }
}

/**
 * Cleans categories from any source: trimmed, lowercased, deduplicated, non-empty,
 * at most 64 characters and {@link MAX_CATEGORIES} entries.
 */
export function normalizeCategories(names: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const n of names) {
    if (typeof n !== 'string') continue;
    const c = n.trim().toLowerCase().slice(0, 64);
    if (c !== '' && !out.includes(c)) out.push(c);
    if (out.length === MAX_CATEGORIES) break;
  }
  return out;
}
