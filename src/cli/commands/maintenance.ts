/**
 * CLI commands about the store itself: `reindex` (re-embed with the configured
 * embedder, with a progress bar on stderr) and `stats`.
 */
import { redactUrl } from '../../config/database-url.js';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { progressBar, wantsProgress } from '../progress.js';

/** Registers `reindex` and `stats`. */
export function registerMaintenanceCommands(program: Command, ctx: CliContext): void {
  program.command('reindex')
    .description('re-embed every memory with the configured embedder (after changing it)')
    .option('--progress', 'show a progress bar on stderr even off a terminal (default: on a terminal without --json)')
    .option('--no-progress', 'never show a progress bar')
    .action(async (o: { progress?: boolean }) => {
      const bar = progressBar('reindex', 'memories', wantsProgress(o.progress, ctx.json()));
      const result = await ctx.memory().reindex({ onProgress: (done, total) => bar.update(done, total) }).finally(() => bar.stop());
      ctx.print(result, () => process.stdout.write(`re-embedded ${result.reindexed} memories in ${(result.ms / 1000).toFixed(1)} s\n`));
    });

  program.command('stats')
    .description('counts, index state and database size')
    .option('--all-users', 'count every user, not only --user')
    .action(async (o: { allUsers?: boolean }) => {
      const s = await ctx.memory().stats(o.allUsers ? {} : { userId: ctx.config().userId });
      // Counts of one user say "users 1" whatever the database holds: report both (issue 13).
      const usersInDatabase = o.allUsers ? s.users : (await ctx.memory().stats({})).users;
      const scope = o.allUsers ? 'all users' : ctx.config().userId;
      ctx.print({ db: redactUrl(ctx.config().db), scope, ...s, usersInDatabase }, () => {
        const lines = [
          ['database', redactUrl(ctx.config().db)], ['schema version', String(s.schemaVersion)],
          ['memories', `${s.memories} (${Object.entries(s.byState).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'})`],
          ['counts of', o.allUsers ? 'all users' : `user ${ctx.config().userId} (--all-users counts every user)`],
          ['users', `${usersInDatabase} in the database`], ['apps', String(s.apps)], ['embedder', s.embedder ?? 'none (keyword only)'],
          ['vector space', s.vectorSpace ? `${s.vectorSpace.embedderId} (${s.vectorSpace.dimensions} dimensions)` : 'none yet'],
          ['vectors', `${s.vectors} (${s.missingVectors} memories without one)`], ['bytes on disk', String(s.bytes)],
        ];
        for (const [k, v] of lines) process.stdout.write(`${k!.padEnd(15)} ${v}\n`);
        if (s.vectorNotice) process.stderr.write(`notice: ${s.vectorNotice}\n`);
      });
    });
}
