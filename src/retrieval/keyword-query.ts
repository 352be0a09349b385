/**
 * Turns free text into an FTS5 MATCH expression for BM25 ranking. FTS5's default is
 * AND of all terms, which makes a natural-language question match almost nothing; we
 * OR the content words instead and let BM25 (Robertson & Zaragoza 2009, "The
 * Probabilistic Relevance Framework: BM25 and Beyond") weigh them.
 *
 * Every term is emitted as a quoted FTS5 string, so no user input is parsed as FTS5
 * syntax (operators, column filters, `*`): the expression cannot fail to parse.
 */

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
 * Builds an FTS5 MATCH expression from free text: distinct content words, quoted, joined
 * by OR. Falls back to all words when every word is a stopword.
 * @returns the expression, or `null` when the text has no word at all.
 * @example keywordQuery('When did Caroline go to the support group?') // '"caroline" OR "support" OR "group"'
 */
export function keywordQuery(text: string): string | null {
  const words = [...new Set(tokenize(text))];
  if (words.length === 0) return null;
  const content = words.filter((w) => !STOPWORDS.has(w));
  const chosen = content.length > 0 ? content : words;
  return chosen.map((w) => `"${w.replaceAll('"', '""')}"`).join(' OR ');
}
