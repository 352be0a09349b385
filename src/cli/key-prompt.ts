/**
 * The interactive fallback for an encrypted database's key: when a CLI command meets an
 * encrypted SQLite file, no key was configured (`MNEMO_DB_KEY`, `--db-key-file`) and both
 * standard input and standard error are terminals, it asks for the key on standard error
 * without echoing it. Never for `mcp` (its standard input is the protocol) and never when
 * not on a terminal (scripts get the documented exit code 4 instead).
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { isPostgresUrl } from '../config/database-url.js';
import { DbKey } from '../config/db-key.js';
import { fileKind } from '../storage/sqlite/sqlite-cipher.js';
import type { CliContext } from './context.js';

/** Commands that never prompt. */
const NO_PROMPT = new Set(['mcp', 'encrypt', 'install', 'uninstall', 'hooks', 'context']);

/** Reads one line from the terminal without echoing it; resolves to the line. */
function readHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

/**
 * Asks for the key when `command` is about to open an encrypted database without one
 * (see module header) and hands it to `ctx`.
 * @throws MnemoError INVALID_INPUT when the typed key is empty.
 */
export async function promptKeyIfNeeded(ctx: CliContext, command: string): Promise<void> {
  if (NO_PROMPT.has(command) || !process.stdin.isTTY || !process.stderr.isTTY) return;
  const config = ctx.config();
  if (config.dbKey !== undefined || isPostgresUrl(config.db) || fileKind(config.db) !== 'encrypted') return;
  ctx.useKey(DbKey.from(await readHidden(`key of the encrypted database ${config.db}: `)));
}
