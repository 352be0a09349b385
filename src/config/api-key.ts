/**
 * The API key that `mnemo install <client> --url` writes into a client's config so the
 * client can reach `mnemo serve --auth` (keys come from `mnemo keys create`). Sources, in
 * order: `--api-key-file <file>` (a file readable by its owner only, ./secret-file.ts), then
 * the `MNEMO_API_KEY` environment variable. There is deliberately no flag taking the key
 * itself: command-line arguments are visible to every user in `ps`.
 *
 * Failure contract: `MnemoError('INVALID_INPUT')` for a refused file or a malformed key; no
 * message contains the key.
 */
import { MnemoError } from '../core/errors.js';
import { readSecretFile } from './secret-file.js';

/**
 * Longest key accepted, characters: the server treats anything longer as not a mnemo
 * token (MAX_TOKEN_CHARS in src/engine/api-keys.ts; a token is `mnemo_<12 hex>_<43
 * base64url>`, 62 characters).
 */
export const MAX_API_KEY_CHARS = 256;

/** An API key and where it came from (for messages; never the key). */
export interface ApiKeySource {
  token: string;
  /** `the key file <path>` or `MNEMO_API_KEY`. */
  source: string;
}

/**
 * Checks a key's shape: visible ASCII without spaces (it goes into an HTTP header, a JSON
 * string and a TOML string), at most {@link MAX_API_KEY_CHARS}.
 * @throws MnemoError INVALID_INPUT naming `source`, never the key.
 */
export function parseApiKey(text: string, source: string): string {
  const token = text.trim();
  if (token.length === 0) throw new MnemoError('INVALID_INPUT', `the API key in ${source} is empty`);
  if (token.length > MAX_API_KEY_CHARS) throw new MnemoError('INVALID_INPUT', `the API key in ${source} is longer than ${MAX_API_KEY_CHARS} characters; it is not a mnemo key (mnemo keys create prints one)`);
  if (!/^[\x21-\x7e]+$/.test(token)) throw new MnemoError('INVALID_INPUT', `the API key in ${source} contains spaces or characters that cannot go into an HTTP header`);
  return token;
}

/**
 * The key from `file` when given (wins), else from `env.MNEMO_API_KEY`, else null.
 * @throws MnemoError INVALID_INPUT for a refused file (see ./secret-file.ts) or a malformed key.
 */
export function resolveApiKey(options: { file?: string | undefined; env: Record<string, string | undefined>; platform?: NodeJS.Platform }): ApiKeySource | null {
  if (options.file !== undefined) {
    const source = `the key file ${options.file}`;
    return { token: parseApiKey(readSecretFile(options.file, MAX_API_KEY_CHARS, options.platform), source), source };
  }
  const fromEnv = options.env.MNEMO_API_KEY;
  if (fromEnv === undefined || fromEnv === '') return null;
  return { token: parseApiKey(fromEnv, 'MNEMO_API_KEY'), source: 'MNEMO_API_KEY' };
}
