/**
 * Which messages of a conversation carry information, without an LLM: the rule `add`
 * with `infer` follows when no LLM is configured (infer.ts), so mem0 clients that send
 * whole conversations (`add(messages)`) do not get "Great, noted!" stored as a memory.
 *
 * The rule, per message (sentences split at `.`, `!`, `?`, line breaks):
 * - `system` messages are never stored (as in every add);
 * - a sentence is filler when, ignoring case, punctuation and emoji, it is an
 *   acknowledgement ("ok", "great, noted", "thanks!", "got it", "I'll remember that"),
 *   an offer or pleasantry of an assistant ("let me know if you need anything else",
 *   "how can I help?", "happy to help"), or (assistant only) a question back;
 * - a `user` message is kept unless every sentence is filler (users' questions are kept:
 *   "Can you book the 7:40 to Rome?" says where they are going);
 * - an `assistant` message is kept only when some sentence states something, i.e. is
 *   not filler; it is then stored whole, as the assistant said it.
 * Kept messages are stored verbatim; nothing is rewritten.
 */
import type { AddInput } from './memory-options.js';

/** Words that only acknowledge (any sentence made only of these is filler). */
const ACK_WORDS = new Set(('ok okay k kk great noted got it thanks thank you thx ty sure sounds good will do understood perfect cool nice awesome '
  + 'no problem welcome your you\'re alright all right yes yeah yep yup no worries done good excellent wonderful glad to hear that this '
  + 'of course absolutely fine lovely amazing right gotcha roger wow oh ah hmm haha lol i\'ll i will remember remembered keep in mind '
  + 'make a note note taken so much very much a lot cheers appreciate it appreciated indeed certainly definitely exactly agreed '
  + 'i see makes sense interesting hi hello hey congratulations congrats bye goodbye good morning night').split(' '));

/** Assistant pleasantries and offers that state nothing about the user. */
const ASSISTANT_FILLER = [
  /^(let me know|feel free|just let me know|don't hesitate)\b/,
  /^(how|what else) can i (help|do)\b/,
  /^is there anything else\b/,
  /^(i'm|i am) (happy|glad) to help\b/,
  /^(happy|glad) to (help|hear)\b/,
  /^(i('ll| will)|i've|i have) (remember|noted|note|saved|save|made a note|keep)\b.{0,30}$/,
  /^(anything else|what else)\b/,
  /^you('re| are) (very |most )?welcome\b/,
  /^thanks? (you )?for (letting me know|sharing|telling me|the update)\b/,
];

/** Why a message was kept or dropped. */
export type MessageVerdict = 'user statement' | 'assistant statement' | 'acknowledgement' | 'assistant filler' | 'system message';

/** One message of the input with the rule's verdict. */
export interface MessageChoice {
  index: number;
  role: string;
  content: string;
  keep: boolean;
  why: MessageVerdict;
}

const normalize = (s: string): string => s.toLowerCase().replace(/[’]/g, "'").replace(/[^\p{L}\p{N}' ]+/gu, ' ').replace(/\s+/g, ' ').trim();

/** True when the sentence only acknowledges. */
export function isAcknowledgement(sentence: string): boolean {
  const words = normalize(sentence).split(' ').filter(Boolean);
  return words.length > 0 && words.every((w) => ACK_WORDS.has(w));
}

/** Verdict of one message; see the module header. */
export function judgeMessage(role: string, content: string): { keep: boolean; why: MessageVerdict } {
  if (role === 'system') return { keep: false, why: 'system message' };
  const sentences = content.split(/(?<=[.!?])\s+|\n+/).map((s) => s.trim()).filter((s) => normalize(s) !== '');
  if (sentences.length === 0 || sentences.every(isAcknowledgement)) return { keep: false, why: 'acknowledgement' };
  if (role !== 'assistant') return { keep: true, why: 'user statement' };
  const stating = sentences.filter((s) => !isAcknowledgement(s) && !s.trim().endsWith('?') && !ASSISTANT_FILLER.some((re) => re.test(normalize(s))));
  return stating.length > 0 ? { keep: true, why: 'assistant statement' } : { keep: false, why: 'assistant filler' };
}

/**
 * The rule applied to an add input. A plain string is one user statement and always kept.
 * @example chooseMessages([{role:'user',content:'I am vegan'},{role:'assistant',content:'Great, noted!'}]).map(c => c.keep) // [true, false]
 */
export function chooseMessages(input: AddInput): MessageChoice[] {
  if (typeof input === 'string') return [{ index: 0, role: 'user', content: input, keep: true, why: 'user statement' }];
  return input.map((m, index) => {
    const role = typeof m === 'string' ? 'user' : m.role ?? 'user';
    const content = typeof m === 'string' ? m : m.content;
    return { index, role, content, ...judgeMessage(role, content) };
  });
}

/** A one-line account of the choices for a response's `notice`. */
export function describeChoices(choices: MessageChoice[]): string {
  const kept = choices.filter((c) => c.keep);
  const dropped = choices.filter((c) => !c.keep && c.why !== 'system message');
  const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 39)}…` : s);
  const parts = [`kept ${kept.length} of ${choices.length} messages (${[...new Set(kept.map((c) => `${c.why}s`))].join(', ') || 'none'})`];
  if (dropped.length > 0) parts.push(`dropped ${dropped.map((c) => `${c.role} ${c.why} "${clip(c.content)}"`).join(', ')}`);
  return parts.join('; ');
}
