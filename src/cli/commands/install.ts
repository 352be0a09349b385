/**
 * `mnemo install <client>` and `mnemo uninstall <client>`: add or remove the `mnemo`
 * entry in an MCP client's own config file (see src/install/clients.ts for the clients,
 * files and entry shapes). By default the client starts `npx -y mnemo-memory mcp`, with
 * `--db` / `--user` when those global flags are given; `--binary` uses this installed
 * mnemo instead; `--url` points the client at a running `mnemo serve`. Every other entry
 * and the file's formatting stay; the original is copied to `<file>.mnemo-backup`; a
 * second run changes nothing; `--print` shows the result and writes nothing.
 *
 * A server started with `--auth` needs a key: `--api-key-file <file>` (chmod 600; or the
 * `MNEMO_API_KEY` variable) writes it into the entry in the client's documented form, in
 * plain text, as every one of these clients stores headers; the file keeps its mode, a new
 * file is created 0600, and a file others can read gets a warning. `--api-key-env NAME`
 * writes a reference to a variable instead (for clients that resolve one), so the key
 * stays out of the file but the client must be started with NAME set. Printed output
 * (`--print`, `--json`, the summary) shows the key redacted; only the file gets it.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { MnemoError } from '../../core/errors.js';
import { resolveApiKey } from '../../config/api-key.js';
import { ENV_NAME, findClient, type HttpAuth, httpSpec, MCP_CLIENTS, type McpClient, redactToken, type ServerSpec, snippet, stdioSpec, supportsEnvKey } from '../../install/clients.js';
import { applyConfigChange, planConfigChange } from '../../install/config-file.js';
import { platformDirs } from '../../install/platform-dirs.js';
import type { CliContext, GlobalFlags } from '../context.js';

interface InstallFlags { print?: boolean; config?: string; url?: string; binary?: boolean; apiKeyFile?: string; apiKeyEnv?: string }

function client(id: string): McpClient {
  const found = findClient(id);
  if (!found) throw new MnemoError('INVALID_INPUT', `unknown client "${id}"; one of: ${MCP_CLIENTS.map((c) => c.id).join(', ')}`);
  return found;
}

/**
 * The key of an HTTP entry from the flags and the environment, or undefined (none given).
 * @throws MnemoError INVALID_INPUT for a key flag without `--url`, both key flags, a bad
 *   variable name, `--api-key-env` on a client without env references, or a refused key file.
 */
function authFor(c: McpClient, o: InstallFlags, env: Record<string, string | undefined>): { auth: HttpAuth; source: string } | undefined {
  if (o.apiKeyFile !== undefined && o.apiKeyEnv !== undefined) {
    throw new MnemoError('INVALID_INPUT', '--api-key-file and --api-key-env exclude each other: write the key into the config (file) or a reference to a variable (env)');
  }
  if (o.url === undefined) {
    if (o.apiKeyFile !== undefined || o.apiKeyEnv !== undefined) {
      throw new MnemoError('INVALID_INPUT', `${o.apiKeyFile !== undefined ? '--api-key-file' : '--api-key-env'} needs --url <a running mnemo serve>: an API key is for the HTTP server; a stdio entry starts mnemo itself and needs none`);
    }
    return undefined;
  }
  if (o.apiKeyEnv !== undefined) {
    if (!ENV_NAME.test(o.apiKeyEnv)) throw new MnemoError('INVALID_INPUT', `--api-key-env "${o.apiKeyEnv}" is not a variable name (letters, digits and _, not starting with a digit)`);
    if (!supportsEnvKey(c)) {
      throw new MnemoError('INVALID_INPUT', `${c.label} has no documented way to read a header from an environment variable; use --api-key-file <file> (the key is then written into its config)`);
    }
    return { auth: { kind: 'env', name: o.apiKeyEnv }, source: `the variable ${o.apiKeyEnv}` };
  }
  const key = resolveApiKey({ file: o.apiKeyFile === undefined ? undefined : resolve(o.apiKeyFile), env });
  return key ? { auth: { kind: 'key', token: key.token }, source: key.source } : undefined;
}

/** `spec` with its key replaced by {@link redactToken}'s form, and a function redacting the key in any text. */
function redacted(spec: ServerSpec): { spec: ServerSpec; text: (s: string) => string } {
  if (spec.kind !== 'http' || spec.auth?.kind !== 'key') return { spec, text: (s) => s };
  const { token } = spec.auth;
  const shown = redactToken(token);
  return { spec: { ...spec, auth: { kind: 'key', token: shown } }, text: (s) => s.split(token).join(shown) };
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
    .option('--api-key-file <file>', 'with --url: an API key (mnemo keys create) in a file readable only by you (chmod 600), written into the entry; env MNEMO_API_KEY otherwise')
    .option('--api-key-env <name>', 'with --url: write a reference to this environment variable instead of the key (the client must be started with it set)')
    .action((id: string, o: InstallFlags) => {
      const c = client(id);
      const flags = program.opts<GlobalFlags>();
      const key = authFor(c, o, process.env);
      const spec = o.url
        ? httpSpec(o.url, c.id, flags.user ?? ctx.config().userId, key?.auth)
        : stdioSpec({
          db: flags.db ? resolve(flags.db) : undefined, user: flags.user,
          binary: o.binary ? [process.execPath, fileURLToPath(new URL('../main.js', import.meta.url))] : undefined,
        });
      const change = planConfigChange(c, configPath(c, o), c.entry(spec));
      const secret = key?.auth.kind === 'key';
      const written = o.print ? { backup: null, mode: null } : applyConfigChange(change, { secret });
      const shown = redacted(spec);
      const text = shown.text(change.after);
      ctx.print({ client: c.id, path: change.path, changed: change.changed, written: !o.print && change.changed, backup: written.backup, entry: c.entry(shown.spec), ...(key ? { apiKey: { from: key.source, written: key.auth.kind === 'key' ? 'in plain text' : 'as a reference' } } : {}), ...(o.print ? { text } : {}) }, () => {
        if (o.print) {
          process.stdout.write(`# ${change.path}${change.changed ? ' (as it would be; nothing written)' : ' (already up to date)'}${secret ? '; the API key is redacted here, not in the file' : ''}\n${text}${text.endsWith('\n') ? '' : '\n'}`);
          return;
        }
        process.stdout.write(change.changed
          ? `${c.label}: added mnemo to ${change.path}${written.backup ? ` (backup: ${written.backup})` : ''}; restart ${c.label} to load it\n`
          : `${c.label}: ${change.path} already has this mnemo entry; nothing changed\n`);
        process.stdout.write(`${snippet(c, shown.spec)}\n`);
      });
      if (o.url && !key && !o.print) process.stderr.write(`note: no API key written; if the server runs with --auth, run again with --api-key-file <file> (a key from mnemo keys create)\n`);
      if (key?.auth.kind === 'env') process.stderr.write(`note: ${c.label} reads the key from ${key.auth.name} when it connects; start it with ${key.auth.name} set to the key\n`);
      if (secret && key && !o.print) process.stderr.write(`note: the API key from ${key.source} is stored in plain text in ${change.path}\n`);
      if (secret && written.mode !== null && process.platform !== 'win32' && (written.mode & 0o077) !== 0) {
        process.stderr.write(`warning: ${change.path} holds the API key and other users can read it (mode ${written.mode.toString(8)}): run chmod 600 ${change.path}\n`);
      }
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
