/**
 * Categories for memories without an LLM: a deterministic keyword classifier over a seed
 * taxonomy (OpenMemory's 20 default categories), multi-label with confidences, plus the `Categorizer`
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
   * @param context the texts' embeddings, when the engine has them (implementations that
   *   do not use embeddings ignore it).
   */
  categorize(texts: string[], guidance?: CategorizerGuidance, context?: CategorizeContext): Promise<string[][]>;
}

/** Embeddings a categorizer may use: the texts' vectors and a way to embed its own prototypes in the same space. */
export interface CategorizeContext {
  /** One vector per text, `null` where none could be made. */
  vectors: ReadonlyArray<Float32Array | null>;
  /** Embeds texts with the same embedder (unit vectors); rejects or yields `null`s when it cannot. */
  embed: (texts: string[]) => Promise<ReadonlyArray<Float32Array | null>>;
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
 * The seed taxonomy: OpenMemory's 20 default categories (openmemory/api/app/utils/categorization
 * prompt) → keyword stems. A stem matches a word that starts with it (`travel` matches
 * `travelling`; a stem ending in a space must end the word: `car ` is not `card`);
 * multi-word stems match as phrases and count double. Tuned on the labelled fixture
 * test/fixtures/categories/memories.json (200 memories, 10 per category; bench/categories.ts
 * prints accuracy and per-category precision/recall).
 */
