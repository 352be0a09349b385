/**
 * Encrypting, decrypting and re-keying a SQLite database file, atomically: the work is
 * done on a copy, checked, then renamed over the original (rename(2) replaces a file
 * atomically on one file system), so a crash at any moment leaves the old file or the new
 * one, never a half-written one. A backup copy (`<file>.bak`) is kept until the new file
 * is in place; a leftover `<file>.rekey-tmp` of a crashed run is removed by the next one.
 *
 * Steps: (1) open with the old key (a wrong key fails here, nothing written) and
 * checkpoint the WAL into the file; (2) refuse when another process still has the file
 * open (its WAL is not empty); (3) copy to the backup and to the work copy; (4) on the
 * work copy: rollback journal (SQLite3MultipleCiphers cannot rekey in WAL mode), `rekey`,
 * back to WAL; (5) reopen it with the new key, `PRAGMA integrity_check`, and compare the
 * row count of every table with the original; (6) fsync, rename over the original, remove
 * the backup.
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import type { DbKey } from '../../config/db-key.js';
import { MnemoError } from '../../core/errors.js';
import { fileKind, loadDriver, rekeyConnection, unlock } from './sqlite-cipher.js';

/** What {@link changeDatabaseKey} did. */
export interface RekeyReport {
  /** The file changed. */
  path: string;
  /** `encrypted` or `plaintext`, before and after. */
  from: 'plaintext' | 'encrypted';
  to: 'plaintext' | 'encrypted';
  /** Rows per table (equal before and after; checked). */
  rows: Record<string, number>;
}

/** Row counts of every ordinary table (vector and FTS shadow tables included). */
function tableCounts(db: Database.Database): Record<string, number> {
  const names = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name").pluck().all() as string[];
  const counts: Record<string, number> = {};
  for (const name of names) counts[name] = db.prepare(`SELECT count(*) FROM "${name.replaceAll('"', '""')}"`).pluck().get() as number;
  return counts;
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}

/**
 * Re-encrypts the database at `path` from key `from` to key `to` (`null` = plaintext):
 * encrypt is `(null, k)`, decrypt `(k, null)`, rekey `(k1, k2)`.
 * @throws MnemoError NOT_FOUND when the file does not exist; INVALID_INPUT when it is
 *   already in the target state or `from` does not match its state; FORBIDDEN when
 *   `from` is wrong (nothing written); CONFLICT when another process has it open;
 *   UNAVAILABLE without the cipher driver; INTERNAL when the check of the copy fails
 *   (the original is untouched).
 */
export async function changeDatabaseKey(path: string, from: DbKey | null, to: DbKey | null): Promise<RekeyReport> {
  const kind = fileKind(path);
  if (kind === 'missing') throw new MnemoError('NOT_FOUND', `no database at ${path}`);
  if (from === null && kind === 'encrypted') throw new MnemoError('INVALID_INPUT', `the database ${path} is already encrypted`);
  if (from !== null && kind === 'plaintext') throw new MnemoError('INVALID_INPUT', `the database ${path} is not encrypted`);
  if (from === null && to === null) throw new MnemoError('INVALID_INPUT', 'no key given');
  const Driver = await loadDriver(true);
  const tmp = `${path}.rekey-tmp`;
  const backup = `${path}.bak`;
  rmSync(tmp, { force: true });
  rmSync(`${tmp}-journal`, { force: true });

  // (1) the old key, then the WAL into the file.
  const source = new Driver(path);
  let before: Record<string, number>;
  try {
    source.pragma('busy_timeout = 2000');
    unlock(source, from ?? undefined, path);
    const [cp] = source.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (cp !== undefined && cp.busy !== 0) throw new MnemoError('CONFLICT', `the database ${path} is in use: stop mnemo serve / mcp using it and retry`);
    before = tableCounts(source);
  } finally {
    source.close();
  }
  // (2) a WAL left after our close means another connection still has the file open.
  if (existsSync(`${path}-wal`) && statSync(`${path}-wal`).size > 0) {
    throw new MnemoError('CONFLICT', `the database ${path} is in use: stop mnemo serve / mcp using it and retry`);
  }
  // (3) backup and work copy.
  copyFileSync(path, backup);
  fsyncPath(backup);
  copyFileSync(path, tmp);
  try {
    // (4) rekey the copy.
    const work = new Driver(tmp);
    try {
      unlock(work, from ?? undefined, tmp);
      work.pragma('journal_mode = DELETE');
      rekeyConnection(work, to);
    } finally {
      work.close();
    }
    // (5) reopen with the new key and check.
    const check = new Driver(tmp);
    try {
      unlock(check, to ?? undefined, tmp);
      const ok = check.pragma('integrity_check', { simple: true });
      if (ok !== 'ok') throw new MnemoError('INTERNAL', `the re-keyed copy failed its integrity check (${String(ok)}); ${path} is unchanged`);
      const after = tableCounts(check);
      if (JSON.stringify(after) !== JSON.stringify(before)) throw new MnemoError('INTERNAL', `the re-keyed copy lost rows; ${path} is unchanged`);
      check.pragma('journal_mode = WAL');
    } finally {
      check.close();
    }
    // (6) in place, atomically.
    fsyncPath(tmp);
    renameSync(tmp, path);
    try { fsyncPath(dirname(path)); } catch { /* directories cannot be fsynced on every platform */ }
    rmSync(`${path}-shm`, { force: true });
    rmSync(backup, { force: true });
  } catch (error) {
    rmSync(tmp, { force: true });
    rmSync(`${tmp}-journal`, { force: true });
    rmSync(backup, { force: true });
    throw error;
  }
  return { path, from: kind, to: to === null ? 'plaintext' : 'encrypted', rows: before };
}
