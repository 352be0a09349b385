import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fts5Match } from '../storage/sqlite/sqlite-fts.js';
import { keywordTerms, tokenize } from './keyword-query.js';

/** The analysed terms as the SQLite store renders them for FTS5. */
function keywordQuery(text: string): string | null {
  const query = keywordTerms(text);
  return query && fts5Match(query);
}

describe('keywordQuery', () => {
  it('ORs the quoted content words of a question', () => {
    assert.equal(keywordQuery('When did Caroline go to the LGBTQ support group?'), '"caroline" OR "lgbtq" OR "support" OR "group"');
  });
  it('keeps stopwords when nothing else is left', () => {
    assert.equal(keywordQuery('what is it'), '"what" OR "is" OR "it"');
  });
  it('neutralises FTS5 syntax in user input', () => {
    const q = keywordQuery('title:secret AND "x* NEAR(y)')!;
    assert.equal(q, '"title" OR "secret" OR "x" OR "near" OR "y"');
  });
  it('returns null for text without words', () => {
    assert.equal(keywordQuery('?! ...'), null);
  });
  it('splits Unicode words and folds case', () => {
    assert.deepEqual(tokenize('Café MÜNCHEN 2024'), ['café', 'münchen', '2024']);
  });
});
