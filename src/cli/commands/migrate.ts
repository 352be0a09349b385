/**
 * `mnemo migrate --from <file or url> --to <url or file>`: copies a whole database between
 * SQLite and PostgreSQL (either way; see storage/copy/table-copy.ts), idempotently, and
 * prints per-table counts (rows read, rows inserted). URLs are printed without their
 * password. Vectors are re-used when the target's vector space matches the source's;
 * otherwise the command says to run `mnemo reindex` against the target.
 *
 * Encrypted SQLite files: `--from-key-file` / `--to-key-file` (a new target file given a key
 * is created encrypted); without them the configured key (`MNEMO_DB_KEY`,
 * `--db-key-file`) opens an end that is an existing encrypted SQLite file.
 */
import type { Command } from 'commander';
import { isPostgresUrl, redactUrl } from '../../config/database-url.js';
import { type DbKey, readKeyFile } from '../../config/db-key.js';
import { fileKind } from '../../storage/sqlite/sqlite-cipher.js';
import { copyDatabase } from '../../storage/copy/table-copy.js';
import type { CliContext } from '../context.js';

/** Registers `migrate`. */
export function registerMigrateCommand(program: Command, ctx: CliContext): void {
  program.command('migrate')
    .description('copy every memory, history, app, rule, key and graph row between SQLite and PostgreSQL (idempotent)')
    .requiredOption('--from <location>', 'source: SQLite file or postgres:// URL')
    .requiredOption('--to <location>', 'target: postgres:// URL or SQLite file (created if absent)')
    .option('--from-key-file <file>', 'key of an encrypted source SQLite file (chmod 600)')
    .option('--to-key-file <file>', 'key of an encrypted target SQLite file; a new target file is created encrypted with it')
    .action(async (o: { from: string; to: string; fromKeyFile?: string; toKeyFile?: string }) => {
      const configured = (location: string): DbKey | undefined =>
        !isPostgresUrl(location) && fileKind(location) === 'encrypted' ? ctx.config().dbKey : undefined;
      const keys = {
        from: o.fromKeyFile !== undefined ? readKeyFile(o.fromKeyFile) : configured(o.from),
        to: o.toKeyFile !== undefined ? readKeyFile(o.toKeyFile) : configured(o.to),
      };
      if (!ctx.json()) process.stderr.write(`mnemo migrate: ${redactUrl(o.from)} -> ${redactUrl(o.to)}\n`);
      const report = await copyDatabase(o.from, o.to, (t) => {
        if (!ctx.json()) process.stderr.write(`  ${t.table.padEnd(24)} read ${String(t.read).padStart(8)}  inserted ${String(t.inserted).padStart(8)}\n`);
      }, keys);
      const inserted = report.tables.reduce((n, t) => n + t.inserted, 0);
      ctx.print({ from: redactUrl(o.from), to: redactUrl(o.to), ...report }, () => {
        process.stdout.write(`migrated: ${inserted} rows inserted (${report.tables.find((t) => t.table === 'memories')?.inserted ?? 0} memories); already present rows were skipped\n`);
        if (report.vectors.reason === null) process.stdout.write(`vectors: ${report.vectors.copied} re-used (same vector space)\n`);
        else process.stdout.write(`vectors not copied (${report.vectors.reason}): run \`mnemo --db ${redactUrl(o.to)} reindex\` to embed the target's memories\n`);
      });
    });
}
