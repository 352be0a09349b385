/**
 * Claude Code hooks (docs: code.claude.com/docs/en/hooks). Claude Code runs a command per
 * event with the event as JSON on stdin (`{session_id, transcript_path, cwd,
 * hook_event_name, source?}` for SessionStart, `{..., prompt}` for UserPromptSubmit);
 * printing `{"hookSpecificOutput": {"hookEventName": <event>, "additionalContext":
 * <text>}}` with exit code 0 adds the text to the model's context.
 *
 * mnemo registers its hook (`node .../hook-main.js ... claude-code`, or `npx -y mnemo-memory
 * hooks run claude-code`) for both events in
 * `~/.claude/settings.json` (`hooks.SessionStart[].hooks[]` with matcher `""`, and
 * `hooks.UserPromptSubmit[].hooks[]`), with a timeout. The hook is fail-open: any problem
 * (bad input, database missing or locked, slow server) means no output and exit 0.
 */
import { contextForPrompt, contextForSession, type ContextOptions } from '../context/context-source.js';

/** The events mnemo hooks into. */
export const HOOK_EVENTS = ['SessionStart', 'UserPromptSubmit'] as const;
/**
 * What marks mnemo's own hook commands in settings.json (install/uninstall find them by
 * these): the lean entry point, or the CLI's `hooks run claude-code`.
 */
export const HOOK_MARKERS = ['hook-main.js', 'hooks run claude-code'] as const;
/** Claude Code's per-command timeout we set, seconds (the hook itself gives up far sooner). */
export const HOOK_TIMEOUT_SECONDS = 10;

/**
 * The hook's stdout for one raw stdin text, or `null` for no output (nothing relevant,
 * unknown event, bad input, or nothing readable).
 */
export async function claudeCodeHookOutput(stdin: string, options: ContextOptions): Promise<string | null> {
  // Checked by hand rather than with zod: the hook process loads as little as it can.
  let input: { hook_event_name: string; prompt?: unknown };
  try {
    const value: unknown = JSON.parse(stdin);
    if (!value || typeof value !== 'object' || typeof (value as { hook_event_name?: unknown }).hook_event_name !== 'string') return null;
    input = value as typeof input;
  } catch {
    return null;
  }
  const context = input.hook_event_name === 'SessionStart'
    ? await contextForSession(options)
    : input.hook_event_name === 'UserPromptSubmit' && typeof input.prompt === 'string'
      ? await contextForPrompt(options, input.prompt)
      : null;
  if (!context) return null;
  return JSON.stringify({ hookSpecificOutput: { hookEventName: input.hook_event_name, additionalContext: context.text } });
}

type HookCommand = { type: string; command?: string; timeout?: number } & Record<string, unknown>;
type HookGroup = { matcher?: string; hooks?: HookCommand[] } & Record<string, unknown>;

const isOurs = (h: HookCommand) => typeof h.command === 'string' && HOOK_MARKERS.some((m) => h.command!.includes(m));

/**
 * settings.json's `hooks` value with mnemo's command for both events (`command` given) or
 * without it (`command` undefined); other hooks are kept as they are.
 */
export function withMnemoHooks(current: unknown, command: string | undefined): unknown {
  const hooks: Record<string, unknown> = current && typeof current === 'object' && !Array.isArray(current) ? structuredClone(current as Record<string, unknown>) : {};
  for (const event of HOOK_EVENTS) {
    const groups = (Array.isArray(hooks[event]) ? hooks[event] : []) as HookGroup[];
    const ours: HookCommand = { type: 'command', command: command ?? '', timeout: HOOK_TIMEOUT_SECONDS };
    const out: HookGroup[] = [];
    let placed = false;
    for (const group of groups) {
      const list = group.hooks ?? [];
      const at = list.findIndex(isOurs);
      if (at < 0) { out.push(group); continue; }
      // mnemo's hook goes back where it was (so a second install changes nothing).
      const kept = list.filter((h) => !isOurs(h));
      if (command !== undefined && !placed) { kept.splice(at, 0, ours); placed = true; }
      if (kept.length > 0) out.push({ ...group, hooks: kept });
    }
    if (command !== undefined && !placed) out.push({ ...(event === 'SessionStart' ? { matcher: '' } : {}), hooks: [ours] });
    if (out.length > 0) hooks[event] = out;
    else delete hooks[event];
  }
  return Object.keys(hooks).length > 0 ? hooks : undefined;
}
