/**
 * What every hook entry point shares: its time budget and how it reads its JSON input
 * from stdin. Kept free of heavy imports so the lean entry point (cli/hook-main.ts) stays
 * fast to start.
 */

/** A hook gives up after this long, ms, printing nothing (fail-open; Claude Code's default hook timeout is 60 s). */
export const HOOK_DEADLINE_MS = 2_000;
/** Largest hook input read from stdin, bytes (a prompt plus Claude Code's fields). */
export const MAX_HOOK_INPUT_BYTES = 1 << 20;

/**
 * Reads stdin to its end, keeping at most {@link MAX_HOOK_INPUT_BYTES} bytes (the rest is
 * dropped, so an oversized input gives truncated JSON that the hook refuses quietly).
 * @returns the text read, UTF-8.
 */
export async function readHookInput(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_HOOK_INPUT_BYTES) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