export const SEED_TAXONOMY: Readonly<Record<string, readonly string[]>> = Object.freeze({
  personal: ['my name', 'born', 'birthday', 'i live', 'i am left', 'i grew up', 'grew up', 'hometown', 'pronoun', 'introvert', 'extrovert', 'wake up', 'moved to', 'myself', 'habit', 'routine', 'my age', 'years old', 'handed'],
  relationships: ['friend', 'family', 'wife', 'husband', 'partner', 'girlfriend', 'boyfriend', 'mother', 'father', 'mom ', 'mum ', 'dad ', 'sister', 'brother', 'son ', 'daughter', 'child', 'kids', 'kid ', 'parent', 'married', 'wedding', 'dating', 'neighbour', 'neighbor', 'niece', 'nephew', 'cousin', 'grandm', 'grandp', 'aunt', 'uncle', 'in-law', 'relationship'],
  preferences: ['prefer', 'favorite', 'favourite', 'i like', 'i love', 'i enjoy', 'i hate', 'i dislike', 'dislike', "i'd rather", 'rather', 'fan of', 'always answer', 'please always', 'use metric', 'dark mode in every', 'no sugar', 'spicy', 'cilantro'],
  health: ['health ', 'doctor', 'allerg', 'medic', 'sick', 'illness', 'pain', 'diet', 'gym', 'workout', 'exercis', 'sleep', 'vegan', 'vegetarian', 'therap', 'hospital', 'symptom', 'dentist', 'injur', 'tore my', 'intoleran', 'asthma', 'inhaler', 'blood pressure', 'mg ', 'pill', 'diagnos', 'surgery', 'salt', 'migraine', 'diabet', 'anxiety', 'depress', 'mental health', 'physio'],
  travel: ['travel', 'trip', 'flight', 'fly ', 'flying', 'hotel', 'vacation', 'holiday', 'airport', 'passport', 'abroad', 'journey', 'itinerar', 'seat', 'aisle', 'check in', 'train to', 'rental car', 'road trip', 'global entry', 'tsa', 'boarding', 'layover', 'we\'re going to', 'stay at', 'airline', 'visa '],
  work: ['work ', 'works ', 'working ', 'work as', 'my job', 'job ', 'office', 'meeting', 'colleague', 'coworker', 'manager', 'boss', 'deadline', 'career', 'promot', 'salary raise', 'employ', 'standup', 'stand-up', 'team ', 'sprint', 'jira', 'deploy', 'on-call', 'on call', 'interview', 'candidate', 'hiring', 'business review', 'quarterly', 'work from home', 'remote work', 'review cycle', 'weekday', 'performance review', 'okr'],
  education: ['school', 'universit', 'college', 'class', 'course', 'study', 'studie', 'studying', 'learning', 'exam', 'degree', 'teacher', 'teach ', 'professor', 'homework', 'student', 'lesson', 'thesis', 'graduat', 'semester', 'bootcamp', 'enrolled', 'gre ', 'gmat', 'master\'s', 'phd', 'duolingo', 'tutor', 'lecture'],
  projects: ['project', 'side project', 'building a', 'renovation', 'milestone', 'phase', 'roadmap', 'migration', 'ships in', 'launch', 'writing a novel', 'restoring', 'blocked on', 'prototype', 'mvp', 'release', 'organising a', 'organizing a'],
  ai_ml_technology: ['code', 'coding', 'program', 'software', 'python', 'javascript', 'typescript', 'rust ', 'golang', 'linux', 'api ', 'database', 'postgres', 'mysql', 'sqlite', 'redis', 'server', 'kubernetes', 'docker', 'aws', 'gcp', 'azure', 'ai ', 'machine learning', 'model', 'llm', 'llama', 'gpt', 'claude', 'embedding', 'transformer', 'fine-tun', 'neural', 'github', 'neovim', 'vim ', 'vscode', 'editor', 'arch linux', 'axum', 'react', 'node', 'chatbot', 'service runs', 'backend', 'frontend', 'compiler', 'framework'],
  technical_support: ['won\'t connect', 'wifi', 'vpn', 'password', 'router', 'flicker', 'crash', 'error', 'permission denied', 'won\'t sync', 'sync contacts', 'pair', 'bluetooth', 'two-factor', '2fa', 'reset', 'freez', 'not working', 'doesn\'t work', 'broken', 'bug ', 'troubleshoot', 'reinstall', 'install', 'disconnect', 'printer', 'keeps', 'stopped working'],
  finance: ['money', 'bank', 'budget', 'invest', 'stock', 'saving', 'loan', 'mortgage', 'tax', 'price', 'expens', 'income', 'debt', 'crypto', 'bitcoin', 'wallet', 'insurance', 'rent', 'salary', 'paid', 'credit card', 'bill ', 'bills', 'index fund', 'pension', 'retirement', 'premium', 'euros', 'dollars', 'deposit', '401k', 'interest rate'],
  shopping: ['buy', 'bought', 'order', 'shop', 'grocery', 'groceries', 'store', 'purchase', 'gift', 'amazon', 'zalando', 'return', 'deal', 'discount', 'black friday', 'cart', 'delivery of', 'size m', 'size s', 'size l', 'compare prices', 'looking for a', 'lidl', 'ikea', 'need a new', 'want to buy'],
  legal: ['lawyer', 'legal', 'contract', 'nda', 'lease', 'court', 'custody', 'will was', 'my will', 'terms of service', 'gdpr', 'complian', 'comply', 'fine ', 'dispute', 'disputing', 'trademark', 'patent', 'copyright', 'visa application', 'notaris', 'notariz', 'landlord violated', 'agreement', 'lawsuit', 'sue ', 'attorney', 'license', 'licence', 'regulation'],
  entertainment: ['watching', 'watch ', 'movie', 'film', 'series', 'netflix', 'apple tv', 'band', 'music', 'concert', 'guitar', 'piano', 'reading', 'novel', 'book', 'game', 'gaming', 'zelda', 'chess', 'hiking', 'hike', 'climb', 'sport', 'football', 'soccer', 'arsenal', 'support arsenal', 'tennis', 'documentary', 'binge', 'podcast', 'show ', 'tickets', 'album', 'festival', 'play '],
  messages: ['tell ', 'reply', 'email', 'e-mail', 'text to', 'send a', 'voicemail', 'message', 'forward', 'slack', 'inbox', 'unread', 'draft a', 'whatsapp', 'sms', 'call ', 'dm ', 'answer john', 'the group that'],
  customer_support: ['customer', 'refund', 'support ticket', 'tickets', 'ticket', 'support team', 'escalat', 'helpdesk', 'help desk', 'tier two', 'sla', 'money back', 'complain', 'client reported', 'satisfaction', 'csat', 'unhappy with', 'macro'],
  product_feedback: ['users want', 'users say', 'users rated', 'user feedback', 'feedback', 'feature request', 'beta tester', 'review', 'reviewers', 'survey', 'nps', 'pilot', 'onboarding', 'asked for', 'redesign', 'pricing page', 'confusing', 'love the new', 'got great', 'rated'],
  news: ['news', 'headline', 'election', 'newspaper', 'financial times', 'bbc', 'cnn', 'newsletter', 'announced', 'government', 'breaking', 'earthquake', 'interest rates were', 'today', 'this week', 'policy', 'merger', 'heatwave', 'politic'],
  organization: ['todoist', 'to-do', 'todo', 'task', 'plan my', 'calendar', 'schedule', 'bullet journal', 'journal', 'file ', 'folder', 'tidy', 'organi', 'priorit', 'reminder', 'deep work', 'blocked from', 'sort my', 'notion', 'planner', 'checklist', 'inbox zero'],
  goals: ['goal', 'want to', 'aim to', 'hope to', 'trying to', 'resolution', 'this year i', 'by summer', 'someday', 'by 20', 'plan to', 'dream', 'ambition', 'quit ', 'become a', 'spend less', 'lose '],
});

