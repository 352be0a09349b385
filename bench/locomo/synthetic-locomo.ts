/**
 * A tiny LoCoMo-format file made up on the spot, for smoke tests and for trying the
 * benchmark without the real data: conversations of invented turns and questions whose
 * evidence points at those turns. It exercises every shape the loader handles: image
 * turns with `blip_caption`, a `session_N_date_time` without its session, evidence
 * strings holding several ids (`"D1:1; D1:2"`), unknown ids, integer answers, empty
 * evidence and all five categories. Its figures mean nothing.
 */
import { writeFileSync } from 'node:fs';

const TOPICS = ['pottery', 'camping', 'painting', 'running', 'guitar', 'baking', 'hiking', 'chess', 'gardening', 'swimming', 'photography', 'yoga'];

/**
 * Builds the samples of a synthetic LoCoMo file (the JSON value, a list).
 * @param conversations number of samples (each 2 sessions).
 * @param turnsPerSession turns in each session (at least 3).
 */
export function syntheticLocomo(conversations = 2, turnsPerSession = 6): unknown[] {
  const samples: unknown[] = [];
  for (let c = 0; c < conversations; c++) {
    const a = `Alex${c}`;
    const b = `Sam${c}`;
    const conversation: Record<string, unknown> = { speaker_a: a, speaker_b: b };
    for (let s = 1; s <= 2; s++) {
      conversation[`session_${s}_date_time`] = `${s + 1}:0${s} pm on ${s + 7} May, 2023`;
      conversation[`session_${s}`] = Array.from({ length: turnsPerSession }, (_, t) => {
        const topic = TOPICS[(c * 5 + s * 3 + t) % TOPICS.length]!;
        const turn: Record<string, unknown> = { speaker: t % 2 ? b : a, dia_id: `D${s}:${t + 1}`, text: `I spent the weekend on ${topic} with my cousin ${t}.` };
        if (t === 2) Object.assign(turn, { img_url: ['https://example.invalid/x.jpg'], blip_caption: `a photo of ${topic} gear` });
        return turn;
      });
    }
    conversation['session_3_date_time'] = '9:00 am on 1 June, 2023';
    const topic = (s: number, t: number) => TOPICS[(c * 5 + s * 3 + t) % TOPICS.length]!;
    samples.push({
      sample_id: `synthetic-${c}`,
      conversation,
      qa: [
        { question: `What did ${a} do with the cousin on ${topic(1, 0)}?`, answer: topic(1, 0), evidence: ['D1:1'], category: 4 },
        { question: `Which hobbies came up, ${topic(1, 1)} and ${topic(2, 1)}?`, answer: 'both', evidence: ['D1:2; D2:2'], category: 1 },
        { question: `When was ${topic(2, 3)} mentioned?`, answer: 2023, evidence: ['D2:4', 'D9:99'], category: 2 },
        { question: 'What would the cousin like?', answer: 'unknown', evidence: [], category: 3 },
        { question: `Did ${b} ever try skydiving?`, adversarial_answer: 'no', evidence: ['D1:3'], category: 5 },
      ],
    });
  }
  return samples;
}

/** Writes {@link syntheticLocomo} as JSON to `path` and returns `path`. */
export function writeSyntheticLocomo(path: string, conversations = 2, turnsPerSession = 6): string {
  writeFileSync(path, JSON.stringify(syntheticLocomo(conversations, turnsPerSession)));
  return path;
}
