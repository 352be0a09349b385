/**
 * CLI commands that read memories: `search`, `list`, `get`, `history`.
 */
import type { Command } from 'commander';
import type { MemoryState } from '../../core/memory.js';
import type { CliContext } from '../context.js';
import { parsePositiveInt } from '../parse.js';
import { printMemory, printMemoryTable } from '../render.js';

/** Registers `search`, `list`, `get` and `history`. */
export function registerReadCommands(program: Command, ctx: CliContext): void {
  program.command('search')
    .description('find the memories most relevant to a query')
    .argument('<query...>', 'what to look for')
    .option('--limit <n>', 'how many results', '10')
    .option('--mode <mode>', 'hybrid, keyword or vector', 'hybrid')
    .option('--threshold <p>', 'least score (0-1, a calibrated probability; 0.1 keeps likely-relevant memories)')
    .option('--agent <id>', 'only this agent')
    .option('--run <id>', 'only this run')
    .action(async (parts: string[], o: { limit: string; mode: string; threshold?: string; agent?: string; run?: string }) => {
      const res = await ctx.memory().search(parts.join(' '), {
        userId: ctx.config().userId, limit: parsePositiveInt(o.limit, '--limit'),
        // A blank or non-numeric value becomes NaN, which the engine refuses with a message naming threshold.
        ...(o.threshold === undefined ? {} : { threshold: o.threshold.trim() === '' ? Number.NaN : Number(o.threshold) }),
        mode: o.mode as 'hybrid', ...(o.agent ? { agentId: o.agent } : {}), ...(o.run ? { runId: o.run } : {}),
      });
      ctx.print(res, () => {
        printMemoryTable(res.results);
        if (res.notice) process.stderr.write(`notice: ${res.notice}\n`);
      });
    });

  program.command('list')
    .description('list memories, newest first')
    .option('--limit <n>', 'page size', '20')
    .option('--offset <n>', 'skip this many', '0')
    .option('--state <state...>', 'states to include (active, paused, archived)')
    .option('--agent <id>', 'only this agent')
    .option('--run <id>', 'only this run')
    .action(async (o: { limit: string; offset: string; state?: string[]; agent?: string; run?: string }) => {
      const page = await ctx.memory().getAll({
        userId: ctx.config().userId, limit: parsePositiveInt(o.limit, '--limit'), offset: parsePositiveInt(o.offset, '--offset', 0),
        ...(o.state ? { states: o.state as Array<Exclude<MemoryState, 'deleted'>> } : {}),
        ...(o.agent ? { agentId: o.agent } : {}), ...(o.run ? { runId: o.run } : {}),
      });
      ctx.print(page, () => {
        printMemoryTable(page.results);
        process.stdout.write(`${page.offset + 1}-${page.offset + page.results.length} of ${page.total}\n`);
      });
    });

  program.command('get')
    .description('show one memory')
    .argument('<id>', 'memory id')
    .action(async (id: string) => {
      const m = await ctx.memory().get(id, { userId: ctx.config().userId });
      ctx.print(m, () => printMemory(m));
    });

  program.command('history')
    .description("show a memory's changes (ADD, UPDATE, DELETE)")
    .argument('<id>', 'memory id')
    .action(async (id: string) => {
      const rows = await ctx.memory().history(id, { userId: ctx.config().userId });
      ctx.print(rows, () => {
        for (const h of rows) {
          process.stdout.write(`${h.createdAt} ${h.event.padEnd(6)} ${h.oldMemory ?? ''}${h.oldMemory && h.newMemory ? ' -> ' : ''}${h.newMemory ?? ''}\n`);
        }
      });
    });
}
