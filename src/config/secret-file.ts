/**
 * Reading a secret (a database key, an API key) from a file of the user's own, the way
 * ssh reads a private key: the file must be a regular file that only its owner can read
 * or write (mode 0600 or 0400 on POSIX) and that belongs to the user running mnemo, else
 * it is refused. Secrets come from files (or environment variables) rather than flags
 * because command-line arguments are visible to every user in `ps`.
 *
 * Failure contract: every refusal is `MnemoError('INVALID_INPUT')` naming the file and the
 * fix; no message ever contains the file's content.
 */
import { readFileSync, statSync } from 'node:fs';
import { MnemoError } from '../core/errors.js';

/**
 * Reads the secret in `path`: its content without one trailing newline (`\n` or `\r\n`).
 * @param maxBytes longest content accepted, bytes (bounds a wrong file).
 * @param platform POSIX mode and owner checks are skipped on `win32` (ACLs, not modes).
 * @throws MnemoError INVALID_INPUT when the file is missing, not a regular file, readable
 *   or writable by group or others (the message names `chmod 600`), owned by another user,
 *   unreadable, empty or longer than `maxBytes`.
 */
export function readSecretFile(path: string, maxBytes: number, platform: NodeJS.Platform = process.platform): string {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new MnemoError('INVALID_INPUT', `cannot read the key file ${path}: it does not exist`);
  }
  if (!st.isFile()) throw new MnemoError('INVALID_INPUT', `the key file ${path} is not a regular file`);
  if (platform !== 'win32') {
    if ((st.mode & 0o077) !== 0) {
      throw new MnemoError('INVALID_INPUT', `the key file ${path} is accessible by other users (mode ${(st.mode & 0o777).toString(8)}): run chmod 600 ${path}`);
    }
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) {
      throw new MnemoError('INVALID_INPUT', `the key file ${path} belongs to another user`);
    }
  }
  if (st.size > maxBytes + 2) throw new MnemoError('INVALID_INPUT', `the key file ${path} is longer than ${maxBytes} bytes`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new MnemoError('INVALID_INPUT', `cannot read the key file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'read error'}`);
  }
  text = text.replace(/\r?\n$/, '');
  if (text.length === 0) throw new MnemoError('INVALID_INPUT', `the key file ${path} is empty`);
  return text;
}
