/**
 * Precision and recall of mnemo's calibrated scores at relevance floors on a LoCoMo
 * file: every question is searched (SDK defaults, `limit` 50) in its own conversation
 * and in each other conversation, where nothing is relevant to it; only hits scoring at
 * or above the floor count (what `search(q, { threshold })` returns).
 *
 * Per floor: `precision` — evidence hits among the kept hits of own-conversation
 * searches (pooled); `recall` — mean evidence recall of the kept hits per question
 * (LoCoMo's rule, 1 for a question without evidence); `answered` — share of own
 * searches keeping at least one hit; `falseAnswers` — share of other-conversation
 * searches keeping at least one hit (lower is better). Failure contract: SDK errors propagate.
 */
import type { Memory } from '../../src/index.js';
import { DEFAULT_RELEVANCE_FLOOR } from '../../src/retrieval/calibration.js';
import { evidenceRecall, type LocomoConversation } from './locomo-dataset.js';
import { locomoUserId } from './locomo-eval.js';
import type { Progress } from '../report/progress.js';
import type { MnemoMode } from '../systems/mnemo-system.js';

/** Floors reported (the default among them). */
export const FLOORS = [...new Set([0.02, 0.05, DEFAULT_RELEVANCE_FLOOR, 0.2, 0.3, 0.5])].sort((a, b) => a - b);

/** The figures of one floor (fractions in [0, 1]). */
export interface FloorScores { floor: number; precision: number; recall: number; answered: number; falseAnswers: number; meanKept: number }

/** Floor figures of one mode (see module header). */
export async function scoreFloors(memory: Memory, mode: MnemoMode, conversations: LocomoConversation[], onProgress?: Progress): Promise<FloorScores[]> {
  const acc = FLOORS.map((floor) => ({ floor, kept: 0, relevant: 0, recall: 0, answered: 0, falseAnswers: 0 }));
  let own = 0;
  let other = 0;
  const total = conversations.reduce((n, c) => n + c.questions.length, 0) * conversations.length;
  let done = 0;
  for (const c of conversations) {
    for (const q of c.questions) {
      for (const target of conversations) {
        const { results } = await memory.search(q.question, { userId: locomoUserId(target), limit: 50, mode, log: false });
        const hits = results.map((h) => ({ score: h.score, id: String((h.metadata as Record<string, unknown>)['dia_id']) }));
        if (target === c) own++;
        else other++;
        for (const a of acc) {
          const kept = hits.filter((h) => h.score >= a.floor);
          if (target === c) {
            const evidence = new Set(q.evidence);
            a.kept += kept.length;
            a.relevant += kept.filter((h) => evidence.has(h.id)).length;
            a.recall += evidenceRecall(q.evidence, kept.map((h) => h.id), kept.length);
            if (kept.length > 0) a.answered++;
          } else if (kept.length > 0) a.falseAnswers++;
        }
        onProgress?.(++done, total);
      }
    }
  }
  return acc.map((a) => ({
    floor: a.floor,
    precision: a.kept ? a.relevant / a.kept : Number.NaN,
    recall: own ? a.recall / own : Number.NaN,
    answered: own ? a.answered / own : Number.NaN,
    falseAnswers: other ? a.falseAnswers / other : Number.NaN,
    meanKept: own ? a.kept / own : Number.NaN,
  }));
}
