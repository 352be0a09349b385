/**
 * Category quality without an LLM (issue 13): the keyword categorizer and the default
 * hybrid one (keywords + USE-lite prototypes, offline) on the labelled
 * fixture test/fixtures/categories/memories.json (200 memories, 10 per OpenMemory seed
 * category). Prints top-1 accuracy, any-of-top-3 accuracy and per-category precision and
 * recall of the top-1 label, and writes bench/results/categories.json.
 *
 * Run: `npx tsc -p tsconfig.json && node dist/bench/categories.js`
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Categorizer, KeywordCategorizer } from '../src/engine/categorizer.js';
import { HybridCategorizer } from '../src/engine/hybrid-categorizer.js';
import { UseLiteEmbedder } from '../src/embedding/local/use-lite-embedder.js';

/** The fixture: `[text, category]` pairs. */
export function loadCategoryFixture(name: 'memories' | 'held-out' = 'memories', root = process.cwd()): Array<[string, string]> {
  const file = join(root, 'test', 'fixtures', 'categories', `${name}.json`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { items: Array<[string, string]> }).items;
}

/** Accuracy figures of a categorizer's answers against the labels. */
export function scoreCategories(items: Array<[string, string]>, answers: string[][]) {
  const labels = [...new Set(items.map(([, c]) => c))];
  let top1 = 0;
  let top3 = 0;
  const perCategory = Object.fromEntries(labels.map((l) => [l, { tp: 0, fp: 0, fn: 0 }]));
  const misses: Array<{ text: string; expected: string; got: string[] }> = [];
  items.forEach(([text, expected], i) => {
    const got = answers[i] ?? [];
    if (got[0] === expected) { top1++; perCategory[expected]!.tp++; } else {
      perCategory[expected]!.fn++;
      if (got[0] !== undefined && perCategory[got[0]]) perCategory[got[0]]!.fp++;
      misses.push({ text, expected, got });
    }
    if (got.includes(expected)) top3++;
  });
  const rows = labels.map((l) => {
    const { tp, fp, fn } = perCategory[l]!;
    return { category: l, precision: tp + fp === 0 ? 0 : tp / (tp + fp), recall: tp + fn === 0 ? 0 : tp / (tp + fn) };
  });
  return { n: items.length, top1Accuracy: top1 / items.length, anyOfTopAccuracy: top3 / items.length, perCategory: rows, misses };
}

async function main(): Promise<void> {
  const embedder = new UseLiteEmbedder({ worker: false });
  const embed = (texts: string[]) => embedder.embed(texts);
  const out: Record<string, unknown> = {};
  const categorizers: Categorizer[] = [new KeywordCategorizer(), new HybridCategorizer()];
  for (const categorizer of categorizers) for (const name of ['memories', 'held-out'] as const) {
    const items = loadCategoryFixture(name);
    const texts = items.map(([t]) => t);
    const context = categorizer instanceof HybridCategorizer ? { vectors: await embed(texts), embed } : undefined;
    const result = scoreCategories(items, await categorizer.categorize(texts, undefined, context));
    const label = name === 'memories' ? 'tuning fixture' : 'held-out fixture (never tuned on)';
    console.log(`categories (${categorizer.id}, no LLM) on the ${label}: ${result.n} labelled memories`);
    console.log(`  top-1 accuracy ${result.top1Accuracy.toFixed(3)}, expected label among those assigned ${result.anyOfTopAccuracy.toFixed(3)}`);
    for (const r of result.perCategory) console.log(`  ${r.category.padEnd(18)} precision ${r.precision.toFixed(2)}  recall ${r.recall.toFixed(2)}`);
    if (process.argv.includes('--misses')) for (const m of result.misses) console.log(`  miss: ${m.text} -> ${m.got.join(',')} (expected ${m.expected})`);
    out[`${categorizer.id} ${name}`] = { ...result, misses: result.misses.length };
  }
  await embedder.close();
  mkdirSync(join(process.cwd(), 'bench', 'results'), { recursive: true });
  writeFileSync(join(process.cwd(), 'bench', 'results', 'categories.json'), `${JSON.stringify(out, null, 2)}\n`);
}

if (process.argv[1]?.endsWith('categories.js')) await main();
