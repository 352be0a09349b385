/**
 * The `mnemo` command's program: the CLI's composition root. Parses global flags,
 * registers the commands, runs one, and maps errors to exit codes (see exit-codes.ts)
 * with a one-line message on stderr. Importing this module runs the CLI on
 * `process.argv`; the `mnemo` binary (main.ts) imports it, or for `mnemo mcp` its
 * single-file bundle (scripts/bundle-cli.mjs, issue 15: faster cold start).
 */
import { Command, CommanderError } from 'commander';
import { isMnemoError } from '../core/errors.js';
import { registerMcpCommand } from './commands/mcp.js';
import { commandName } from './command-name.js';
import { createCliContext } from './context.js';
import { EXIT_CODES, USAGE_EXIT_CODE } from './exit-codes.js';
import { promptKeyIfNeeded } from './key-prompt.js';

const program = new Command('mnemo')
  .description('local-first memory for AI agents: remember and recall text on your own machine')
  .version('0.1.0')
  .option('--db <path>', 'database file or postgres:// URL (env MNEMO_DB; default in the OS data folder)')
  .option('--database-url <url>', 'PostgreSQL database, postgres://user:password@host/db (env MNEMO_DATABASE_URL)')
  .option('--user <id>', 'user id (env MNEMO_USER_ID; default: your OS user name)')
  .option('--db-key-file <file>', 'key of an encrypted database, in a file readable only by you (chmod 600; env MNEMO_DB_KEY_FILE, or the key itself in MNEMO_DB_KEY)')
  .option('--json', 'print JSON instead of tables')
  .option('--embeddings <provider>', 'local, transformers, openai, ollama, gemini or none (env MNEMO_EMBEDDINGS)')
  .option('--model <name>', 'embedding model (env MNEMO_EMBEDDINGS_MODEL)')
  .option('--base-url <url>', 'embedding API base URL (env MNEMO_EMBEDDINGS_BASE_URL)')
  .exitOverride()
  .showHelpAfterError();

const ctx = createCliContext(program);
// An encrypted database without a configured key: ask on a terminal (key-prompt.ts).
program.hook('preAction', async (_program, action) => { await promptKeyIfNeeded(ctx, action.name()); });
if (commandName(process.argv.slice(2)) === 'mcp') {
  // `mnemo mcp` is spawned by an MCP client that waits for `initialize`: load only its
  // command, not the HTTP server, hooks, import/export and the rest (issue 15: about a
  // third of the modules' load time; measured with `npm run bench -- mcp-startup`).
  registerMcpCommand(program, ctx);
} else {
  const [write, read, maintenance, serve, keys, graph, transfer, install, hooks, migrate, encryption] = await Promise.all([
    import('./commands/memory-write.js'), import('./commands/memory-read.js'), import('./commands/maintenance.js'),
    import('./commands/serve.js'), import('./commands/keys.js'), import('./commands/graph.js'), import('./commands/transfer.js'),
    import('./commands/install.js'), import('./commands/hooks.js'), import('./commands/migrate.js'), import('./commands/encryption.js'),
  ]);
  write.registerWriteCommands(program, ctx);
  read.registerReadCommands(program, ctx);
  maintenance.registerMaintenanceCommands(program, ctx);
  registerMcpCommand(program, ctx);
  serve.registerServeCommand(program, ctx);
  keys.registerKeysCommand(program, ctx);
  graph.registerGraphCommands(program, ctx);
  transfer.registerTransferCommands(program, ctx);
  install.registerInstallCommands(program, ctx);
  hooks.registerHooksCommands(program, ctx);
  migrate.registerMigrateCommand(program, ctx);
  encryption.registerEncryptionCommands(program, ctx);
}

try {
  await program.parseAsync(process.argv);
  await ctx.close();
} catch (error) {
  await ctx.close().catch(() => undefined);
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
  } else if (isMnemoError(error)) {
    // With --json, errors are JSON too (on stderr), so scripts can parse both outcomes.
    process.stderr.write(ctx.json() ? `${JSON.stringify({ error: { code: error.code, message: error.message } })}\n` : `mnemo: ${error.message}\n`);
    process.exitCode = EXIT_CODES[error.code];
  } else {
    process.stderr.write(`mnemo: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
}
