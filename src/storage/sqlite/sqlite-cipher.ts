/**
 * Encryption at rest of the SQLite backend: which driver opens a file, and how a key
 * unlocks it.
 *
 * - Without a key the store uses `better-sqlite3`; with one it loads
 *   `better-sqlite3-multiple-ciphers` (the same API over SQLite3MultipleCiphers) on
 *   demand, so plaintext users never load the cipher build (README "Encryption at rest"
 *   has the measurement behind that choice).
 * - Cipher: SQLite3MultipleCiphers' `sqlcipher` scheme with `legacy=4`, i.e. SQLCipher 4's
 *   format (AES-256-CBC per 4096-byte page, HMAC-SHA512 per page, key derived from the
 *   passphrase with PBKDF2-HMAC-SHA512, 256,000 iterations, random 16-byte salt in the
 *   file's first bytes; SQLite3MultipleCiphers docs "SQLCipher: AES 256 Bit CBC - SHA1/
 *   SHA256/SHA512 HMAC"). Every page of the main file and of the WAL is encrypted; the
 *   `-shm` file holds only the WAL index (page numbers and checksums), never page content.
 * - A file's kind is read from its first 16 bytes: a plaintext SQLite file starts with
 *   `SQLite format 3\0` (SQLite file format, section 1.3.1); an encrypted one starts with
 *   its random salt.
 *
 * Failure contract: {@link MnemoError} `FORBIDDEN` for a missing or wrong key (the file is
 * not written: the key is checked by a read before any pragma that writes), `INVALID_INPUT`
 * for a key given to a plaintext file, `UNAVAILABLE` when the cipher driver is not
 * installed. Messages never contain the key.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { DbKey } from '../../config/db-key.js';
import { MnemoError } from '../../core/errors.js';

/** What a database file holds, from its header. */
export type FileKind = 'missing' | 'plaintext' | 'encrypted';

/** The first 16 bytes of every plaintext SQLite 3 file (SQLite file format, 1.3.1). */
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** The npm package of the encrypting driver (optional dependency, ^12 for Node 20). */
export const CIPHER_PACKAGE = 'better-sqlite3-multiple-ciphers';

/** How to give a key, for error messages. */
export const KEY_HINT = 'set MNEMO_DB_KEY or pass --db-key-file <file> (mode 0600)';

/**
 * The kind of the file at `path`: `missing` when it does not exist or is empty (SQLite
 * creates it), `plaintext` when it starts with the SQLite magic, else `encrypted`.
 * `:memory:` is `missing`.
 */
export function fileKind(path: string): FileKind {
  if (path === ':memory:') return 'missing';
  let fd: number;
  try {
    if (statSync(path).size === 0) return 'missing';
    fd = openSync(path, 'r');
  } catch {
    return 'missing';
  }
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    return n === 16 && head.equals(SQLITE_MAGIC) ? 'plaintext' : 'encrypted';
  } finally {
    closeSync(fd);
  }
}

/**
 * The driver for a database opened with (`encrypted`) or without a key.
 * @throws MnemoError UNAVAILABLE when that package is not installed (naming the install command).
 */
export async function loadDriver(encrypted: boolean): Promise<typeof Database> {
  if (!encrypted) {
    try {
      return (await import('better-sqlite3')).default;
    } catch (cause) {
      throw new MnemoError('UNAVAILABLE', `better-sqlite3 is not installed: ${(cause as Error).message}`, { cause });
    }
  }
  try {
    // Same API as better-sqlite3 (it is a fork), so the store's types hold.
    return (await import(CIPHER_PACKAGE)).default as typeof Database;
  } catch (cause) {
    throw new MnemoError('UNAVAILABLE', `encrypted databases need the optional package ${CIPHER_PACKAGE}, which is not installed here: npm install ${CIPHER_PACKAGE}@^12`, { cause });
  }
}

/**
 * Checks that `key` fits the file at `path` before opening it: a key for a plaintext
 * file, or no key for an encrypted one, is refused.
 * @throws MnemoError FORBIDDEN (encrypted file, no key); INVALID_INPUT (key, plaintext file).
 */
export function checkKeyFitsFile(path: string, key: DbKey | undefined): FileKind {
  const kind = fileKind(path);
  if (kind === 'encrypted' && key === undefined) {
    throw new MnemoError('FORBIDDEN', `the database ${path} is encrypted (or is not a SQLite file): ${KEY_HINT}`);
  }
  if (kind === 'plaintext' && key !== undefined) {
    throw new MnemoError('INVALID_INPUT', `the database ${path} is not encrypted but a key was given: encrypt it first with \`mnemo encrypt\`, or unset MNEMO_DB_KEY / --db-key-file`);
  }
  return kind;
}

/**
 * Selects the SQLCipher 4 scheme on a connection of the cipher driver and applies `key`
 * (or none, to open a plaintext file with that driver), then proves it with a read.
 * @throws MnemoError FORBIDDEN when the key does not open the file (nothing was written).
 */
export function unlock(db: Database.Database, key: DbKey | undefined, path: string): void {
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  if (key !== undefined) (db as unknown as { key(k: Buffer): number }).key(Buffer.from(key.reveal(), 'utf8'));
  try {
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (cause) {
    if ((cause as { code?: string }).code !== 'SQLITE_NOTADB') {
      throw new MnemoError('UNAVAILABLE', `cannot read the database ${path}: ${(cause as Error).message}`, { cause });
    }
    throw new MnemoError('FORBIDDEN', `the key does not open the database ${path} (wrong key, or not a mnemo database)`, { cause: new Error((cause as Error).message) });
  }
}

/**
 * Changes the key of an open connection in place (`null` removes encryption). The
 * connection must not be in WAL mode (SQLite3MultipleCiphers refuses a rekey there).
 * @throws MnemoError INTERNAL when SQLite refuses.
 */
export function rekeyConnection(db: Database.Database, key: DbKey | null): void {
  try {
    (db as unknown as { rekey(k: Buffer): number }).rekey(Buffer.from(key === null ? '' : key.reveal(), 'utf8'));
  } catch (cause) {
    throw new MnemoError('INTERNAL', `cannot change the database key: ${(cause as Error).message}`, { cause });
  }
}
