/**
 * When a new text means the same as a stored memory, so `add` updates that memory
 * (history kept) instead of adding a second one. The rule combines meaning and words:
 *
 * 1. **Close in meaning**: cosine similarity ≥ `similarity` (default 0.8 with USE-lite;
 *    without vectors this test is skipped and the word test must reach `lexicalOnly`).
 * 2. **Mostly the same words**: Jaccard of the two texts' content-word stems ≥ `jaccard`
 *    (default 0.5; contractions expanded, filler words such as "the", "my", "really",
 *    "please", "will" left out, words stemmed crudely so "allergic"/"allergy" and
 *    "flights"/"flight" agree).
 * 3. **Nothing flips the meaning**: no polarity word ("not", "never", "no longer",
 *    "dislike", "hate", "stopped", ...) among the words only one text has.
 * 4. **Nothing is swapped**: the texts have the same numbers in the same order, and do
 *    not each have a content word the other lacks (PostgreSQL 16 → 15, "client 0 fact 1"
 *    → "client 1 fact 0", daughter → son, window → aisle, love → hate); a text that only
 *    adds detail ("long flights" → "long-haul flights", "in Lisbon" → "in Lisbon,
 *    Portugal") is the same fact restated.
 *
 * Measured on test/fixtures/near-duplicates/pairs.json (bench/near-duplicates.ts prints
 * precision and recall; test/near-duplicates-quality.test.ts keeps floors). Cosine alone
 * cannot do this: "my favourite colour is not dark green" has cosine 0.936 to the
 * original, "PostgreSQL 15" 0.999 to "PostgreSQL 16".
 */

/** Thresholds of the rule; see the module header. */
export interface NearDuplicateRule {
  /** Least cosine similarity. @default 0.8 */
  similarity: number;
  /** Least Jaccard of content-word stems. @default 0.5 */
  jaccard: number;
  /** Least Jaccard when there are no vectors (keyword-only mode). @default 0.75 */
  lexicalOnly: number;
}

/** Defaults, tuned on the labelled pairs with USE-lite (bench/near-duplicates.ts). */
export const NEAR_DUPLICATE_DEFAULTS: NearDuplicateRule = Object.freeze({ similarity: 0.8, jaccard: 0.5, lexicalOnly: 0.75 });

/** Words whose presence on one side only flips or ends a fact. */
const POLARITY = new Set(['not', 'no', 'never', 'nor', 'neither', 'none', 'nothing', 'nobody', 'without', 'longer', 'anymore',
  'stopped', 'stop', 'quit', 'dislike', 'dislikes', 'disliked', 'hate', 'hates', 'hated', 'former', 'formerly', 'ex', 'unlike',
  // Added after the first held-out run (see bench/near-duplicates.ts): ended or reversed states.
  'least', 'less', 'fewer', 'rarely', 'seldom', 'hardly', 'barely', 'used', 'gave', 'give', 'ended', 'left', 'lost']);

/** Words that carry no fact of their own (restating with or without them is the same fact). */
const FILLER = new Set(('i me my mine our we us you your he she his her it its they them their the a an this that these those is am are was were be been '
  + 'being will would shall should can could may might must do does did has have had to in on at of for per by with from as and or so '
  + 'every each all really very just only also still now please called named currently usually always then there here some much more most '
  + 'quite truly actually definitely indeed like').split(' '));

