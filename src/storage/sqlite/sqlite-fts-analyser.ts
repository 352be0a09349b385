/**
 * A JavaScript analyser equivalent to the tokenizer of `memories_fts` (migration 8:
 * `porter unicode61 remove_diacritics 2`), for the in-memory keyword index
 * (sqlite-keyword-index.ts): text -> the list of index terms FTS5 would store.
 *
 * - unicode61 (SQLite's fts5_tokenize.c): token characters are the Unicode categories
 *   L*, N* and Co, everything else separates; tokens are case-folded and, with
 *   `remove_diacritics 2`, stripped of diacritics. Here: lower-case, NFD, drop the
 *   combining marks (\p{M}), NFC again (so Hangul syllables and other non-mark
 *   decompositions come back whole), then split on anything not \p{L}, \p{N} or \p{Co}.
 * - porter (fts5_porter.c): Porter's 1980 stemmer ("An algorithm for suffix stripping",
 *   Program 14(3)) applied to tokens of 3 to 64 bytes (FTS5_PORTER_MAX_TOKEN), others
 *   kept as they are. The npm package `stemmer` (wooorm) implements the same algorithm,
 *   including the two departures of Porter's own published C version that fts5_porter.c
 *   also has (step 2 `bli` -> `ble`, `logi` -> `log`).
 *
 * Agreement with FTS5's own vocabulary is measured by sqlite-fts-analyser.test.ts (an
 * FTS5 table with this tokenizer read through `fts5vocab`). Where the two disagree (rare
 * non-Latin scripts, folding of a few characters), the keyword index is still
 * self-consistent: its documents and its query terms both go through this analyser.
 */
import { stemmer } from 'stemmer';

/** Longest token fts5_porter.c stems, UTF-8 bytes (FTS5_PORTER_MAX_TOKEN). */
const PORTER_MAX_TOKEN_BYTES = 64;
/** Shortest token fts5_porter.c stems, UTF-8 bytes. */
const PORTER_MIN_TOKEN_BYTES = 3;

/** Stems memoised per process (a vocabulary is tens of thousands of words); cleared when full. */
const STEM_CACHE_MAX = 200_000;
const stems = new Map<string, string>();

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;
const MARKS = /\p{M}+/gu;
const TOKEN = /[\p{L}\p{N}\p{Co}]+/gu;

/** The Porter stem of one folded token, as fts5_porter.c computes it (memoised). */
export function porterStem(token: string): string {
  const known = stems.get(token);
  if (known !== undefined) return known;
  const bytes = NON_ASCII.test(token) ? Buffer.byteLength(token, 'utf8') : token.length;
  const stem = bytes < PORTER_MIN_TOKEN_BYTES || bytes > PORTER_MAX_TOKEN_BYTES ? token : stemmer(token);
  if (stems.size >= STEM_CACHE_MAX) stems.clear();
  stems.set(token, stem);
  return stem;
}

/** Lower-cased text without diacritics (remove_diacritics 2), before splitting. */
function fold(text: string): string {
  const lower = text.toLowerCase();
  return NON_ASCII.test(lower) ? lower.normalize('NFD').replace(MARKS, '').normalize('NFC') : lower;
}

/**
 * The tokens of `text` before stemming (folded, in order, duplicates kept): what
 * unicode61 hands to the porter stage. {@link ftsTerms} = these through {@link porterStem}.
 */
export function ftsTokens(text: string): string[] {
  return fold(text).match(TOKEN) ?? [];
}

/**
 * The index terms of `text`, in order, duplicates kept (their count is the document's
 * length in tokens, as FTS5 counts it for BM25).
 * @example ftsTerms('Caroline went to the support groups') // ['carolin', 'went', 'to', 'the', 'support', 'group']
 */
export function ftsTerms(text: string): string[] {
  const tokens = fold(text).match(TOKEN);
  if (!tokens) return [];
  for (let i = 0; i < tokens.length; i++) tokens[i] = porterStem(tokens[i]!);
  return tokens;
}
