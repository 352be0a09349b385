/**
 * Coding-agent hooks and context:
 * - `mnemo hooks install claude-code` / `mnemo hooks uninstall claude-code`: add or remove
 *   mnemo's SessionStart and UserPromptSubmit hooks in Claude Code's `~/.claude/settings.json`
 *   (other hooks and settings kept; backup; idempotent; `--print`).
 * - `mnemo hooks run claude-code`: the hook itself (event JSON on stdin, Claude Code's hook
 *   output on stdout); fail-open: no output and exit 0 whenever it cannot help.
 * - `mnemo context --prompt <text>` / `--session`: the same context as plain text, for any
 *   other agent's hook system.
 * See src/hooks/claude-code.ts and src/context/.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { MnemoError } from '../../core/errors.js';
import { contextForPrompt, contextForSession } from '../../context/context-source.js';
import { claudeCodeHookOutput, withMnemoHooks } from '../../hooks/claude-code.js';
import { PACKAGE_NAME } from '../../install/clients.js';
import { applyConfigChange, planJsonKey } from '../../install/config-file.js';
import type { CliContext, GlobalFlags } from '../context.js';
import { HOOK_DEADLINE_MS, readHookInput } from '../../hooks/hook-input.js';

/** The server a hook asks first. */
export const DEFAULT_SERVER = 'http://127.0.0.1:8765';

function checkAgent(agent: string): void {
  if (agent !== 'claude-code') throw new MnemoError('INVALID_INPUT', `hooks are available for claude-code (got "${agent}"); other agents can call \`mnemo context --prompt <text>\``);
}

const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `"${s.replace(/(["\\$`])/g, '\\$1')}"`);

/** Registers `hooks` and `context`. */
export function registerHooksCommands(program: Command, ctx: CliContext): void {
  const hooks = program.command('hooks').description('coding-agent hooks that inject memories (claude-code)');
  const settingsPath = (o: { config?: string }) => (o.config ? resolve(o.config) : join(homedir(), '.claude', 'settings.json'));

  hooks.command('install')
    .description("add mnemo's SessionStart and UserPromptSubmit hooks to Claude Code's settings.json")
    .argument('<agent>', 'claude-code')
    .option('--print', 'show the file as it would be; change nothing')
    .option('--config <file>', 'the settings file (default: ~/.claude/settings.json)')
    .option('--server <url>', 'a mnemo serve to ask first', DEFAULT_SERVER)
    .option('--npx', 'run the hook with npx -y mnemo-memory instead of this installed mnemo')
    .action((agent: string, o: { print?: boolean; config?: string; server: string; npx?: boolean }) => {
      checkAgent(agent);
      const flags = program.opts<GlobalFlags>();
      // The key travels as a file path (never the key itself) so an encrypted database works
      // in the hook; a key given only through MNEMO_DB_KEY must be in Claude Code's environment.
      const scope = [...(flags.db ? ['--db', resolve(flags.db)] : []), ...(flags.user ? ['--user', flags.user] : []),
        ...(flags.dbKeyFile ? ['--db-key-file', resolve(flags.dbKeyFile)] : [])];
      // The lean entry point starts several times faster than the whole CLI (see hook-main.ts).
      const command = (o.npx
        ? ['npx', '-y', PACKAGE_NAME, ...scope, 'hooks', 'run', 'claude-code', '--server', o.server]
        : [process.execPath, fileURLToPath(new URL('../hook-main.js', import.meta.url)), ...scope, '--server', o.server, 'claude-code']).map(quote).join(' ');
      const change = planJsonKey(settingsPath(o), 'hooks', (current) => withMnemoHooks(current, command));
      const backup = o.print ? null : applyConfigChange(change).backup;
      ctx.print({ path: change.path, changed: change.changed, written: !o.print && change.changed, backup, command, ...(o.print ? { text: change.after } : {}) }, () => {
        if (o.print) process.stdout.write(`# ${change.path}\n${change.after}`);
        else process.stdout.write(change.changed
          ? `Claude Code: added mnemo's SessionStart and UserPromptSubmit hooks to ${change.path}${backup ? ` (backup: ${backup})` : ''}\n  ${command}\n`
          : `Claude Code: ${change.path} already has mnemo's hooks; nothing changed\n`);
      });
    });

  hooks.command('uninstall')
    .description("remove mnemo's hooks from Claude Code's settings.json")
    .argument('<agent>', 'claude-code')
    .option('--print', 'show the file as it would be; change nothing')
    .option('--config <file>', 'the settings file (default: ~/.claude/settings.json)')
    .action((agent: string, o: { print?: boolean; config?: string }) => {
      checkAgent(agent);
      const change = planJsonKey(settingsPath(o), 'hooks', (current) => withMnemoHooks(current, undefined));
      const backup = o.print ? null : applyConfigChange(change).backup;
      ctx.print({ path: change.path, changed: change.changed, written: !o.print && change.changed, backup }, () => {
        process.stdout.write(o.print ? `# ${change.path}\n${change.after}` : change.changed ? `Claude Code: removed mnemo's hooks from ${change.path}\n` : `Claude Code: no mnemo hooks in ${change.path}; nothing changed\n`);
      });
    });

  hooks.command('run')
    .description('run the hook: event JSON on stdin, hook output on stdout (used by Claude Code)')
    .argument('<agent>', 'claude-code')
    .option('--server <url>', 'a mnemo serve to ask first', DEFAULT_SERVER)
    .action(async (agent: string, o: { server: string }) => {
      // Fail-open from here on: whatever happens, exit 0 and print nothing unless we have context.
      setTimeout(() => process.exit(0), HOOK_DEADLINE_MS).unref();
      try {
        checkAgent(agent);
        const config = ctx.config();
        const out = await claudeCodeHookOutput(await readHookInput(), { db: config.db, userId: config.userId, server: o.server, key: config.dbKey });
        if (out !== null) process.stdout.write(`${out}\n`);
      } catch {
        /* fail-open */
      }
    });

  program.command('context')
    .description("print the memories relevant to a prompt (or the session-start context), for any agent's hooks")
    .option('--prompt <text>', 'the user prompt (use - to read it from stdin)')
    .option('--session', 'the session-start context: preference-like and recent memories')
    .option('--server <url>', 'a mnemo serve to ask first (default: the file only)')
    .action(async (o: { prompt?: string; session?: boolean; server?: string }) => {
      if ((o.prompt === undefined) === (o.session !== true)) throw new MnemoError('INVALID_INPUT', 'give --prompt <text> or --session');
      const config = ctx.config();
      const options = { db: config.db, userId: config.userId, server: o.server, key: config.dbKey };
      const prompt = o.prompt === '-' ? await readHookInput() : o.prompt;
      const result = prompt !== undefined ? await contextForPrompt(options, prompt) : await contextForSession(options);
      ctx.print(result ?? { text: '', source: null }, () => { if (result) process.stdout.write(`${result.text}\n`); });
    });
}
