/**
 * Content identity for de-duplication: a memory's hash is SHA-256 over its text with
 * case folded, Unicode normalised (NFKC) and white space collapsed, so "I like tea" and
 * "i  like tea " are the same memory while any change of words is not.
 */
import { createHash } from 'node:crypto';
import { tokenize } from '../retrieval/keyword-query.js';

/** Normalises text for hashing (NFKC, lower case, single spaces, trimmed). */
export function normalizeContent(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** SHA-256 hex (64 chars) of {@link normalizeContent}(text). */
export function contentHash(text: string): string {
  return createHash('sha256').update(normalizeContent(text)).digest('hex');
}

/**
 * Jaccard similarity of the two texts' word sets, in [0, 1] (1 for two empty texts).
 * Used with vector similarity to tell a near-duplicate from a paraphrase that changes
 * meaning (a negation keeps cosine high but changes the word set).
 */
export function wordJaccard(a: string, b: string): number {
  const x = new Set(tokenize(a));
  const y = new Set(tokenize(b));
  if (x.size === 0 && y.size === 0) return 1;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return shared / (x.size + y.size - shared);
}
