/**
 * `add` with `infer: true` (mem0's default in its clients). With a {@link FactExtractor}
 * configured, the LLM extracts facts from the messages and decides ADD / UPDATE / DELETE
 * / NONE against the most similar stored memories (llm-extractor.ts); the decisions are
 * applied through the ordinary write paths, so UPDATE and DELETE keep their history.
 * Without one, or when the LLM fails or runs over its budget, the LLM-free path stores
 * the messages that carry information verbatim (message-filter.ts: the user's statements,
 * assistant turns only when they state something; acknowledgements such as "Great,
 * noted!" are dropped), and a `notice` says what was kept and why.
 */
import { MnemoError } from '../core/errors.js';
import type { Memory } from './memory.js';
import type { AddInput, AddOptions } from './memory-options.js';
import type { FactExtractor } from './llm-extractor.js';
import type { AddEvent, AddResult } from './search-types.js';
import { chooseMessages, describeChoices } from './message-filter.js';

/** Similar memories shown to the LLM per fact (mem0 searches 5). */
const SIMILAR_PER_FACT = 5;

/** The conversation text the LLM reads: one `role: content` line per non-system message. */
function conversationOf(input: AddInput): string {
  if (typeof input === 'string') return input;
  return input.map((m) => (typeof m === 'string' ? `user: ${m}` : m.role === 'system' ? '' : `${m.role}: ${m.content}`)).filter(Boolean).join('\n');
}

const withNotice = (r: AddResult, notice: string): AddResult => ({ ...r, notice: r.notice ? `${notice}; ${r.notice}` : notice });

/** The LLM-free path: the informative messages verbatim, with a notice saying what was kept and why. */
async function addInformative(memory: Memory, input: AddInput, options: AddOptions, why: string): Promise<AddResult> {
  const choices = chooseMessages(input);
  const account = `${why}; ${describeChoices(choices)}`;
  if (typeof input === 'string') return withNotice(await memory.add(input, options), account);
  const kept = input.filter((_, i) => choices[i]!.keep);
  if (kept.length === 0) return { results: [], notice: account };
  return withNotice(await memory.add(kept, options), account);
}

/** See module header. */
export async function inferAdd(memory: Memory, extractor: FactExtractor | null, input: AddInput, options: AddOptions): Promise<AddResult> {
  if (!extractor) {
    return addInformative(memory, input, options, 'infer: no LLM is configured (--llm-base-url and --llm-model), so the informative messages were stored verbatim (LLM-free path)');
  }
  const scope = { userId: options.userId, ...(options.agentId ? { agentId: options.agentId } : {}), ...(options.runId ? { runId: options.runId } : {}) };
  const caller = options.caller ?? options.app;
  let outcome: Awaited<ReturnType<FactExtractor['run']>>;
  try {
    outcome = await extractor.run(conversationOf(input), async (facts) => {
      const seen = new Map<string, string>();
      for (const f of facts) {
        for (const h of (await memory.search(f, { ...scope, limit: SIMILAR_PER_FACT, log: false })).results) seen.set(h.id, h.memory);
      }
      return [...seen].map(([id, text]) => ({ id, text }));
    });
  } catch (error) {
    if (!(error instanceof MnemoError && error.code === 'UNAVAILABLE')) throw error;
    return addInformative(memory, input, options, `infer: ${error.message}; the informative messages were stored verbatim`);
  }
  const events: AddEvent[] = [];
  let notice: string | undefined;
  const by = { ...scope, ...(caller ? { caller } : {}) };
  for (const d of outcome.decisions) {
    if (d.event === 'ADD') {
      const r = await memory.add(d.text, { ...options, metadata: { ...options.metadata, inferred: true } });
      events.push(...r.results);
      notice ??= r.notice;
    } else if (d.event === 'UPDATE') {
      const before = await memory.get(d.id!, { ...by, log: false }).catch(() => null);
      if (!before) continue;
      await memory.update(d.id!, d.text, by);
      events.push({ id: d.id!, memory: d.text, event: 'UPDATE', previousMemory: before.memory });
    } else if (d.event === 'DELETE') {
      const gone = await memory.delete(d.id!, by).then(() => true, () => false);
      if (gone) events.push({ id: d.id!, memory: d.text, event: 'DELETE' });
    }
  }
  return notice === undefined ? { results: events } : { results: events, notice };
}
