/**
 * `mnemo keys create|list|revoke`: API keys of `mnemo serve`. The token is printed once,
 * at creation (only its SHA-256 is stored); `list` never shows tokens.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

/** Registers `keys` and its subcommands. */
export function registerKeysCommand(program: Command, ctx: CliContext): void {
  const keys = program.command('keys').description('manage API keys of `mnemo serve`');

  keys.command('create')
    .description('create a key for --user (printed once; store it safely)')
    .option('--app <name>', 'bind the key to an app: requests with it act as that app')
    .option('--name <label>', 'a label to recognise the key by')
    .option('--project', 'a project key: acts for any user_id a request names (as mem0 keys do), not only --user')
    .action(async (o: { app?: string; name?: string; project?: boolean }) => {
      const { token, key } = await ctx.memory().keys.create(ctx.config().userId, { app: o.app, name: o.name, project: o.project === true });
      ctx.print({ token, ...key }, () => {
        process.stdout.write(`${token}\n`);
        const who = key.kind === 'project' ? 'project key (acts for any user_id)' : `key ${key.id} for user "${key.userId}"`;
        process.stderr.write(`${key.kind === 'project' ? `key ${key.id}: ` : ''}${who}${key.app ? `, app "${key.app}"` : ''}: shown once, store it now\n`);
      });
    });

  keys.command('list')
    .description('list keys (never their tokens)')
    .option('--all-users', 'every user, not only --user')
    .action(async (o: { allUsers?: boolean }) => {
      const rows = await ctx.memory().keys.list(o.allUsers ? undefined : ctx.config().userId);
      ctx.print(rows, () => {
        if (rows.length === 0) process.stdout.write('no keys\n');
        for (const k of rows) {
          const state = k.revokedAt ? `revoked ${k.revokedAt}` : `last used ${k.lastUsedAt ?? 'never'}`;
          process.stdout.write(`${k.id}  ${k.kind === 'project' ? 'project' : `user=${k.userId}`}  app=${k.app ?? '-'}  ${k.name ?? ''}  created ${k.createdAt}  ${state}\n`);
        }
      });
    });

  keys.command('revoke')
    .description('revoke a key by id (requests with it get 401 at once)')
    .argument('<id>', 'key id as shown by `mnemo keys list`')
    .action(async (id: string) => {
      await ctx.memory().keys.revoke(id);
      ctx.print({ revoked: id }, () => process.stdout.write(`revoked ${id}\n`));
    });
}
