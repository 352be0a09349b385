/**
 * The SQLite store's full-text query: a backend-neutral {@link KeywordQuery} (analysed
 * terms) rendered as an FTS5 MATCH expression. Every term becomes a quoted FTS5 string,
 * ORed, so no input is ever parsed as FTS5 syntax (operators, column filters, `*`) and
 * the expression cannot fail to parse.
 *
 * `memories_fts` has two indexed columns (migration 8): `content` (the text) and `owner`
 * (one token naming the row's user, {@link ownerToken}). Queries over it restrict the
 * terms to `content` and the rows to one owner ({@link ownerMatch}); `bm25()` over it
 * takes {@link MEMORIES_BM25_WEIGHTS} so the owner column adds nothing to a score.
 */
import type { KeywordQuery } from '../store.js';

/**
 * The FTS5 MATCH expression of `query`: its terms quoted (inner `"` doubled) and ORed.
 * @example fts5Match({ terms: ['caroline', 'support'] }) // '"caroline" OR "support"'
 */
export function fts5Match(query: KeywordQuery): string {
  return query.terms.map((w) => `"${w.replaceAll('"', '""')}"`).join(' OR ');
}

/**
 * The owner token of `userId` in `memories_fts`: `'u'` + the lowercase hex of its UTF-8
 * bytes, which is what migration 8's triggers store (`'u' || lower(hex(user_id))`, the
 * file being UTF-8). Letters and digits only, so it is one unicode61 token and never FTS5
 * syntax, whatever the id holds.
 * @example ownerToken('ann') // 'u616e6e'
 */
export function ownerToken(userId: string): string {
  return `u${Buffer.from(userId, 'utf8').toString('hex')}`;
}

/**
 * The MATCH expression over `memories_fts` for `expr` (an {@link fts5Match} expression
 * or an AND/OR of them) among `userId`'s rows only: FTS5 intersects the owner's doclist
 * with the terms', so the work is bounded by that user's matches.
 * @example ownerMatch('ann', '"coffee" OR "piano"') // 'owner : "u616e6e" AND content : ("coffee" OR "piano")'
 */
export function ownerMatch(userId: string, expr: string): string {
  return `owner : "${ownerToken(userId)}" AND content : (${expr})`;
}

/**
 * The MATCH expression over `memories_fts` for `expr` in the `content` column, every
 * user's rows (so a term spelled like an owner token never matches an owner column).
 * @example contentMatch('"coffee"') // 'content : ("coffee")'
 */
export function contentMatch(expr: string): string {
  return `content : (${expr})`;
}

/**
 * `bm25()` column weights for `memories_fts`: content 1 (as the one-column index had),
 * owner 0, so the owner phrase adds nothing to any score. Use as `bm25(memories_fts, 1.0, 0.0)`.
 */
export const MEMORIES_BM25_WEIGHTS = '1.0, 0.0';
