/**
 * Optional LLM fact extraction, off by default, over any OpenAI-compatible chat
 * completions endpoint (OpenAI, a local Ollama at http://localhost:11434/v1, ...), in
 * mem0's two steps (mem0 `Memory.add` with `infer=True`): first the facts worth keeping
 * are extracted from the messages (`{"facts": [...]}`), then each is compared with the
 * most similar stored memories and the model decides per memory ADD, UPDATE, DELETE or
 * NONE (`{"memory": [{"id", "text", "event", "old_memory"}]}`). Stored memories are shown
 * to the model under small integer ids (as mem0 does), so it can neither invent nor
 * garble a UUID. JSON mode (`response_format: {type: "json_object"}`) is requested;
 * the JSON object is also cut out of a chattier answer.
 *
 * Failure contract: both calls share one time budget (`timeoutMs`); a refused, slow,
 * malformed or unreachable endpoint rejects with `MnemoError('UNAVAILABLE')`, and the
 * caller (infer.ts) then stores the raw input verbatim, so nothing is lost.
 */
import { MnemoError } from '../core/errors.js';

/** Settings of {@link LlmExtractor}. */
export interface LlmExtractorOptions {
  /** Base URL up to `/v1`. */
  baseUrl: string;
  model: string;
  apiKey?: string | undefined;
  /** Budget of one `add` (both calls), ms. @default 15000 (a local 7B model answers both in a few seconds) */
  timeoutMs?: number | undefined;
  /** Injected fetch (tests). @default globalThis.fetch */
  fetch?: typeof fetch | undefined;
}

/** One decision about one memory. */
export interface MemoryDecision {
  event: 'ADD' | 'UPDATE' | 'DELETE' | 'NONE';
  /** The stored memory it is about (UPDATE, DELETE, NONE); absent for ADD. */
  id?: string | undefined;
  text: string;
}

/** What the infer path needs from an extractor. */
export interface FactExtractor {
  /** `llm:<model>`. */
  readonly id: string;
  /**
   * Extracts facts and decides against `similar` stored memories (found by the caller for
   * the raw text).
   * @throws MnemoError UNAVAILABLE when the endpoint fails or the budget runs out.
   */
  run(conversation: string, similar: (facts: string[]) => Promise<Array<{ id: string; text: string }>>): Promise<{ facts: string[]; decisions: MemoryDecision[] }>;
}

const DEFAULT_TIMEOUT_MS = 15_000;

const EXTRACT_PROMPT = `You extract durable facts about the user from a conversation: preferences, personal details, plans, relationships, health, work.
Each fact is one short self-contained sentence in the language of the conversation. Skip greetings and small talk.
Answer with JSON only: {"facts": ["...", "..."]}; {"facts": []} when there is nothing worth remembering.`;

const DECIDE_PROMPT = `You maintain a memory of facts about the user. You get the existing memories (with ids) and new facts.
For every existing memory and every new fact decide one event:
- ADD: a new fact that no memory holds (give it a new id);
- UPDATE: a memory the new fact refines or changes (keep its id, give the new text, and old_memory);
- DELETE: a memory a new fact contradicts and replaces nothing (keep its id);
- NONE: a memory that stays as it is.
Answer with JSON only: {"memory": [{"id": "0", "text": "...", "event": "ADD|UPDATE|DELETE|NONE", "old_memory": "..."}]}`;

/** A {@link FactExtractor} over an OpenAI-compatible chat endpoint. */
export class LlmExtractor implements FactExtractor {
  readonly id: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: LlmExtractorOptions) {
    this.id = `llm:${options.model}`;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async run(conversation: string, similar: (facts: string[]) => Promise<Array<{ id: string; text: string }>>): Promise<{ facts: string[]; decisions: MemoryDecision[] }> {
    const abort = new AbortController();
    const budget = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timer = setTimeout(() => abort.abort(new Error(`the LLM took longer than ${budget} ms`)), budget);
    try {
      const extracted = await this.ask(EXTRACT_PROMPT, conversation, abort.signal) as { facts?: unknown };
      const facts = Array.isArray(extracted.facts) ? extracted.facts.filter((f): f is string => typeof f === 'string' && f.trim() !== '').map((f) => f.trim()) : null;
      if (facts === null) throw new MnemoError('UNAVAILABLE', 'the LLM answered without a "facts" list');
      if (facts.length === 0) return { facts, decisions: [] };
      const existing = await similar(facts);
      const shown = existing.map((m, i) => ({ id: String(i), text: m.text }));
      const decided = await this.ask(DECIDE_PROMPT, JSON.stringify({ existing_memories: shown, new_facts: facts }), abort.signal) as { memory?: unknown };
      if (!Array.isArray(decided.memory)) throw new MnemoError('UNAVAILABLE', 'the LLM answered without a "memory" list');
      const decisions: MemoryDecision[] = [];
      for (const d of decided.memory as Array<Record<string, unknown>>) {
        const event = typeof d.event === 'string' ? d.event.toUpperCase() : '';
        const text = typeof d.text === 'string' ? d.text.trim() : '';
        if (event === 'ADD' && text) decisions.push({ event: 'ADD', text });
        else if (event === 'UPDATE' || event === 'DELETE' || event === 'NONE') {
          const target = existing[Number(d.id)];
          // An id the model made up is not a memory: an UPDATE of it is an ADD, the rest is ignored.
          if (!target || !/^\d+$/.test(String(d.id))) { if (event === 'UPDATE' && text) decisions.push({ event: 'ADD', text }); continue; }
          if (event === 'UPDATE' && !text) continue;
          decisions.push({ event, id: target.id, text: event === 'UPDATE' ? text : target.text });
        }
      }
      return { facts, decisions };
    } catch (error) {
      if (error instanceof MnemoError) throw error;
      throw new MnemoError('UNAVAILABLE', `LLM extraction failed: ${abort.signal.aborted ? String((abort.signal.reason as Error).message) : (error as Error).message}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  /** One JSON completion. */
  private async ask(system: string, user: string, signal: AbortSignal): Promise<unknown> {
    const response = await this.fetch(`${this.options.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      signal,
      headers: { 'content-type': 'application/json', ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}) },
      body: JSON.stringify({
        model: this.options.model, temperature: 0, response_format: { type: 'json_object' },
        messages: [{ role: 'system', content: system }, { role: 'user', content: user }],
      }),
    });
    if (!response.ok) throw new MnemoError('UNAVAILABLE', `the LLM endpoint answered HTTP ${response.status}`);
    const body = await response.json() as { choices?: Array<{ message?: { content?: unknown } }> };
    const content = body.choices?.[0]?.message?.content;
    if (typeof content !== 'string') throw new MnemoError('UNAVAILABLE', 'the LLM answer has no message content');
    try {
      return JSON.parse(content.slice(content.indexOf('{'), content.lastIndexOf('}') + 1)) as unknown;
    } catch {
      throw new MnemoError('UNAVAILABLE', 'the LLM answer is not JSON');
    }
  }
}
