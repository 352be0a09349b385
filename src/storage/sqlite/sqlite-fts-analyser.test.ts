/**
 * The JavaScript analyser against FTS5's own tokenizer (`porter unicode61
 * remove_diacritics 2`, as memories_fts): an FTS5 table is filled with the same texts and
 * its vocabulary read through `fts5vocab`; the analyser must produce the same set of
 * terms, and the same number of tokens per text (BM25's document length). On a small
 * inline fixture (ASCII, stemming edge cases, diacritics, digits, punctuation) the
 * agreement must be total; on the LoCoMo dev conversations (skipped with a message when
 * the file is absent) at least 99.5% of FTS5's terms, the rate printed.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { ftsTerms } from './sqlite-fts-analyser.js';

const LOCOMO = '/work/wt/shared/bench/locomo/locomo-dev.json';

const FIXTURE = [
  'Caroline went to the LGBTQ support group yesterday; she said it was really powerful.',
  'Melanie is running a charity race for mental health on Sunday, 20 May 2023.',
  'Relational, conditional, rational, valenci, hesitanci, digitizer, conformabli, radicalli, differentli, vileli, analogousli',
  'vietnamization, predication, operator, feudalism, decisiveness, hopefulness, callousness, formaliti, sensitiviti, sensibiliti',
  'triplicate formative formalize electriciti electrical hopeful goodness revival allowance inference airliner gyroscopic',
  'adjustable defensible irritant replacement adjustment dependent adoption homologou communism activate angulariti homologous effective bowdlerize',
  'caresses ponies ties caress cats feed agreed plastered bled motoring sing conflated troubled sized hopping tanned falling hissing fizzed failing filing happy sky',
  'Café crème, naïve façade, Zürich, São Paulo, Ångström, résumé — éléphant!',
  "It's John's dog-friendly B&B at 42nd st. e-mail: x_y@z.com; 3.14159 #hashtag @user",
  'a an I to be or ox by logically archaeology generalizations skies dying lying tying news',
];

/** FTS5's vocabulary (term -> occurrences) and token count per text, for `texts`. */
function fts5(texts: string[]): { vocab: Map<string, number>; lengths: number[] } {
  const db = new Database(':memory:');
  try {
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(content, tokenize='porter unicode61 remove_diacritics 2');
      CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row');`);
    const insert = db.prepare('INSERT INTO t(rowid, content) VALUES (?, ?)');
    db.transaction(() => texts.forEach((text, i) => insert.run(i + 1, text)))();
    const vocab = new Map((db.prepare('SELECT term, cnt FROM v').raw().all() as Array<[string, number]>));
    // Document length: FTS5's bm25 reads it through xColumnSize; the docsize table holds it.
    const lengths = (db.prepare('SELECT sz FROM t_docsize ORDER BY id').raw().all() as Array<[Buffer]>).map(([sz]) => varint(sz));
    return { vocab, lengths };
  } finally {
    db.close();
  }
}

/** The first SQLite varint of `buf` (fts5 docsize records one per column). */
function varint(buf: Buffer): number {
  let v = 0;
  for (let i = 0; i < 9; i++) {
    const b = buf[i]!;
    v = v * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) break;
  }
  return v;
}

/** The analyser's vocabulary (term -> occurrences) and token count per text. */
function analyser(texts: string[]): { vocab: Map<string, number>; lengths: number[] } {
  const vocab = new Map<string, number>();
  const lengths = texts.map((text) => {
    const terms = ftsTerms(text);
    for (const t of terms) vocab.set(t, (vocab.get(t) ?? 0) + 1);
    return terms.length;
  });
  return { vocab, lengths };
}

/** Share of FTS5's distinct terms the analyser also produced the same number of times, and the differences. */
function agreement(texts: string[]): { rate: number; missing: string[]; extra: string[]; lengthsEqual: number } {
  const want = fts5(texts);
  const got = analyser(texts);
  const missing = [...want.vocab].filter(([t, n]) => got.vocab.get(t) !== n).map(([t]) => t);
  const extra = [...got.vocab.keys()].filter((t) => !want.vocab.has(t));
  const lengthsEqual = want.lengths.filter((n, i) => n === got.lengths[i]).length / texts.length;
  return { rate: 1 - missing.length / want.vocab.size, missing, extra, lengthsEqual };
}

/** Every string of the LoCoMo conversations (the turns' text). */
function locomoTexts(): string[] {
  const data = JSON.parse(readFileSync(LOCOMO, 'utf8')) as Array<{ conversation: Record<string, unknown> }>;
  const out: string[] = [];
  for (const sample of data) {
    for (const value of Object.values(sample.conversation)) {
      if (!Array.isArray(value)) continue;
      for (const turn of value as Array<{ text?: unknown }>) if (typeof turn.text === 'string') out.push(turn.text);
    }
  }
  return out;
}

describe('FTS5 analyser in JavaScript', () => {
  it('produces exactly FTS5 porter unicode61 remove_diacritics 2 terms and lengths on the fixture', () => {
    const { rate, missing, extra, lengthsEqual } = agreement(FIXTURE);
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] });
    assert.equal(rate, 1);
    assert.equal(lengthsEqual, 1);
  });

  it('agrees with FTS5 on the LoCoMo dev conversations', (t) => {
    if (!existsSync(LOCOMO)) {
      t.skip(`${LOCOMO} absent: LoCoMo agreement not measured`);
      return;
    }
    const texts = locomoTexts();
    assert.ok(texts.length > 500, `LoCoMo turns read: ${texts.length}`);
    const { rate, missing, extra, lengthsEqual } = agreement(texts);
    t.diagnostic(`LoCoMo dev: ${texts.length} texts, term agreement ${(rate * 100).toFixed(3)}% (differing: ${missing.slice(0, 10).join(' ')}; extra: ${extra.slice(0, 10).join(' ')}), lengths equal ${(lengthsEqual * 100).toFixed(2)}%`);
    assert.ok(rate >= 0.995, `agreement ${rate}`);
    assert.ok(lengthsEqual >= 0.995, `lengths ${lengthsEqual}`);
  });
});
