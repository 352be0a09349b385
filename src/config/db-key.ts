/**
 * The key of an encrypted SQLite database, held so that it cannot leak by accident:
 * {@link DbKey} prints as `[redacted]` through `String()`, `JSON.stringify` and
 * `util.inspect` (so a logged config, an error's data or an export never carries it), and
 * only the SQLite cipher layer calls `reveal()`.
 *
 * Sources (read by config.ts, the one reader of the environment): `MNEMO_DB_KEY` (the
 * passphrase itself), or a key file (`--db-key-file` / `MNEMO_DB_KEY_FILE`) that must be
 * a regular file readable by its owner only (mode 0600 or 0400, like ssh's private keys),
 * else it is refused. There is deliberately no `--db-key <passphrase>` flag: command-line
 * arguments are visible to every user in `ps` and in the process title.
 */
import { inspect } from 'node:util';
import { MnemoError } from '../core/errors.js';
import { readSecretFile } from './secret-file.js';

/** Longest key accepted, bytes (a passphrase or a key file's content; SQLCipher has no limit, this bounds a wrong file). */
export const MAX_KEY_BYTES = 4096;

/** A database key that never prints itself. Build with {@link DbKey.from}. */
export class DbKey {
  readonly #secret: string;

  private constructor(secret: string) {
    this.#secret = secret;
  }

  /**
   * Wraps a passphrase.
   * @throws MnemoError INVALID_INPUT when it is empty or longer than {@link MAX_KEY_BYTES}.
   */
  static from(secret: string): DbKey {
    if (secret.length === 0) throw new MnemoError('INVALID_INPUT', 'the database key is empty');
    if (Buffer.byteLength(secret, 'utf8') > MAX_KEY_BYTES) throw new MnemoError('INVALID_INPUT', `the database key is longer than ${MAX_KEY_BYTES} bytes`);
    return new DbKey(secret);
  }

  /** The passphrase, for the cipher layer only. */
  reveal(): string {
    return this.#secret;
  }

  /** `[redacted]`. */
  toString(): string {
    return '[redacted]';
  }

  /** `"[redacted]"` in JSON. */
  toJSON(): string {
    return '[redacted]';
  }

  /** `DbKey [redacted]` in console.log / util.inspect. */
  [inspect.custom](): string {
    return 'DbKey [redacted]';
  }
}

/**
 * Reads a key file (./secret-file.ts): its content without one trailing newline.
 * @throws MnemoError INVALID_INPUT when the file is missing, not a regular file, readable
 *   or writable by group or others (on POSIX; the message names the `chmod 600` fix),
 *   owned by another user, empty or too long. The message never contains the content.
 */
export function readKeyFile(path: string, platform: NodeJS.Platform = process.platform): DbKey {
  return DbKey.from(readSecretFile(path, MAX_KEY_BYTES, platform));
}