/**
 * Weight of each category's evidence. Personal and preferences describe a tone more
 * than a topic ("I prefer window seats" is first about travel), so a topical category
 * with the same evidence wins; measured on the fixture (bench/categories.ts).
 */
export const CATEGORY_WEIGHT: Readonly<Record<string, number>> = Object.freeze({ personal: 0.6, preferences: 0.7, goals: 1.2 });

/** A category and its confidence in (0, 1]: its share of the text's keyword evidence. */
export interface ScoredCategory {
  name: string;
  confidence: number;
}

/**
 * Secondary categories must have at least this share of the best one's evidence, so a
 * stray word ("team" in a sentence about a football team) does not add a label.
 */
const SECONDARY_RATIO = 0.5;

/**
 * Scores each category by the stems that start a word of the text (phrases count
 * double, times {@link CATEGORY_WEIGHT}) and keeps the best {@link MAX_CATEGORIES} with
 * evidence (secondary ones only with half the best one's score). Multi-label; ties keep
 * taxonomy order.
 * @example new KeywordCategorizer().categorizeOne('Book me an aisle seat next time') // ['travel']
 */
export class KeywordCategorizer implements Categorizer {
  readonly id: string = 'keyword';
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
    const scored = this.score(text);
    return scored.length > 0 ? scored.map((s) => s.name) : [FALLBACK_CATEGORY];
  }

  /** Categories of one text with confidences, best first; empty when no stem matches. */
  score(text: string): ScoredCategory[] {
    // Pad with spaces and squash punctuation so " stem" finds word starts and "app " word ends.
    const padded = ` ${text.toLowerCase().replace(/[’]/g, "'").replace(/[^\p{L}\p{N}'-]+/gu, ' ')} `;
    const scored: Array<{ name: string; score: number }> = [];
    for (const [name, stems] of this.taxonomy) {
      let score = 0;
      for (const stem of stems) if (padded.includes(` ${stem}`)) score += stem.trim().includes(' ') ? 2 : 1;
      if (score > 0) scored.push({ name, score: score * (CATEGORY_WEIGHT[name] ?? 1) });
    }
    scored.sort((a, b) => b.score - a.score);
    const best = scored[0]?.score ?? 0;
    const kept = scored.filter((s) => s.score >= best * SECONDARY_RATIO).slice(0, MAX_CATEGORIES);
    const total = scored.reduce((sum, s) => sum + s.score, 0);
    return kept.map((s) => ({ name: s.name, confidence: Math.round((s.score / total) * 1000) / 1000 }));
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