/** Lower-case words with contractions expanded ("I'm" → "i am", "don't" → "do not"). */
function words(text: string): string[] {
  return text.toLowerCase().replace(/[’]/g, "'")
    .replace(/\b(can)'t\b/g, 'can not').replace(/\bwon't\b/g, 'will not').replace(/n't\b/g, ' not')
    .replace(/'m\b/g, ' am').replace(/'re\b/g, ' are').replace(/'ll\b/g, ' will').replace(/'ve\b/g, ' have').replace(/'d\b/g, ' would').replace(/'s\b/g, '')
    .match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A crude stem: common suffixes off, then the first five letters (numbers kept whole). */
function stem(word: string): string {
  if (/\d/.test(word)) return word;
  const base = word.replace(/(ing|ed|es|s|ies|y|ic)$/, '');
  return (base.length >= 3 ? base : word).slice(0, 5);
}

/** What the rule reads of one text. */
interface Analysis {
  stems: Set<string>;
  polarity: Set<string>;
  numbers: string;
}

/** Content-word stems of a text, its polarity words, and its numbers in order. */
function analyse(text: string): Analysis {
  const all = words(text);
  return {
    stems: new Set(all.filter((w) => !FILLER.has(w) && !POLARITY.has(w)).map(stem)),
    polarity: new Set(all.filter((w) => POLARITY.has(w))),
    numbers: all.filter((w) => /^\d+$/.test(w)).join(' '),
  };
}

/** Why two texts are or are not the same fact. */
export interface NearDuplicateVerdict {
  same: boolean;
  /** Jaccard of content-word stems, in [0, 1]. */
  jaccard: number;
  reason: 'same fact' | 'meaning too far' | 'words too different' | 'polarity differs' | 'a detail is swapped';
}

/**
 * Whether `added` restates `stored` (see the module header).
 * @param cosine their cosine similarity, or `null` without vectors.
 * @example isNearDuplicate('I prefer window seats on long flights', 'I prefer window seats on long-haul flights', 0.956).same // true
 */
export function isNearDuplicate(stored: string, added: string, cosine: number | null, rule: NearDuplicateRule = NEAR_DUPLICATE_DEFAULTS): NearDuplicateVerdict {
  return judge(analyse(stored), analyse(added), cosine, rule);
}

/**
 * {@link isNearDuplicate} for one added text against many stored ones: `added` is analysed
 * once, and each stored text once however often it is judged (the add path judges up to
 * 50 candidates on words, then the survivors again with their cosine; analysing a text,
 * regular expressions over its words, was about 0.7 ms of an add at 100k memories,
 * `node --cpu-prof`, bench/README.md "Speed at scale: context step and add path").
 * @returns a function giving the same verdict as `isNearDuplicate(stored, added, cosine, rule)`.
 */
export function nearDuplicateOf(added: string): (stored: string, cosine: number | null, rule?: NearDuplicateRule) => NearDuplicateVerdict {
  const b = analyse(added);
  const seen = new Map<string, Analysis>();
  return (stored, cosine, rule = NEAR_DUPLICATE_DEFAULTS) => {
    let a = seen.get(stored);
    if (!a) seen.set(stored, (a = analyse(stored)));
    return judge(a, b, cosine, rule);
  };
}

/** The rule over two analysed texts (see the module header). */
function judge(a: Analysis, b: Analysis, cosine: number | null, rule: NearDuplicateRule): NearDuplicateVerdict {
  let shared = 0;
  for (const s of a.stems) if (b.stems.has(s)) shared++;
  const union = a.stems.size + b.stems.size - shared;
  const jaccard = union === 0 ? 1 : shared / union;
  const polarityDiffers = [...a.polarity].some((w) => !b.polarity.has(w)) || [...b.polarity].some((w) => !a.polarity.has(w));
  if (polarityDiffers) return { same: false, jaccard, reason: 'polarity differs' };
  // Numbers are details too, and their order matters ("client 0 fact 1" is not "client 1 fact 0").
  if (a.numbers !== b.numbers) return { same: false, jaccard, reason: 'a detail is swapped' };
  const onlyStored = [...a.stems].some((s) => !b.stems.has(s));
  const onlyAdded = [...b.stems].some((s) => !a.stems.has(s));
  if (onlyStored && onlyAdded) return { same: false, jaccard, reason: 'a detail is swapped' };
  if (cosine === null) return jaccard >= rule.lexicalOnly ? { same: true, jaccard, reason: 'same fact' } : { same: false, jaccard, reason: 'words too different' };
  if (cosine < rule.similarity) return { same: false, jaccard, reason: 'meaning too far' };
  return jaccard >= rule.jaccard ? { same: true, jaccard, reason: 'same fact' } : { same: false, jaccard, reason: 'words too different' };
}
