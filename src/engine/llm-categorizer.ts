/**
 * Optional LLM categorization through an OpenAI-compatible chat endpoint
 * (`POST {baseUrl}/chat/completions`), as OpenMemory does with its categorization prompt.
 *
 * Failure contract: never rejects and never waits longer than `timeoutMs` in total: any
 * error, timeout, refusal or unparsable answer yields the fallback categorizer's answer
 * for the affected texts, so a write is never blocked or failed by the LLM.
 */
import { type Categorizer, type CategorizerGuidance, KeywordCategorizer, normalizeCategories } from './categorizer.js';

/** Settings of {@link LlmCategorizer}. */
export interface LlmCategorizerOptions {
  /** Base URL up to `/v1`, e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1`. */
  baseUrl: string;
  /** Chat model name. */
  model: string;
  /** Bearer token, if the endpoint needs one. */
  apiKey?: string | undefined;
  /** Whole-call budget, ms (all texts, in parallel). @default 3000 */
  timeoutMs?: number | undefined;
  /** Used for texts the LLM did not categorize. @default new KeywordCategorizer() */
  fallback?: Categorizer | undefined;
  /** Injected `fetch` (tests). @default globalThis.fetch */
  fetch?: typeof fetch | undefined;
}

/** Three seconds: long enough for a small hosted model, short enough not to stall an agent's write. */
const DEFAULT_TIMEOUT_MS = 3000;

const PROMPT = `You label a personal memory with 1 to 3 short lowercase categories.
Prefer: personal, preferences, work, health, travel, finance, education, relationships, technology, hobbies.
Invent a new single-word category only if none fits. Answer with JSON only: {"categories": ["..."]}`;

/**
 * Categorizes each text with one chat completion, falling back per text.
 * @example new LlmCategorizer({ baseUrl: 'http://localhost:11434/v1', model: 'llama3.2' })
 */
export class LlmCategorizer implements Categorizer {
  readonly id: string;
  private readonly fallback: Categorizer;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: LlmCategorizerOptions) {
    this.id = `llm:${options.model}`;
    this.fallback = options.fallback ?? new KeywordCategorizer();
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async categorize(texts: string[], guidance?: CategorizerGuidance): Promise<string[][]> {
    // A ref'd timer (not AbortSignal.timeout, which is unref'd) so the budget holds in any process.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error('LLM categorization timed out')), this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const answers = await Promise.all(texts.map((t) => this.ask(t, abort.signal, guidance).catch(() => null)))
      .finally(() => clearTimeout(timer));
    const missing = answers.flatMap((a, i) => (a === null ? [i] : []));
    if (missing.length > 0) {
      const fallback = await this.fallback.categorize(missing.map((i) => texts[i]!), guidance);
      missing.forEach((i, j) => { answers[i] = fallback[j]!; });
    }
    return answers as string[][];
  }

  /** One completion; `null` when the answer holds no usable category. */
  private async ask(text: string, signal: AbortSignal, guidance?: CategorizerGuidance): Promise<string[] | null> {
    const response = await this.fetch(`${this.options.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      signal,
      headers: {
        'content-type': 'application/json',
        ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: this.options.model,
        temperature: 0,
        messages: [{ role: 'system', content: guidedPrompt(guidance) }, { role: 'user', content: text }],
      }),
    });
    if (!response.ok) return null;
    const body = await response.json() as { choices?: Array<{ message?: { content?: unknown } }> };
    const content = body.choices?.[0]?.message?.content;
    if (typeof content !== 'string') return null;
    const json = content.slice(content.indexOf('{'), content.lastIndexOf('}') + 1);
    const parsed = JSON.parse(json) as { categories?: unknown };
    const categories = Array.isArray(parsed.categories) ? normalizeCategories(parsed.categories) : [];
    return categories.length > 0 ? categories : null;
  }
}

/** The system prompt with the project's custom categories and instructions, when set. */
function guidedPrompt(guidance: CategorizerGuidance | undefined): string {
  if (!guidance?.categories && !guidance?.instructions) return PROMPT;
  const parts = [`You label a personal memory with 1 to 3 short lowercase categories.`];
  if (guidance.categories) {
    parts.push(`Use only these categories:\n${guidance.categories.map((c) => `- ${c.name}: ${c.description}`).join('\n')}`);
  } else {
    parts.push('Prefer: personal, preferences, work, health, travel, finance, education, relationships, technology, hobbies.');
  }
  if (guidance.instructions) parts.push(`Project instructions: ${guidance.instructions}`);
  parts.push('Answer with JSON only: {"categories": ["..."]}');
  return parts.join('\n');
}
