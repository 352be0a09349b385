/**
 * LoCoMo evidence retrieval, run against any {@link MemorySystem}: store one memory per
 * dialog turn (each conversation its own user), ask every question of a conversation
 * against that conversation's memories, and score the ranked `dia_id`s with
 * `evidenceRecall` (LoCoMo paper, Table 3) at each k, overall and per category, plus
 * the mean reciprocal rank.
 *
 * MRR: 1/rank of the first evidence turn within the top max(k) results, 0 when none is
 * there, averaged over the questions that have evidence (a question without evidence
 * has recall 1 by the paper's rule but no rank to score).
 *
 * Failure contract: a failing search counts as an empty result (recall 0) and is
 * counted in `failures`; a failing add rejects, since the memories would be wrong.
 */
import type { BenchItem, MemorySystem } from '../systems/memory-system.js';
import { type LatencySummary, summarize } from '../report/stats.js';
import type { Progress } from '../report/progress.js';
import { LOCOMO_CATEGORIES, type LocomoConversation, evidenceRecall } from './locomo-dataset.js';

/**
 * Published anchor: DRAGON dense retriever on all 10 LoCoMo conversations, evidence
 * recall@k in percent (Maharana et al., ACL 2024, Table 3).
 */
export const DRAGON_ANCHOR: Readonly<Record<number, number>> = { 5: 56.7, 10: 66.2, 25: 76.7, 50: 82.7 };

/** The k values scored by default (the paper's). */
export const DEFAULT_KS = [5, 10, 25, 50];

/** Recall and MRR of a group of questions. Recall keys are k as strings; values in [0,1]. */
export interface RecallGroup {
  questions: number;
  recall: Record<string, number>;
  /** Mean reciprocal rank in [0,1] over `questionsWithEvidence`. */
  mrr: number;
  questionsWithEvidence: number;
}

/** Scores of one system on a LoCoMo file. */
export interface LocomoScores extends RecallGroup {
  ks: number[];
  /** Keyed by category number; `name` from {@link LOCOMO_CATEGORIES}. */
  perCategory: Record<string, RecallGroup & { name: string }>;
  /** Wall time of each search call, milliseconds. */
  searchMs: LatencySummary;
  /** Searches that threw (scored as empty results). */
  failures: number;
  /** First failure message, if any. */
  firstError?: string;
}

/** Timing of storing a LoCoMo file. */
export interface IngestStats {
  memories: number;
  /** `single`: one add call per turn; `batch`: one call per conversation (chunked). */
  how: 'single' | 'batch';
  /** Wall time of each add call, milliseconds. */
  callMs: LatencySummary;
  /** Total wall time divided by memories, milliseconds. */
  perMemoryMs: number;
  totalMs: number;
}

/** The user id a conversation's memories are stored under. */
export function locomoUserId(conversation: LocomoConversation): string {
  return `locomo-${conversation.sampleId}`;
}

/** A conversation's turns as bench items (`itemId` = `dia_id`). */
export function locomoItems(conversation: LocomoConversation): BenchItem[] {
  const userId = locomoUserId(conversation);
  return conversation.turns.map((t) => ({
    text: t.text,
    userId,
    itemId: t.diaId,
    speaker: t.speaker,
    session: t.session,
    timestamp: t.timestamp,
  }));
}

/** Largest batch handed to one `addBatch` call (the SDK caps a batch at 1000). */
const BATCH = 500;

/**
 * Stores every turn of every conversation.
 * @param how `single` times one add per turn (what an agent does live); `batch` one call per conversation.
 * @throws the system's error when an add fails.
 */
export async function ingestLocomo(system: MemorySystem, conversations: LocomoConversation[], how: 'single' | 'batch', onProgress?: Progress): Promise<IngestStats> {
  const times: number[] = [];
  const total = conversations.reduce((n, c) => n + c.turns.length, 0);
  let done = 0;
  const start = performance.now();
  for (const conversation of conversations) {
    const items = locomoItems(conversation);
    if (how === 'single') {
      for (const item of items) {
        const t = performance.now();
        await system.add(item);
        times.push(performance.now() - t);
        onProgress?.(++done, total);
      }
    } else {
      for (let i = 0; i < items.length; i += BATCH) {
        const chunk = items.slice(i, i + BATCH);
        const t = performance.now();
        await system.addBatch(chunk);
        times.push(performance.now() - t);
        done += chunk.length;
        onProgress?.(done, total);
      }
    }
  }
  const totalMs = performance.now() - start;
  return { memories: total, how, callMs: summarize(times), perMemoryMs: total ? totalMs / total : Number.NaN, totalMs };
}

interface Accumulator { questions: number; recall: number[]; rr: number; withEvidence: number }

function newAcc(ks: number[]): Accumulator {
  return { questions: 0, recall: ks.map(() => 0), rr: 0, withEvidence: 0 };
}

function finish(acc: Accumulator, ks: number[]): RecallGroup {
  const recall: Record<string, number> = {};
  ks.forEach((k, i) => (recall[String(k)] = acc.questions ? acc.recall[i]! / acc.questions : Number.NaN));
  return { questions: acc.questions, recall, mrr: acc.withEvidence ? acc.rr / acc.withEvidence : Number.NaN, questionsWithEvidence: acc.withEvidence };
}

/** Reciprocal rank of the first evidence id in `ranked` (0 when absent). */
export function reciprocalRank(evidence: string[], ranked: string[]): number {
  const wanted = new Set(evidence);
  const index = ranked.findIndex((id) => wanted.has(id));
  return index < 0 ? 0 : 1 / (index + 1);
}

/**
 * Asks every question against its conversation's memories and scores the results.
 * The memories must already be stored (see {@link ingestLocomo}).
 * @param ks the k values to score; the search limit is their maximum.
 */
export async function scoreLocomo(system: MemorySystem, conversations: LocomoConversation[], ks: number[] = DEFAULT_KS, onProgress?: Progress): Promise<LocomoScores> {
  const limit = Math.max(...ks);
  const overall = newAcc(ks);
  const byCategory = new Map<number, Accumulator>();
  const times: number[] = [];
  let failures = 0;
  let firstError: string | undefined;
  const total = conversations.reduce((n, c) => n + c.questions.length, 0);
  let done = 0;
  for (const conversation of conversations) {
    const userId = locomoUserId(conversation);
    for (const q of conversation.questions) {
      let ranked: string[] = [];
      const t = performance.now();
      try {
        ranked = await system.search(q.question, userId, limit);
      } catch (cause) {
        failures++;
        firstError ??= (cause as Error).message;
      }
      times.push(performance.now() - t);
      let acc = byCategory.get(q.category);
      if (!acc) byCategory.set(q.category, (acc = newAcc(ks)));
      for (const a of [overall, acc]) {
        a.questions++;
        ks.forEach((k, i) => (a.recall[i]! += evidenceRecall(q.evidence, ranked, k)));
        if (q.evidence.length > 0) {
          a.withEvidence++;
          a.rr += reciprocalRank(q.evidence, ranked.slice(0, limit));
        }
      }
      onProgress?.(++done, total);
    }
  }
  const perCategory: LocomoScores['perCategory'] = {};
  for (const [category, acc] of [...byCategory].sort((a, b) => a[0] - b[0])) {
    perCategory[String(category)] = { name: LOCOMO_CATEGORIES[category] ?? `category ${category}`, ...finish(acc, ks) };
  }
  return { ks, ...finish(overall, ks), perCategory, searchMs: summarize(times), failures, ...(firstError ? { firstError } : {}) };
}
