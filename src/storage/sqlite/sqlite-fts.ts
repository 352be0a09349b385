/**
 * The SQLite store's full-text query: a backend-neutral {@link KeywordQuery} (analysed
 * terms) rendered as an FTS5 MATCH expression. Every term becomes a quoted FTS5 string,
 * ORed, so no input is ever parsed as FTS5 syntax (operators, column filters, `*`) and
 * the expression cannot fail to parse.
 */
import type { KeywordQuery } from '../store.js';

/**
 * The FTS5 MATCH expression of `query`: its terms quoted (inner `"` doubled) and ORed.
 * @example fts5Match({ terms: ['caroline', 'support'] }) // '"caroline" OR "support"'
 */
export function fts5Match(query: KeywordQuery): string {
  return query.terms.map((w) => `"${w.replaceAll('"', '""')}"`).join(' OR ');
}
