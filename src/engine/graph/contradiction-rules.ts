/**
 * LLM-free rules that tell whether two statements contradict, for `find_contradictions`.
 * Pure functions over text (plus an optional cosine similarity); no I/O.
 *
 * Texts are folded (NFKD, marks removed, lower case, German ß -> ss; English "n't" ->
 * "not", French elisions "n'" -> "ne", "j'" -> "je") and split into words. Three rules, each giving a reason:
 * - `negation_diff`: exactly one side carries a negation marker (multilingual list below,
 *   after local-memory-mcp's scanner, without its "without" words sin/sem/sans/senza/ohne,
 *   which negate nothing) and the two are otherwise nearly the same words: Jaccard of the
 *   word sets without negation and auxiliary words >= {@link NEGATION_MIN_JACCARD}, or
 *   cosine >= {@link NEGATION_MIN_COSINE} with Jaccard >= 0.5. "I don't like coffee" vs
 *   "I like coffee" is flagged; "I don't eat meat" vs "I eat fish" is not.
 * - `value_conflict`: both state a single-valued fact of the same subject (where one
 *   lives, works, is called, how old one is, one's favourite X, whom one is married to;
 *   patterns in English, German, Spanish, French, Portuguese, Italian) with different
 *   values: "I live in Berlin" vs "I moved to Hamburg".
 * - `number_conflict`: the same words but a different number ("I have 2 cats" / "3 cats").
 * Limits: synonyms and world knowledge are beyond it ("vegetarian" vs "eats steak").
 */

/** Negation words by language (folded: no accents). English "n't" is rewritten to "not". */
export const NEGATION_MARKERS: Readonly<Record<string, readonly string[]>> = {
  en: ['not', 'no', 'never', 'none', 'nobody', 'nothing', 'neither', 'nor', 'cannot'],
  de: ['nicht', 'kein', 'keine', 'keinen', 'keinem', 'keiner', 'keines', 'nie', 'niemals', 'nichts'],
  es: ['no', 'nunca', 'jamas', 'ningun', 'ninguna', 'ninguno', 'nada', 'tampoco'],
  fr: ['ne', 'pas', 'jamais', 'aucun', 'aucune', 'rien'],
  pt: ['nao', 'nunca', 'nenhum', 'nenhuma', 'nada', 'jamais'],
  it: ['non', 'mai', 'nessuno', 'nessuna', 'niente', 'nulla'],
  nl: ['niet', 'geen', 'nooit', 'niets'],
};
const NEGATIONS = new Set(Object.values(NEGATION_MARKERS).flat());
/** Words that only carry tense or emphasis around a negation ("do not", "no longer", "nicht mehr"). */
const NEUTRAL = new Set(['do', 'does', 'did', 'anymore', 'longer', 'more', 'mehr', 'plus', 'mas', 'mais', 'piu', 'any', 'really', 'wirklich', 'realmente', 'vraiment']);
/** First-person subjects (a missing subject in a pro-drop language means the speaker too). */
const SELF = new Set(['i', 'ich', 'yo', 'je', 'j', 'eu', 'io', 'me', 'my', 'mein', 'meine', 'mi', 'mon', 'ma', 'meu', 'minha', 'il', 'la']);

/** Least Jaccard of the remaining words for a negation difference (measured on the fixture: 0.75 keeps "morning"/"evening" pairs apart). */
export const NEGATION_MIN_JACCARD = 0.75;
/** Least cosine that, with Jaccard >= 0.5, also counts as "the same statement" (local-memory-mcp uses 0.75 alone; stricter here for precision). */
export const NEGATION_MIN_COSINE = 0.85;
/** Least Jaccard of the non-number words for a number conflict. */
const NUMBER_MIN_JACCARD = 0.8;

