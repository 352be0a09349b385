#!/usr/bin/env node
/**
 * Benchmark: precision and recall of mnemo's LLM-free contradiction rules on the team's
 * labelled fixture (test/fixtures/contradictions.json), lexical rules alone and with the
 * local USE Lite cosine added (when the model loads). Prints the figures and writes
 * `bench/results/contradictions-<time>.json`.
 *
 * Usage: `node dist/bench/graph/contradictions-bench.js [--no-embedder]`
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UseLiteEmbedder } from '../../src/embedding/local/use-lite-embedder.js';
import { cosine } from '../../src/engine/graph/graph-search.js';
import { defaultResultsDir } from '../paths.js';
import { type ContradictionScores, evaluate, loadPairs } from './contradiction-eval.js';

function print(name: string, s: ContradictionScores): void {
  console.log(`${name}: ${s.pairs} pairs, precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)}, F1 ${s.f1.toFixed(3)} (TP ${s.truePositives}, FP ${s.falsePositives}, FN ${s.falseNegatives})`);
  for (const [lang, l] of Object.entries(s.byLanguage)) console.log(`  ${lang}: ${l.pairs} pairs, precision ${l.precision.toFixed(2)}, recall ${l.recall.toFixed(2)}`);
  for (const e of s.errors) console.log(`  ${e.predicted ? 'FP' : 'FN'} [${e.lang}] "${e.a}" / "${e.b}"${e.reasons.length ? ` (${e.reasons.join(', ')})` : ''}`);
}

async function main(): Promise<void> {
  const pairs = loadPairs();
  const results: Record<string, ContradictionScores> = { lexical: evaluate(pairs) };
  print('lexical rules', results.lexical!);
  if (!process.argv.includes('--no-embedder')) {
    const embedder = new UseLiteEmbedder();
    try {
      const a = await embedder.embed(pairs.map((p) => p.a));
      const b = await embedder.embed(pairs.map((p) => p.b));
      results.withCosine = evaluate(pairs, (i) => cosine(a[i]!, b[i]!));
      print('lexical rules + USE Lite cosine', results.withCosine);
    } catch (error) {
      console.log(`(embedder unavailable, cosine variant skipped: ${(error as Error).message})`);
    } finally {
      await embedder.close?.();
    }
  }
  const dir = defaultResultsDir();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `contradictions-${new Date().toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z')}.json`);
  writeFileSync(file, JSON.stringify({ fixture: 'test/fixtures/contradictions.json', at: new Date().toISOString(), results }, null, 2));
  console.log(`wrote ${file}`);
}

main().catch((error) => { console.error(error); process.exitCode = 1; });
