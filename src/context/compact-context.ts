/**
 * The compact context a coding agent gets from mnemo for a prompt (hooks, `mnemo context`):
 * a few short lines the model reads before the user's prompt. Pure formatting. (The
 * session-start context is the engine's start_session bundle, reflection.ts.)
 *
 * Sizes: at most {@link MAX_ITEM_CHARS} characters per memory and
 * {@link MAX_CONTEXT_CHARS} in all, so the injected text stays a small fraction of a
 * context window (about 500 tokens).
 */

/** Longest memory text shown, characters (longer ones end in `…`). */
export const MAX_ITEM_CHARS = 240;
/** Longest whole context, characters. */
export const MAX_CONTEXT_CHARS = 2_000;

/** A memory as the context shows it. */
export interface ContextItem {
  memory: string;
  /** ISO-8601 creation time. */
  createdAt: string;
}

function line(item: ContextItem): string {
  const text = item.memory.replace(/\s+/g, ' ').trim();
  const clipped = text.length > MAX_ITEM_CHARS ? `${text.slice(0, MAX_ITEM_CHARS - 1)}…` : text;
  return `- ${clipped} (${item.createdAt.slice(0, 10)})`;
}

function clip(text: string): string {
  return text.length > MAX_CONTEXT_CHARS ? `${text.slice(0, MAX_CONTEXT_CHARS - 1)}…` : text;
}

/** Prompt context: the memories relevant to the prompt. Empty string when there are none. */
export function promptContext(hits: ContextItem[]): string {
  if (hits.length === 0) return '';
  return clip(['Relevant memories from mnemo (the user\'s long-term memory):', ...hits.map(line)].join('\n'));
}