/** Folded words of a statement. */
export function statementWords(text: string): string[] {
  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/ß/g, 'ss')
    .replace(/n['’]t\b/g, ' not').replace(/\bj['’]/g, 'je ').replace(/\bcan ?not\b/g, 'can not').replace(/\bn['’]/g, 'ne ');
  return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Whether a statement carries a negation marker. */
export function isNegated(text: string): boolean {
  return statementWords(text).some((w) => NEGATIONS.has(w));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n / (a.size + b.size - n);
}

/** A single-valued fact family and the pattern that finds it (folded text; group 1 = subject, last group = value). */
interface Frame { family: string; re: RegExp }
const V = '([\\p{L}\\p{N} ]+)';
const S = '^([\\p{L} ]*?)\\s*';
/** Single-valued facts, several languages. Subject before the cue; value after it (to the end of the clause). */
const FRAMES: Frame[] = [
  { family: 'residence', re: new RegExp(`${S}\\b(?:live|lives|living|lived|moved|move|relocated)\\s+(?:now\\s+)?(?:in|to)\\s+${V}`, 'u') },
  { family: 'residence', re: new RegExp(`${S}\\b(?:wohne|wohnt|lebe|lebt|zog|ziehe)\\s+(?:jetzt\\s+)?(?:in|nach)\\s+${V}`, 'u') },
  { family: 'residence', re: new RegExp(`${S}\\b(?:vivo|vive|vivimos|moro|mora|abito|abita|habite|habites|vis|vit)\\s+(?:ahora\\s+|agora\\s+|ora\\s+|maintenant\\s+)?(?:en|em|a|no|na|in)\\s+${V}`, 'u') },
  { family: 'residence', re: new RegExp(`${S}\\b(?:me mude|me mudei|me mudo|mi sono trasferit[oa]|demenage|suis installe)\\s+(?:a|para|en|em|in)\\s+${V}`, 'u') },
  { family: 'employer', re: new RegExp(`${S}\\b(?:work|works|working|worked)\\s+(?:now\\s+)?(?:at|for)\\s+${V}`, 'u') },
  { family: 'employer', re: new RegExp(`${S}\\b(?:arbeite|arbeitet)\\s+(?:jetzt\\s+)?(?:bei|fur)\\s+${V}`, 'u') },
  { family: 'employer', re: new RegExp(`${S}\\b(?:trabajo|trabaja|trabalho|trabalha|lavoro|lavora|travaille|travailles)\\s+(?:ahora\\s+|agora\\s+|ora\\s+|maintenant\\s+)?(?:en|para|na|no|em|per|presso|chez|pour)\\s+${V}`, 'u') },
  { family: 'name', re: new RegExp(`${S}\\b(?:name is|called|heisse|heisst|llamo|llama|chamo|chama|chiamo|chiama|appelle)\\s+${V}`, 'u') },
  { family: 'age', re: new RegExp(`${S}\\b(?:am|is|bin|ist|tengo|tiene|tenho|tem|ho|ha|ai|a)\\s+(\\d+)\\s+(?:years|jahre|anos|anni|ans)\\b`, 'u') },
  { family: 'spouse', re: new RegExp(`${S}\\b(?:married to|verheiratet mit|casad[oa] con|casad[oa] com|sposat[oa] con|marie a|mariee a)\\s+${V}`, 'u') },
  { family: 'favourite', re: new RegExp(`${S}\\bfavou?rite\\s+([\\p{L}]+)\\s+is\\s+${V}`, 'u') },
  { family: 'favourite', re: new RegExp(`${S}\\blieblings([\\p{L}]+)\\s+ist\\s+${V}`, 'u') },
  { family: 'favourite', re: new RegExp(`${S}\\b([\\p{L}]+)\\s+(?:favorit[oa]|preferid[oa]|preferit[oa]|prefere|preferee)\\s+(?:es|e|est)\\s+${V}`, 'u') },
];

/** Words that end a value (a value is its first few words up to a clause break). */
const VALUE_STOP = new Set(['and', 'but', 'since', 'for', 'und', 'aber', 'seit', 'y', 'pero', 'desde', 'et', 'mais', 'depuis', 'e', 'mas', 'ma', 'da', 'now', 'jetzt', 'ahora', 'agora', 'ora', 'maintenant', 'today', 'heute']);

/** The single-valued facts a statement asserts: family (+ key for favourites) and subject -> value. */
function facts(text: string): Map<string, string> {
  const words = statementWords(text).filter((w) => !NEGATIONS.has(w));
  const folded = words.join(' ');
  const out = new Map<string, string>();
  for (const f of FRAMES) {
    const m = f.re.exec(folded);
    if (!m) continue;
    const subject = (m[1] ?? '').split(' ').filter((w) => w && !SELF.has(w) && !NEUTRAL.has(w)).join(' ');
    const valueWords: string[] = [];
    for (const w of (m[m.length - 1] ?? '').split(' ')) {
      if (!w) continue;
      if (VALUE_STOP.has(w) && valueWords.length > 0) break;
      valueWords.push(w);
      if (valueWords.length >= 3) break;
    }
    const key = f.family === 'favourite' ? `favourite:${m[2]}` : f.family;
    if (!out.has(`${key}|${subject}`)) out.set(`${key}|${subject}`, valueWords.join(' '));
  }
  return out;
}

/** A verdict on a pair. */
export interface PairVerdict {
  contradicts: boolean;
  /** Why (empty when compatible). */
  reasons: Array<'negation_diff' | 'value_conflict' | 'number_conflict'>;
  /** 0..1, how sure (the Jaccard or cosine that carried the rule; 1 for a value conflict). */
  score: number;
  /** Word-set Jaccard without negation and auxiliary words. */
  jaccard: number;
}

/**
 * Whether two statements contradict (see module header).
 * @param cosine their embedding similarity, when known.
 * @example classifyPair('I live in Berlin', 'I moved to Hamburg') // { contradicts: true, reasons: ['value_conflict'], ... }
 */
export function classifyPair(a: string, b: string, cosine?: number): PairVerdict {
  const wa = statementWords(a);
  const wb = statementWords(b);
  const core = (w: string[]) => new Set(w.filter((x) => !NEGATIONS.has(x) && !NEUTRAL.has(x)));
  const ca = core(wa);
  const cb = core(wb);
  const j = jaccard(ca, cb);
  const reasons: PairVerdict['reasons'] = [];
  let score = 0;
  const negA = wa.some((w) => NEGATIONS.has(w));
  const negB = wb.some((w) => NEGATIONS.has(w));
  if (negA !== negB && (j >= NEGATION_MIN_JACCARD || (cosine !== undefined && cosine >= NEGATION_MIN_COSINE && j >= 0.5))) {
    reasons.push('negation_diff');
    score = Math.max(score, Math.max(j, cosine ?? 0));
  }
  if (negA === negB) {
    const fa = facts(a);
    const fb = facts(b);
    for (const [k, v] of fa) {
      const w = fb.get(k);
      if (w !== undefined && v !== '' && w !== '' && v !== w && !v.startsWith(`${w} `) && !w.startsWith(`${v} `)) {
        reasons.push('value_conflict');
        score = 1;
        break;
      }
    }
    const num = (s: Set<string>) => [...s].filter((x) => /^\d+$/.test(x)).sort().join(',');
    const words = (s: Set<string>) => new Set([...s].filter((x) => !/^\d+$/.test(x)));
    if (!reasons.includes('value_conflict') && num(ca) !== '' && num(cb) !== '' && num(ca) !== num(cb) && jaccard(words(ca), words(cb)) >= NUMBER_MIN_JACCARD) {
      reasons.push('number_conflict');
      score = Math.max(score, jaccard(words(ca), words(cb)));
    }
  }
  return { contradicts: reasons.length > 0, reasons, score: Number(score.toFixed(4)), jaccard: Number(j.toFixed(4)) };
}
