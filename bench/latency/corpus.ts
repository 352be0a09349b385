/**
 * Realistic, unique memory texts and queries for the latency benchmark, in any number.
 *
 * With a LoCoMo file present, each memory is `<speaker> said, "<sentence> <sentence>"`
 * with two sentences drawn from different real dialog turns, and the queries are the
 * file's real questions; so lengths and vocabulary match conversational memory. Without
 * it, a built-in template generator makes first-person facts about people, places,
 * pets, jobs and plans, and questions about them. Both are seeded, so two runs store
 * the same texts. Every text is unique: mnemo drops exact duplicates, which would make
 * a run store fewer memories than it claims.
 */
import { existsSync } from 'node:fs';
import type { BenchItem } from '../systems/memory-system.js';
import { loadLocomo } from '../locomo/locomo-dataset.js';

/** Where the texts came from. */
export type CorpusSource = 'locomo' | 'generated';

/** A deterministic pseudo-random generator (mulberry32) returning floats in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)]!;
}

const NAMES = ['Caroline', 'Melanie', 'Jon', 'Gina', 'Priya', 'Tomas', 'Aiko', 'Mateo', 'Lena', 'Omar', 'Sofia', 'Dev', 'Hannah', 'Kwame', 'Ines', 'Yusuf'];
const OPENERS = ['I', 'My sister', 'My partner', 'My best friend', 'My neighbour', 'My boss', 'My dad', 'My mom', 'Our team', 'My roommate'];
const VERBS = ['started', 'finished', 'signed up for', 'gave up on', 'went back to', 'planned', 'talked about', 'really enjoyed', 'was nervous about', 'recommended'];
const THINGS = [
  'a pottery class', 'a half marathon', 'a new job at the hospital', 'learning Portuguese', 'a road trip to Oregon', 'a book club about sci-fi novels',
  'adopting a rescue dog', 'a painting of the lake at sunset', 'a volunteering shift at the shelter', 'the guitar lessons', 'a camping trip with the kids',
  'a cooking course on Thai food', 'the LGBTQ support group meeting', 'a photography workshop', 'moving to a smaller apartment', 'a charity bake sale',
  'the night shift at the bakery', 'a coding bootcamp', 'a trip to see grandma in Sweden', 'a beach cleanup', 'the school play', 'a yoga retreat',
];
const WHEN = ['last weekend', 'yesterday', 'two weeks ago', 'this morning', 'back in May', 'over the summer', 'last Friday night', 'on my birthday', 'after work', 'during the holidays'];
const FEELINGS = ['and it felt amazing', 'and I was exhausted afterwards', 'because it helps me relax', 'since it reminds me of home', 'and I want to do it again', 'but it was harder than I expected', 'with a few old friends', 'and I learned a lot'];
const QUESTIONS = [
  'When did {name} start {thing}?', 'What did {name} think about {thing}?', 'Who went to {thing} with {name}?', 'Why did {name} give up on {thing}?',
  'How did {name} feel after {thing}?', 'What does {name} do to relax?', 'Where did {name} go {when}?', 'What hobby did {name} pick up {when}?',
];

/** Two independent clauses per text, so two texts rarely share most of their words (mnemo merges near-duplicates). */
function generatedText(random: () => number): string {
  return `${pick(NAMES, random)} said, "${pick(OPENERS, random)} ${pick(VERBS, random)} ${pick(THINGS, random)} ${pick(WHEN, random)}, ${pick(FEELINGS, random)}. `
    + `${pick(NAMES, random)} ${pick(VERBS, random)} ${pick(THINGS, random)} ${pick(WHEN, random)}."`;
}

function sentencesOf(text: string): string[] {
  return text.split(/(?<=[.!?])\s+/).map((s) => s.trim()).filter((s) => s.length >= 12);
}

/** Raw LoCoMo material: speakers, single sentences of turns, and questions. */
interface LocomoMaterial { speakers: string[]; sentences: string[]; questions: string[] }

function locomoMaterial(path: string): LocomoMaterial | null {
  if (!existsSync(path)) return null;
  const conversations = loadLocomo(path);
  const speakers = new Set<string>();
  const sentences: string[] = [];
  const questions: string[] = [];
  for (const c of conversations) {
    for (const t of c.turns) {
      speakers.add(t.speaker);
      const quoted = /^.*? said, "(.*)"/s.exec(t.text)?.[1] ?? t.text;
      sentences.push(...sentencesOf(quoted));
    }
    questions.push(...c.questions.map((q) => q.question));
  }
  return sentences.length >= 50 ? { speakers: [...speakers], sentences, questions } : null;
}

/** A corpus: `count` unique memory texts and `queries` query strings. */
export interface Corpus {
  source: CorpusSource;
  items: BenchItem[];
  queries: string[];
}

/**
 * Builds `count` unique memories for `userId` and `queryCount` queries.
 * @param locomoPath LoCoMo file to draw sentences and questions from; the built-in generator is used when it is absent.
 * @param seed PRNG seed (same seed, same corpus).
 * @throws Error when it cannot produce `count` unique texts (more than the source can combine).
 */
export function buildCorpus(count: number, queryCount: number, userId: string, locomoPath: string | null, seed = 42): Corpus {
  const random = rng(seed);
  const material = locomoPath ? locomoMaterial(locomoPath) : null;
  const seen = new Set<string>();
  const items: BenchItem[] = [];
  const base = Date.UTC(2023, 0, 1);
  let attempts = 0;
  while (items.length < count) {
    if (++attempts > count * 50 + 1000) throw new Error(`cannot generate ${count} unique texts from the ${material ? 'LoCoMo' : 'built-in'} source`);
    const text = material
      ? `${pick(material.speakers, random)} said, "${pick(material.sentences, random)} ${pick(material.sentences, random)}"`
      : generatedText(random);
    if (seen.has(text)) continue;
    seen.add(text);
    items.push({ text, userId, itemId: `m${items.length}`, timestamp: base + items.length * 60_000 });
  }
  const queries: string[] = [];
  for (let i = 0; i < queryCount; i++) {
    if (material && material.questions.length > 0) queries.push(material.questions[i % material.questions.length]!);
    else queries.push(pick(QUESTIONS, random).replace('{name}', pick(NAMES, random)).replace('{thing}', pick(THINGS, random)).replace('{when}', pick(WHEN, random)));
  }
  return { source: material ? 'locomo' : 'generated', items, queries };
}
