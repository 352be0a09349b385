/**
 * Analyses free text into a backend-neutral {@link KeywordQuery}: distinct lower-cased
 * word tokens with stopwords dropped. Full-text engines AND all terms by default, which
 * makes a natural-language question match almost nothing; the query instead means "any
 * of the content words", and the backend's relevance score (BM25, Robertson & Zaragoza
 * 2009, "The Probabilistic Relevance Framework: BM25 and Beyond"; or ts_rank) weighs
 * them. Each store renders the terms in its own syntax (SQLite: storage/sqlite/sqlite-fts.ts).
 */
import type { KeywordQuery } from '../storage/store.js';


/**
 * English function words dropped from keyword queries: they carry no topical signal and,
 * ORed, would match nearly every memory. A compact list in the spirit of the SMART
 * stop list (Salton 1971), trimmed to question and pronoun words common in chat queries.
 */
const STOPWORDS = new Set((
  'a about above after again against all am an and any are as at be because been before being below between both but by ' +
  'can could did do does doing down during each few for from further had has have having he her here hers herself him ' +
  'himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other ' +
  'our ours ourselves out over own same she should so some such than that the their theirs them themselves then there ' +
  'these they this those through to too under until up very was we were what when where which while who whom why will ' +
  'with would you your yours yourself yourselves s t ll d re ve m don didn doesn isn wasn weren won wouldn shouldn ' +
  'couldn hasn haven hadn aren also ever likely might may shall one get got go going went say said says tell told'
).split(' '));

/** Splits text into lower-cased Unicode word tokens (letters and digits). */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * The keyword query of free text: its distinct content words, in order of appearance.
 * Falls back to all words when every word is a stopword.
 * @returns the query, or `null` when the text has no word at all.
 * @example keywordTerms('When did Caroline go to the support group?') // { terms: ['caroline', 'support', 'group'] }
 */
export function keywordTerms(text: string): KeywordQuery | null {
  const words = [...new Set(tokenize(text))];
  if (words.length === 0) return null;
  const content = words.filter((w) => !STOPWORDS.has(w));
  return { terms: content.length > 0 ? content : words };
}
