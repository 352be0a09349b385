/**
 * What every CLI command gets: the resolved configuration, a lazily opened engine, and
 * output helpers honouring `--json`. Built once per process by `program.ts` (the
 * composition root); commands never read `process.env` or construct adapters.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { MnemoError } from '../core/errors.js';
import { type Config, loadConfig } from '../config/config.js';
import type { DbKey } from '../config/db-key.js';
import { isPostgresUrl } from '../config/database-url.js';
import { Memory } from '../engine/memory.js';

/** Global flags shared by all commands. */
export interface GlobalFlags {
  db?: string;
  databaseUrl?: string;
  user?: string;
  json?: boolean;
  embeddings?: string;
  model?: string;
  baseUrl?: string;
  dbKeyFile?: string;
}

/** Per-process CLI state. */
export interface CliContext {
  /** Configuration from env + global flags. */
  config(): Config;
  /**
   * The engine (opened on first use, acting as app `mnemo-cli` unless told otherwise).
   * `lifetime` (the first call decides): a `one-shot` command ranks keyword searches with
   * FTS5 (SQLite `keywordIndex: 'fts'`: building the in-memory keyword index of a 100k
   * user costs about 1 s, against about 15 ms for the FTS5 query it would replace,
   * bench/README.md "Speed at scale, keyword side"); `long-lived` (`mnemo mcp`) builds it
   * in the background once and answers in about a millisecond after.
   */
  memory(app?: string, lifetime?: 'one-shot' | 'long-lived'): Memory;
  /** True when `--json` was given. */
  json(): boolean;
  /** Prints `value` as JSON with `--json`, else calls `human()` to print for a person. */
  print(value: unknown, human: () => void): void;
  /** Uses `key` as the database key when none was configured (the interactive prompt, key-prompt.ts). */
  useKey(key: DbKey): void;
  /** Closes the engine if it was opened. */
  close(): Promise<void>;
}

/** Creates the CLI context reading global flags from `program` at first use. */
export function createCliContext(program: Command, env: Record<string, string | undefined> = process.env): CliContext {
  let config: Config | undefined;
  let memory: Memory | undefined;
  const flags = () => program.opts<GlobalFlags>();
  const ctx: CliContext = {
    config: () => (config ??= loadConfig(env, {
      db: flags().db, databaseUrl: flags().databaseUrl, user: flags().user, embeddings: flags().embeddings, model: flags().model, baseUrl: flags().baseUrl, dbKeyFile: flags().dbKeyFile,
    })),
    memory: (app = 'mnemo-cli', lifetime = 'one-shot') => (memory ??= new Memory({
      path: checkedDbPath(ctx.config().db, flags().db || env.MNEMO_DB || undefined), embeddings: { ...ctx.config().embeddings }, app, ...keyOption(ctx.config()),
      sqlite: { keywordIndex: lifetime === 'one-shot' ? 'fts' : 'auto' },
    })),
    useKey: (key) => {
      const base = ctx.config();
      if (base.dbKey === undefined) config = Object.freeze({ ...base, dbKey: key });
    },
    json: () => flags().json === true,
    print: (value, human) => {
      if (ctx.json()) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
      else human();
    },
    close: async () => { await memory?.close(); },
  };
  return ctx;
}

/** The SDK option carrying the configured database key, if any (spread into `new Memory`). */
export function keyOption(config: Config): { encryptionKey?: DbKey } {
  return config.dbKey ? { encryptionKey: config.dbKey } : {};
}

/**
 * The database path, refused when the user named it (`--db`, `MNEMO_DB`) and its folder
 * does not exist: a mistyped path used to create folders and an empty database and exit
 * 0. Only the default location's folder is created on first use.
 * @throws MnemoError INVALID_INPUT naming the missing folder.
 */
export function checkedDbPath(db: string, named: string | undefined): string {
  if (named !== undefined && db !== ':memory:' && !isPostgresUrl(db) && !existsSync(dirname(db))) {
    throw new MnemoError('INVALID_INPUT', `the folder of the database ${db} does not exist: check --db / MNEMO_DB (mnemo creates only its default folder)`);
  }
  return db;
}
