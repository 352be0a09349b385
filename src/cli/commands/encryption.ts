/**
 * `mnemo encrypt`, `mnemo decrypt`, `mnemo rekey`: change the encryption of the SQLite
 * database in place, atomically, with a backup kept until the new file is in place
 * (storage/sqlite/sqlite-rekey.ts). Keys come from the environment or key files, never
 * from arguments (visible in `ps`):
 * - encrypt: the new key is `MNEMO_DB_KEY` / `--db-key-file`;
 * - decrypt: the current key is `MNEMO_DB_KEY` / `--db-key-file`;
 * - rekey: current key as above, new key `--new-key-file <file>` / `MNEMO_DB_NEW_KEY`.
 * Exit codes: 3 no database, 2 already in that state or no key given, 4 wrong key,
 * 6 database in use, 5 cipher driver missing.
 */
import type { Command } from 'commander';
import { readKeyFile } from '../../config/db-key.js';
import { isPostgresUrl } from '../../config/database-url.js';
import { MnemoError } from '../../core/errors.js';
import { KEY_HINT } from '../../storage/sqlite/sqlite-cipher.js';
import type { RekeyReport } from '../../storage/sqlite/sqlite-rekey.js';
import type { CliContext } from '../context.js';

function sqlitePath(ctx: CliContext): string {
  const db = ctx.config().db;
  if (isPostgresUrl(db) || db === ':memory:') throw new MnemoError('INVALID_INPUT', 'encryption at rest applies to SQLite files only (use PostgreSQL\'s own storage encryption there)');
  return db;
}

function report(ctx: CliContext, verb: string, r: RekeyReport): void {
  const rows = Object.values(r.rows).reduce((a, b) => a + b, 0);
  ctx.print({ ...r, done: verb }, () => {
    process.stdout.write(`${verb} ${r.path}: ${r.from} -> ${r.to}, ${rows} rows checked in ${Object.keys(r.rows).length} tables\n`);
  });
}

/** Registers `encrypt`, `decrypt` and `rekey`. */
export function registerEncryptionCommands(program: Command, ctx: CliContext): void {
  program.command('encrypt')
    .description(`encrypt the SQLite database with the key of MNEMO_DB_KEY or --db-key-file (atomic; stop servers using it first)`)
    .action(async () => {
      const path = sqlitePath(ctx);
      const key = ctx.config().dbKey;
      if (key === undefined) throw new MnemoError('INVALID_INPUT', `encrypt needs the new key: ${KEY_HINT}`);
      const { changeDatabaseKey } = await import('../../storage/sqlite/sqlite-rekey.js');
      report(ctx, 'encrypted', await changeDatabaseKey(path, null, key));
    });
  program.command('decrypt')
    .description('decrypt the SQLite database (key from MNEMO_DB_KEY or --db-key-file) back to a plaintext file (atomic)')
    .action(async () => {
      const path = sqlitePath(ctx);
      const key = ctx.config().dbKey;
      if (key === undefined) throw new MnemoError('INVALID_INPUT', `decrypt needs the current key: ${KEY_HINT}`);
      const { changeDatabaseKey } = await import('../../storage/sqlite/sqlite-rekey.js');
      report(ctx, 'decrypted', await changeDatabaseKey(path, key, null));
    });
  program.command('rekey')
    .description('change the key of an encrypted database: current key as for every command, new key from --new-key-file or MNEMO_DB_NEW_KEY (atomic)')
    .option('--new-key-file <file>', 'file holding the new key (chmod 600)')
    .action(async (o: { newKeyFile?: string }) => {
      const path = sqlitePath(ctx);
      const key = ctx.config().dbKey;
      if (key === undefined) throw new MnemoError('INVALID_INPUT', `rekey needs the current key: ${KEY_HINT}`);
      const next = o.newKeyFile ? readKeyFile(o.newKeyFile) : ctx.config().newDbKey;
      if (next === undefined) throw new MnemoError('INVALID_INPUT', 'rekey needs the new key: pass --new-key-file <file> (mode 0600) or set MNEMO_DB_NEW_KEY');
      const { changeDatabaseKey } = await import('../../storage/sqlite/sqlite-rekey.js');
      report(ctx, 'rekeyed', await changeDatabaseKey(path, key, next));
    });
}
