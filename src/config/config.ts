/**
 * The one reader of `process.env`: turns environment variables and CLI flags into a
 * frozen {@link Config}. Nothing else in `src/` reads the environment, so tests pass a
 * plain object instead of mutating `process.env`.
 *
 * Variables:
 * - `MNEMO_DATABASE_URL`: a PostgreSQL URL (`postgres://user:password@host/db?sslmode=...`);
 *   wins over `MNEMO_DB`. `MNEMO_DB` may also hold such a URL.
 * - `MNEMO_DB`: database path (default `$XDG_DATA_HOME/mnemo/memory.sqlite`, else
 *   `~/.local/share/mnemo/memory.sqlite`; `%APPDATA%\mnemo` on Windows,
 *   `~/Library/Application Support/mnemo` on macOS).
 * - `MNEMO_USER_ID`: default user (default: the OS user name).
 * - `MNEMO_EMBEDDINGS`: provider (`local`, `transformers`, `openai`, `ollama`, `gemini`, `none`).
 * - `MNEMO_DB_KEY`: the passphrase of an encrypted SQLite database; `MNEMO_DB_KEY_FILE`
 *   (or `--db-key-file`, which wins): a file holding it, mode 0600 (config/db-key.ts).
 * - `MNEMO_DB_NEW_KEY`: the new key of `mnemo rekey` (or its `--new-key-file`).
 * - `MNEMO_API_KEY`: the key `mnemo install <client> --url` writes for a server started
 *   with `--auth` when no `--api-key-file` is given (read by config/api-key.ts).
 * - `MNEMO_EMBEDDINGS_MODEL`, `MNEMO_EMBEDDINGS_BASE_URL`, `MNEMO_EMBEDDINGS_API_KEY`
 *   (falls back to `OPENAI_API_KEY` / `GEMINI_API_KEY` for those providers).
 */
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { EmbeddingConfig } from '../embedding/embedder.js';
import { DbKey, readKeyFile } from './db-key.js';

/** Resolved settings of one mnemo process. */
export interface Config {
  /** Database file path, or a PostgreSQL URL (`postgres://...`; print it with `redactUrl`). */
  readonly db: string;
  /** User id for commands and the MCP server when none is given. */
  readonly userId: string;
  /** Embedding settings. */
  readonly embeddings: Readonly<EmbeddingConfig>;
  /** The key of an encrypted SQLite database, if one was given (prints as `[redacted]`). */
  readonly dbKey?: DbKey;
  /** The new key for `mnemo rekey`, if one was given. */
  readonly newDbKey?: DbKey;
}

/** Flags that override the environment (from the CLI). */
export interface ConfigOverrides {
  db?: string | undefined;
  /** A PostgreSQL URL (`--database-url`); wins over `db`. */
  databaseUrl?: string | undefined;
  user?: string | undefined;
  embeddings?: string | undefined;
  model?: string | undefined;
  baseUrl?: string | undefined;
  /** `--db-key-file`: wins over `MNEMO_DB_KEY_FILE` and `MNEMO_DB_KEY`. */
  dbKeyFile?: string | undefined;
}

type Env = Record<string, string | undefined>;

/** The default database path in the OS data directory (see module header). */
export function defaultDbPath(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  let base: string;
  if (platform === 'win32') base = env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
  else if (platform === 'darwin') base = join(homedir(), 'Library', 'Application Support');
  else base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'mnemo', 'memory.sqlite');
}

function osUser(): string {
  try {
    return userInfo().username || 'default';
  } catch {
    return 'default';
  }
}

/**
 * Builds the configuration from `env` and `overrides` (flags win over env, env over defaults).
 * @throws MnemoError INVALID_INPUT for a key file that is missing, empty or readable by others.
 * @example loadConfig(process.env, { db: './m.sqlite' })
 */
export function loadConfig(env: Env = process.env, overrides: ConfigOverrides = {}): Config {
  const provider = (overrides.embeddings ?? env.MNEMO_EMBEDDINGS ?? 'local') as EmbeddingConfig['provider'];
  const fallbackKey = provider === 'openai' ? env.OPENAI_API_KEY : provider === 'gemini' ? env.GEMINI_API_KEY : undefined;
  const apiKey = env.MNEMO_EMBEDDINGS_API_KEY ?? fallbackKey;
  const model = overrides.model ?? env.MNEMO_EMBEDDINGS_MODEL;
  const baseUrl = overrides.baseUrl ?? env.MNEMO_EMBEDDINGS_BASE_URL;
  const embeddings: EmbeddingConfig = {
    provider,
    ...(model ? { model } : {}),
    ...(baseUrl ? { baseUrl } : {}),
    ...(apiKey ? { apiKey } : {}),
  };
  const keyFile = overrides.dbKeyFile || env.MNEMO_DB_KEY_FILE;
  const dbKey = keyFile ? readKeyFile(keyFile) : env.MNEMO_DB_KEY ? DbKey.from(env.MNEMO_DB_KEY) : undefined;
  const newDbKey = env.MNEMO_DB_NEW_KEY ? DbKey.from(env.MNEMO_DB_NEW_KEY) : undefined;
  return Object.freeze({
    // An empty value counts as unset (the .mcpb bundle passes its optional settings as env).
    db: overrides.databaseUrl || overrides.db || env.MNEMO_DATABASE_URL || env.MNEMO_DB || defaultDbPath(env),
    userId: overrides.user || env.MNEMO_USER_ID || osUser(),
    embeddings: Object.freeze(embeddings),
    ...(dbKey ? { dbKey } : {}),
    ...(newDbKey ? { newDbKey } : {}),
  });
}
