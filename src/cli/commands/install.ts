/**
 * `mnemo install <client>` and `mnemo uninstall <client>`: add or remove the `mnemo`
 * entry in an MCP client's own config file (see src/install/clients.ts for the clients,
 * files and entry shapes). By default the client starts `npx -y mnemo-memory mcp`, with
 * `--db` / `--user` when those global flags are given; `--binary` uses this installed
 * mnemo instead; `--url` points the client at a running `mnemo serve`. Every other entry
 * and the file's formatting stay; the original is copied to `<file>.mnemo-backup`; a
 * second run changes nothing; `--print` shows the result and writes nothing.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { MnemoError } from '../../core/errors.js';
import { findClient, MCP_CLIENTS, type McpClient, httpSpec, snippet, stdioSpec } from '../../install/clients.js';
import { applyConfigChange, planConfigChange } from '../../install/config-file.js';
import { platformDirs } from '../../install/platform-dirs.js';
import type { CliContext, GlobalFlags } from '../context.js';

interface InstallFlags { print?: boolean; config?: string; url?: string; binary?: boolean }

function client(id: string): McpClient {
  const found = findClient(id);
  if (!found) throw new MnemoError('INVALID_INPUT', `unknown client "${id}"; one of: ${MCP_CLIENTS.map((c) => c.id).join(', ')}`);
  return found;
}

/** Registers `install` and `uninstall`. */
export function registerInstallCommands(program: Command, ctx: CliContext): void {
  const ids = MCP_CLIENTS.map((c) => c.id).join(', ');
  const configPath = (c: McpClient, o: InstallFlags) => (o.config ? resolve(o.config) : c.path(platformDirs(process.env)));

  program.command('install')
    .description(`add mnemo to an MCP client's config (${ids})`)
    .argument('<client>', 'the client')
    .option('--print', 'show the file as it would be; change nothing')
    .option('--config <file>', "the client's config file (default: its usual place on this OS)")
    .option('--url <url>', 'connect to this running mnemo serve over HTTP instead of starting mnemo')
    .option('--binary', 'start this installed mnemo (node + its path) instead of npx -y mnemo-memory')
    .action((id: string, o: InstallFlags) => {
      const c = client(id);
      const flags = program.opts<GlobalFlags>();
      const spec = o.url
        ? httpSpec(o.url, c.id, flags.user ?? ctx.config().userId)
        : stdioSpec({
          db: flags.db ? resolve(flags.db) : undefined, user: flags.user,
          binary: o.binary ? [process.execPath, fileURLToPath(new URL('../main.js', import.meta.url))] : undefined,
        });
      const entry = c.entry(spec);
      const change = planConfigChange(c, configPath(c, o), entry);
      const backup = o.print ? null : applyConfigChange(change).backup;
      ctx.print({ client: c.id, path: change.path, changed: change.changed, written: !o.print && change.changed, backup, entry, ...(o.print ? { text: change.after } : {}) }, () => {
        if (o.print) {
          process.stdout.write(`# ${change.path}${change.changed ? ' (as it would be; nothing written)' : ' (already up to date)'}\n${change.after}${change.after.endsWith('\n') ? '' : '\n'}`);
          return;
        }
        process.stdout.write(change.changed
          ? `${c.label}: added mnemo to ${change.path}${backup ? ` (backup: ${backup})` : ''}; restart ${c.label} to load it\n`
          : `${c.label}: ${change.path} already has this mnemo entry; nothing changed\n`);
        process.stdout.write(`${snippet(c, spec)}\n`);
      });
    });

  program.command('uninstall')
    .description(`remove mnemo from an MCP client's config (${ids})`)
    .argument('<client>', 'the client')
    .option('--print', 'show the file as it would be; change nothing')
    .option('--config <file>', "the client's config file (default: its usual place on this OS)")
    .action((id: string, o: InstallFlags) => {
      const c = client(id);
      const change = planConfigChange(c, configPath(c, o), undefined);
      const backup = o.print ? null : applyConfigChange(change).backup;
      ctx.print({ client: c.id, path: change.path, changed: change.changed, written: !o.print && change.changed, backup, ...(o.print ? { text: change.after } : {}) }, () => {
        if (o.print) process.stdout.write(`# ${change.path}\n${change.after}`);
        else process.stdout.write(change.changed ? `${c.label}: removed mnemo from ${change.path}${backup ? ` (backup: ${backup})` : ''}\n` : `${c.label}: no mnemo entry in ${change.path}; nothing changed\n`);
      });
    });
}
