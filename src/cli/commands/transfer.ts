/**
 * `mnemo import <file>` (any supported format, detected; `--dry-run` writes nothing) and
 * `mnemo export [file]` (mnemo's v2 envelope, `--jsonl` for JSON Lines; stdout without a
 * file). See src/transfer/ for the formats.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { once } from 'node:events';
import type { Command } from 'commander';
import { MnemoError } from '../../core/errors.js';
import { IMPORT_FORMAT_IDS } from '../../transfer/formats/index.js';
import { importFile } from '../../transfer/import-file.js';
import { writeEnvelope } from '../../transfer/mnemo-envelope.js';
import type { CliContext } from '../context.js';
import { progressBar, wantsProgress } from '../progress.js';

/** Reasons printed per kind before "... and N more" (all are in `--json`). */
const SHOWN_REASONS = 20;

/** Registers `import` and `export`. */
export function registerTransferCommands(program: Command, ctx: CliContext): void {
  program.command('import')
    .description(`import memories from a file: mnemo's export, mem0 OpenMemory zip, mem0 get_all JSON, local-memory-mcp, MCP memory server JSONL, OMEGA`)
    .argument('<file>', 'the file to import')
    .option('--format <id>', `auto or one of: ${IMPORT_FORMAT_IDS.join(', ')}`, 'auto')
    .option('--dry-run', 'report what would be imported; change nothing')
    .option('--progress', 'show a progress bar on stderr even off a terminal (default: on a terminal without --json)')
    .option('--no-progress', 'never show a progress bar')
    .action(async (path: string, o: { format: string; dryRun?: boolean; progress?: boolean }) => {
      let bytes: Buffer;
      try { bytes = readFileSync(path); } catch (error) {
        throw new MnemoError('INVALID_INPUT', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      const bar = progressBar('import', 'memories', wantsProgress(o.progress, ctx.json()));
      const report = await importFile(ctx.memory('mnemo-import'), { bytes, name: basename(path) }, {
        userId: ctx.config().userId, format: o.format, dryRun: o.dryRun === true, onProgress: (done, total) => bar.update(done, total),
      }).finally(() => bar.stop());
      ctx.print(report, () => {
        const verb = report.dryRun ? 'would import' : 'imported';
        process.stdout.write(`${report.format}: ${verb} ${report.imported}, skipped ${report.skipped}, failed ${report.failed}` +
          (report.graph ? `; knowledge graph: ${report.graph.entities} new entities, ${report.graph.observations} observations, ${report.graph.relations} relations`
            : report.parsedGraph.entities.length + report.parsedGraph.relations.length > 0 ? `; knowledge graph in the file: ${report.parsedGraph.entities.length} entities, ${report.parsedGraph.relations.length} relations` : '') + '\n');
        for (const kind of ['failed', 'skipped'] as const) {
          const list = report.reasons[kind];
          for (const r of list.slice(0, SHOWN_REASONS)) process.stdout.write(`  ${kind} ${r.ref}: ${r.reason}\n`);
          if (list.length > SHOWN_REASONS) process.stdout.write(`  ... and ${list.length - SHOWN_REASONS} more ${kind} (see --json)\n`);
        }
        if (report.notice) process.stderr.write(`notice: ${report.notice}\n`);
      });
    });

  program.command('export')
    .description("export this user's memories with their history (mnemo export envelope v2, times in ms)")
    .argument('[file]', 'where to write it (default: standard output)')
    .option('--jsonl', 'JSON Lines: a header line, then one memory per line (for large stores)')
    .option('--progress', 'show a progress bar on stderr even off a terminal (default: on a terminal when writing to a file)')
    .option('--no-progress', 'never show a progress bar')
    .action(async (path: string | undefined, o: { jsonl?: boolean; progress?: boolean }) => {
      const userId = ctx.config().userId;
      // Exports are plaintext JSON by design (portable, greppable); say so when the database is encrypted.
      if (ctx.config().dbKey !== undefined) process.stderr.write('mnemo export: note: the database is encrypted but the export is plaintext JSON; keep the file somewhere safe or encrypt it yourself (e.g. age, gpg)\n');
      const out = path === undefined ? process.stdout : createWriteStream(path);
      // Writing to stdout: a bar would share the terminal with the export, so only when forced.
      const show = o.progress ?? (path !== undefined && wantsProgress(undefined, ctx.json()));
      const stats = show ? await ctx.memory().userStats({ userId }) : null;
      const total = stats === null ? 0 : Object.entries(stats.byState).reduce((sum, [state, n]) => (state === 'deleted' ? sum : sum + n), 0);
      const bar = progressBar('export', 'memories', show);
      let count = 0;
      async function* counted() {
        for await (const m of ctx.memory().exportWithHistory({ userId })) {
          count += 1;
          // Every 50th memory, and the last: drawing is throttled anyway.
          if (count % 50 === 0 || count === total) bar.update(count, Math.max(total, count));
          yield m;
        }
        bar.update(count, Math.max(total, count));
        bar.stop();
      }
      for await (const chunk of writeEnvelope(counted(), userId, Date.now(), { jsonl: o.jsonl === true })) {
        if (!out.write(chunk)) await once(out, 'drain');
      }
      if (path !== undefined) {
        out.end();
        await once(out, 'finish');
        process.stderr.write(`exported ${count} memories to ${path}\n`);
      }
    });
}
