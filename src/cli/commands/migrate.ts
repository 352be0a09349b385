/**
 * `mnemo migrate --from <file or url> --to <url or file>`: copies a whole database between
 * SQLite and PostgreSQL (either way; see storage/copy/table-copy.ts), idempotently, and
 * prints per-table counts (rows read, rows inserted). URLs are printed without their
 * password. Vectors are re-used when the target's vector space matches the source's;
 * otherwise the command says to run `mnemo reindex` against the target.
 */
import type { Command } from 'commander';
import { redactUrl } from '../../config/database-url.js';
import { copyDatabase } from '../../storage/copy/table-copy.js';
import type { CliContext } from '../context.js';

/** Registers `migrate`. */
export function registerMigrateCommand(program: Command, ctx: CliContext): void {
  program.command('migrate')
    .description('copy every memory, history, app, rule, key and graph row between SQLite and PostgreSQL (idempotent)')
    .requiredOption('--from <location>', 'source: SQLite file or postgres:// URL')
    .requiredOption('--to <location>', 'target: postgres:// URL or SQLite file (created if absent)')
    .action(async (o: { from: string; to: string }) => {
      if (!ctx.json()) process.stderr.write(`mnemo migrate: ${redactUrl(o.from)} -> ${redactUrl(o.to)}\n`);
      const report = await copyDatabase(o.from, o.to, (t) => {
        if (!ctx.json()) process.stderr.write(`  ${t.table.padEnd(24)} read ${String(t.read).padStart(8)}  inserted ${String(t.inserted).padStart(8)}\n`);
      });
      const inserted = report.tables.reduce((n, t) => n + t.inserted, 0);
      ctx.print({ from: redactUrl(o.from), to: redactUrl(o.to), ...report }, () => {
        process.stdout.write(`migrated: ${inserted} rows inserted (${report.tables.find((t) => t.table === 'memories')?.inserted ?? 0} memories); already present rows were skipped\n`);
        if (report.vectors.reason === null) process.stdout.write(`vectors: ${report.vectors.copied} re-used (same vector space)\n`);
        else process.stdout.write(`vectors not copied (${report.vectors.reason}): run \`mnemo --db ${redactUrl(o.to)} reindex\` to embed the target's memories\n`);
      });
    });
}
