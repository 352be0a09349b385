/**
 * Reader for LoCoMo-format files (Maharana et al., "Evaluating Very Long-Term
 * Conversational Memory of LLM Agents", ACL 2024; `data/locomo10.json` of
 * snap-research/LoCoMo). Turns each conversation into one memory per dialog turn with
 * the text format of the paper's retrieval evaluation (Table 3):
 * `<speaker> said, "<text>"`, plus ` and shared <blip_caption>` on image turns, and the
 * session's date as the memory's time.
 *
 * Failure contract: a missing file or malformed JSON throws with the path in the message;
 * `defaultLocomoPath()` returns the shared dev split's path whether or not it exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One dialog turn, ready to be stored as a memory. */
export interface LocomoTurn {
  /** `D<session>:<turn>`, the id evidence refers to. */
  diaId: string;
  speaker: string;
  /** Formatted memory text (see module header). */
  text: string;
  /** Session date, Unix epoch milliseconds (UTC). */
  timestamp: number;
  session: number;
}

/** One question with its evidence turn ids. */
export interface LocomoQuestion {
  question: string;
  /** Evidence dia_ids that exist in the conversation (unknown ids dropped). */
  evidence: string[];
  /** 1 multi-hop, 2 temporal, 3 open-domain, 4 single-hop, 5 adversarial. */
  category: number;
}

/** One conversation (a LoCoMo sample). */
export interface LocomoConversation {
  sampleId: string;
  turns: LocomoTurn[];
  questions: LocomoQuestion[];
}

/** LoCoMo category numbers to names (README of the dev split). */
export const LOCOMO_CATEGORIES: Record<number, string> = {
  1: 'multi-hop',
  2: 'temporal',
  3: 'open-domain',
  4: 'single-hop',
  5: 'adversarial',
};

/**
 * Path of the shared dev split, `../shared/bench/locomo/locomo-dev.json` beside the
 * project root, found from this module's location (works from `src` or `dist`).
 */
export function defaultLocomoPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(resolve(dir, 'package.json'))) break;
    dir = dirname(dir);
  }
  return resolve(dir, '..', 'shared', 'bench', 'locomo', 'locomo-dev.json');
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/**
 * Parses LoCoMo's session time, e.g. `"1:56 pm on 8 May, 2023"`, as UTC epoch ms.
 * @throws Error when the string has another shape.
 */
export function parseLocomoDate(value: string): number {
  const m = /^(\d{1,2}):(\d{2})\s*(am|pm)\s+on\s+(\d{1,2})\s+([A-Za-z]+),?\s+(\d{4})$/i.exec(value.trim());
  const month = m ? MONTHS.indexOf(m[5]!.toLowerCase()) : -1;
  if (!m || month < 0) throw new Error(`unrecognised LoCoMo date: ${JSON.stringify(value)}`);
  let hour = Number(m[1]) % 12;
  if (m[3]!.toLowerCase() === 'pm') hour += 12;
  return Date.UTC(Number(m[6]), month, Number(m[4]), hour, Number(m[2]));
}

interface RawTurn { speaker: string; dia_id: string; text: string; blip_caption?: string }
interface RawSample {
  sample_id: string;
  conversation: Record<string, unknown>;
  qa: Array<{ question: string; evidence?: string[]; category: number }>;
}

/**
 * Reads a LoCoMo-format JSON file (a list of samples).
 * @throws Error naming the file when it is missing, not JSON, or not a list of samples.
 */
export function loadLocomo(path: string): LocomoConversation[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new Error(`cannot read LoCoMo file ${path}: ${(cause as Error).message}`, { cause });
  }
  if (!Array.isArray(raw)) throw new Error(`LoCoMo file ${path} is not a JSON list of samples`);
  return (raw as RawSample[]).map((sample) => toConversation(sample));
}

function toConversation(sample: RawSample): LocomoConversation {
  const conv = sample.conversation;
  const turns: LocomoTurn[] = [];
  const sessions = Object.keys(conv)
    .map((k) => /^session_(\d+)$/.exec(k))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  for (const session of sessions) {
    const list = conv[`session_${session}`] as RawTurn[];
    const date = conv[`session_${session}_date_time`];
    if (!Array.isArray(list) || typeof date !== 'string') continue;
    const timestamp = parseLocomoDate(date);
    for (const t of list) {
      let text = `${t.speaker} said, "${t.text}"`;
      if (t.blip_caption) text += ` and shared ${t.blip_caption}`;
      turns.push({ diaId: t.dia_id, speaker: t.speaker, text, timestamp, session });
    }
  }
  const known = new Set(turns.map((t) => t.diaId));
  const questions = sample.qa.map((q) => ({
    question: q.question,
    evidence: (q.evidence ?? [])
      .flatMap((e) => String(e).split(/[;\s]+/))
      .filter((id) => known.has(id)),
    category: q.category,
  }));
  return { sampleId: sample.sample_id, turns, questions };
}

/**
 * Evidence recall@k of one question (LoCoMo paper, Table 3): the fraction of its
 * evidence ids among the top `k` retrieved ids; 1 when it has no evidence.
 */
export function evidenceRecall(evidence: string[], retrievedIds: string[], k: number): number {
  if (evidence.length === 0) return 1;
  const top = new Set(retrievedIds.slice(0, k));
  return evidence.filter((id) => top.has(id)).length / evidence.length;
}
