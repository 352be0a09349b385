/**
 * CLI commands that change memories: `add`, `update`, `delete`, `delete-all`.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { MnemoError } from '../../core/errors.js';
import type { CliContext } from '../context.js';
import { parseJsonObject } from '../parse.js';

/** Reads text from the argument, or standard input when it is `-`. */
function textArg(parts: string[]): string {
  const text = parts.join(' ');
  // Text piped in ends with the newline of its last line, which is not part of the memory.
  return text === '-' ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : text;
}

/** Registers `add`, `update`, `delete` and `delete-all`. */
export function registerWriteCommands(program: Command, ctx: CliContext): void {
  program.command('add')
    .description('remember text (use - to read it from stdin)')
    .argument('<text...>', 'the text to remember')
    .option('--agent <id>', 'agent id')
    .option('--run <id>', 'run / session id')
    .option('--app <name>', 'app that writes it', 'mnemo-cli')
    .option('--metadata <json>', 'metadata as a JSON object')
    .option('--category <name...>', 'categories')
    .option('--timestamp <time>', 'when it happened: ISO-8601 or Unix seconds')
    .action(async (parts: string[], o: { agent?: string; run?: string; app: string; metadata?: string; category?: string[]; timestamp?: string }) => {
      const ts = o.timestamp === undefined ? undefined : /^\d+(\.\d+)?$/.test(o.timestamp) ? Number(o.timestamp) : o.timestamp;
      const result = await ctx.memory().add(textArg(parts), {
        userId: ctx.config().userId, app: o.app,
        ...(o.agent ? { agentId: o.agent } : {}), ...(o.run ? { runId: o.run } : {}),
        ...(o.metadata ? { metadata: parseJsonObject(o.metadata, '--metadata') } : {}),
        ...(o.category ? { categories: o.category } : {}),
        ...(ts !== undefined ? { timestamp: ts } : {}),
      });
      ctx.print(result, () => {
        for (const e of result.results) process.stdout.write(`${e.event} ${e.id} ${e.memory}\n`);
        if (result.notice) process.stderr.write(`notice: ${result.notice}\n`);
      });
    });

  program.command('update')
    .description("replace a memory's text (history is kept)")
    .argument('<id>', 'memory id')
    .argument('<text...>', 'the new text')
    .action(async (id: string, parts: string[]) => {
      const m = await ctx.memory().update(id, textArg(parts), { userId: ctx.config().userId });
      ctx.print(m, () => process.stdout.write(`UPDATE ${m.id} ${m.memory}\n`));
    });

  program.command('delete')
    .description('delete memories by id')
    .argument('<ids...>', 'memory ids')
    .action(async (ids: string[]) => {
      for (const id of ids) await ctx.memory().delete(id, { userId: ctx.config().userId });
      ctx.print({ deleted: ids }, () => process.stdout.write(`deleted ${ids.length} memor${ids.length === 1 ? 'y' : 'ies'}\n`));
    });

  program.command('delete-all')
    .description("delete all of the user's memories (or one agent's / run's); needs --yes")
    .option('--agent <id>', 'only this agent')
    .option('--run <id>', 'only this run')
    .option('--yes', 'confirm')
    .action(async (o: { agent?: string; run?: string; yes?: boolean }) => {
      if (!o.yes) throw new MnemoError('INVALID_INPUT', `delete-all removes every memory of user "${ctx.config().userId}"; add --yes to confirm`);
      const result = await ctx.memory().deleteAll({
        userId: ctx.config().userId, ...(o.agent ? { agentId: o.agent } : {}), ...(o.run ? { runId: o.run } : {}),
      });
      ctx.print(result, () => process.stdout.write(`deleted ${result.deleted} memories\n`));
    });

}
