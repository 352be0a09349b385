/**
 * CLI commands of the knowledge graph and reflection, all for `--user`:
 * - `mnemo entities [list] [--type] [--query]`, `mnemo entities add <name> --type <t> [--alias ...]`
 * - `mnemo facts [list] <entity> [--as-of T] [--all]`, `mnemo facts add <entity> <text> [--predicate --value --valid-at --confidence]`,
 *   `mnemo facts supersede <id> [--by <id>] [--invalid-at T]`
 * - `mnemo contradictions [list] [--entity]`, `mnemo contradictions resolve <id> <supersede|dismiss|delete> [--target older|newer]`
 * - `mnemo reflect [--lookback-days n] [--stale-days n]`
 * Errors exit with the code of their MnemoError (cli/exit-codes.ts).
 */
import type { Command } from 'commander';
import { toIso } from '../../core/clock.js';
import { MnemoError } from '../../core/errors.js';
import type { Observation } from '../../core/graph.js';
import type { CliContext } from '../context.js';

const day = (ms: number | null): string => (ms === null ? '…' : toIso(ms).slice(0, 10));
const collect = (v: string, prev: string[] = []) => [...prev, v];

function factLine(o: Observation): string {
  const pred = o.predicate ? ` [${o.predicate}${o.value && o.value !== o.content ? `=${o.value}` : ''}]` : '';
  const sup = o.supersededBy ? ` (superseded by ${o.supersededBy})` : '';
  return `${o.id}  ${day(o.validAt)} → ${day(o.invalidAt)}  ${o.content}${pred}${o.confidence < 1 ? ` (confidence ${o.confidence})` : ''}${sup}\n`;
}

/** Registers `entities`, `facts`, `contradictions`, `reflect`. */
export function registerGraphCommands(program: Command, ctx: CliContext): void {
  const user = () => ({ userId: ctx.config().userId });

  const entities = program.command('entities').description('entities of the knowledge graph');
  entities.command('list', { isDefault: true }).description('list entities')
    .option('--type <type>', 'only this type').option('--query <text>', 'name contains').option('--limit <n>', 'most rows', '100')
    .action(async (o: { type?: string; query?: string; limit: string }) => {
      const res = await ctx.memory().graph.listEntities({ ...user(), type: o.type, contains: o.query, limit: Number(o.limit) });
      ctx.print(res, () => {
        for (const e of res.rows) process.stdout.write(`${e.id}  ${e.name} (${e.type})${e.aliases.length ? ` aka ${e.aliases.join(', ')}` : ''}\n`);
        process.stdout.write(`${res.total} entities\n`);
      });
    });
  entities.command('add <name>').description('create an entity').requiredOption('--type <type>', 'its type, e.g. person')
    .option('--alias <alias>', 'another name (repeatable)', collect, [])
    .action(async (name: string, o: { type: string; alias: string[] }) => {
      const res = await ctx.memory().graph.createEntities([{ name, type: o.type, aliases: o.alias }], user());
      const e = res.created[0] ?? res.existing[0]!;
      ctx.print(e, () => process.stdout.write(`${res.created.length ? 'created' : 'exists'} ${e.id} ${e.name} (${e.type})\n`));
    });

  const facts = program.command('facts').description('facts (observations) of an entity, with their validity intervals');
  facts.command('list <entity>', { isDefault: true }).description("an entity's facts valid now, at --as-of, or all with --all")
    .option('--as-of <time>', 'valid at this time (ISO-8601)').option('--all', 'every fact ever, with intervals')
    .action(async (name: string, o: { asOf?: string; all?: boolean }) => {
      const g = ctx.memory().graph;
      const view = await g.open([name], { ...user(), ...(o.asOf ? { asOf: o.asOf } : {}) });
      const e = view.entities[0];
      if (!e) throw new MnemoError('NOT_FOUND', `entity "${name}" not found`);
      const list = o.all ? (await g.entity(e.id, user())).observations : e.observations;
      ctx.print(list, () => { for (const f of list) process.stdout.write(factLine(f)); });
    });
  facts.command('add <entity> <text>').description('add a fact')
    .option('--predicate <p>', 'structured fact: closes the open fact of the same predicate').option('--value <v>', 'the predicate\'s value')
    .option('--valid-at <time>', 'when it became true (ISO-8601)').option('--confidence <c>', '0..1')
    .action(async (name: string, text: string, o: { predicate?: string; value?: string; validAt?: string; confidence?: string }) => {
      const res = await ctx.memory().graph.addObservations([{
        entityName: name, content: text, ...(o.predicate ? { predicate: o.predicate } : {}), ...(o.value ? { value: o.value } : {}),
        ...(o.validAt ? { validAt: o.validAt } : {}), ...(o.confidence ? { confidence: Number(o.confidence) } : {}),
      }], user());
      ctx.print(res, () => {
        for (const f of res.added) process.stdout.write(`added ${factLine(f)}`);
        for (const s of res.skipped) process.stdout.write(`skipped (duplicate of ${s.duplicateOf})\n`);
        for (const id of res.closed) process.stdout.write(`closed ${id}\n`);
      });
    });
  facts.command('supersede <id>').description('mark a fact as no longer true (kept for history)')
    .option('--by <id>', 'the fact that replaces it').option('--invalid-at <time>', 'when it stopped being true')
    .action(async (id: string, o: { by?: string; invalidAt?: string }) => {
      const f = await ctx.memory().graph.supersedeObservation(id, { ...user(), ...(o.by ? { by: o.by } : {}), ...(o.invalidAt ? { invalidAt: o.invalidAt } : {}) });
      ctx.print(f, () => process.stdout.write(factLine(f)));
    });

  const contradictions = program.command('contradictions').description('possible contradictions among facts and memories');
  contradictions.command('list', { isDefault: true }).description('list candidates with reasons')
    .option('--entity <name>', 'only facts of this entity').option('--limit <n>', 'most rows', '50')
    .action(async (o: { entity?: string; limit: string }) => {
      const found = await ctx.memory().graph.findContradictions({ ...user(), ...(o.entity ? { entity: o.entity } : {}), limit: Number(o.limit) });
      ctx.print(found, () => {
        for (const c of found) process.stdout.write(`${c.id}\n  ${c.reasons.join(', ')}: "${c.older.text}" (${day(c.older.at)}) vs "${c.newer.text}" (${day(c.newer.at)})\n`);
        process.stdout.write(`${found.length} candidates\n`);
      });
    });
  contradictions.command('resolve <id> <action>').description('supersede | dismiss | delete')
    .option('--target <side>', 'older or newer (delete)', 'older')
    .action(async (id: string, action: string, o: { target: string }) => {
      const res = await ctx.memory().graph.resolveContradiction(id, action as 'supersede', { ...user(), target: o.target as 'older' });
      ctx.print(res, () => process.stdout.write(`${res.action}: ${res.changed.join(', ') || 'remembered as compatible'}\n`));
    });

  program.command('reflect').description('most/never recalled memories, hot entities, contradictions, superseded facts')
    .option('--lookback-days <n>', 'window of "recent"', '7').option('--stale-days <n>', 'never recalled for this long', '30')
    .action(async (o: { lookbackDays: string; staleDays: string }) => {
      const r = await ctx.memory().insights.reflect({ ...user(), lookbackDays: Number(o.lookbackDays), staleDays: Number(o.staleDays) });
      ctx.print(r, () => process.stdout.write(`${r.summary}\n`));
    });
}
