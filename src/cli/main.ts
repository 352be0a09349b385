#!/usr/bin/env node
/**
 * The `mnemo` command: the CLI's composition root. Parses global flags, registers the
 * commands, runs one, and maps errors to exit codes (see exit-codes.ts) with a one-line
 * message on stderr.
 */
import { Command, CommanderError } from 'commander';
import { isMnemoError } from '../core/errors.js';
import { registerEncryptionCommands } from './commands/encryption.js';
import { registerGraphCommands } from './commands/graph.js';
import { registerHooksCommands } from './commands/hooks.js';
import { registerInstallCommands } from './commands/install.js';
import { registerKeysCommand } from './commands/keys.js';
import { registerMaintenanceCommands } from './commands/maintenance.js';
import { registerMcpCommand } from './commands/mcp.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerReadCommands } from './commands/memory-read.js';
import { registerWriteCommands } from './commands/memory-write.js';
import { registerServeCommand } from './commands/serve.js';
import { registerTransferCommands } from './commands/transfer.js';
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
registerWriteCommands(program, ctx);
registerReadCommands(program, ctx);
registerMaintenanceCommands(program, ctx);
registerMcpCommand(program, ctx);
registerServeCommand(program, ctx);
registerKeysCommand(program, ctx);
registerGraphCommands(program, ctx);
registerTransferCommands(program, ctx);
registerInstallCommands(program, ctx);
registerHooksCommands(program, ctx);
registerMigrateCommand(program, ctx);
registerEncryptionCommands(program, ctx);

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
