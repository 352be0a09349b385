/**
 * Editing a client's config file: add, replace or remove the `mnemo` entry and nothing
 * else. JSON and JSONC files are edited in place with jsonc-parser (comments, order,
 * indentation and every other entry stay as they were); Codex's TOML is edited as text (the
 * `[mcp_servers.mnemo]` table is replaced or appended; the rest, comments included, is
 * untouched) and checked with smol-toml.
 *
 * Failure contract: a file that does not parse is never written:
 * `MnemoError('INVALID_INPUT')` naming the file and the error. Writes go to a temporary
 * file renamed over the original (keeping its mode), after a copy of the original to
 * `<file>.mnemo-backup`.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { applyEdits, type FormattingOptions, modify, parse, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';
import { MnemoError } from '../core/errors.js';
import { ENTRY_NAME, type McpClient } from './clients.js';

/** A planned edit of one file. */
export interface ConfigChange {
  path: string;
  /** The file's text before, or null when it does not exist. */
  before: string | null;
  /** The text after. */
  after: string;
  /** False when the file already says this (nothing to write). */
  changed: boolean;
}

/** Suffix of the backup written beside a changed file. */
export const BACKUP_SUFFIX = '.mnemo-backup';

/** Deep equality of JSON values. */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sortKeys(x)]));
  return v;
}

/** The file's formatting, so inserted text looks like the rest. */
function formatting(text: string): FormattingOptions {
  const indented = text.split(/\r?\n/).find((l) => /^[ \t]+\S/.test(l));
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (indented?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  const width = indented ? indented.length - indented.trimStart().length : 2;
  return { insertSpaces: true, tabSize: Math.min(Math.max(width, 1), 8), eol };
}

/** Parses JSON/JSONC; the root must be an object. */
function readJson(path: string, text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const e = errors[0]!;
    const line = text.slice(0, e.offset).split('\n').length;
    throw new MnemoError('INVALID_INPUT', `cannot read ${path}: ${printParseErrorCode(e.error)} at line ${line}; fix it, then run again (nothing was changed)`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new MnemoError('INVALID_INPUT', `cannot edit ${path}: its top level is not a JSON object`);
  return value as Record<string, unknown>;
}

function planJson(client: McpClient, path: string, before: string | null, entry: Record<string, unknown> | undefined): ConfigChange {
  let text = before ?? '';
  const doc = readJson(path, text);
  const servers = doc[client.key];
  if (servers !== undefined && (servers === null || typeof servers !== 'object' || Array.isArray(servers))) {
    throw new MnemoError('INVALID_INPUT', `cannot edit ${path}: "${client.key}" is not an object`);
  }
  const current = (servers as Record<string, unknown> | undefined)?.[ENTRY_NAME];
  if (entry === undefined ? current === undefined : same(current, entry)) return { path, before, after: before ?? '', changed: false };
  if (text.trim() === '') text = '{}\n';
  const options = { formattingOptions: formatting(text) };
  if (entry === undefined) {
    const remaining = Object.keys(servers as object).filter((k) => k !== ENTRY_NAME);
    // An emptied servers object goes too: the file is left as it was before mnemo.
    text = applyEdits(text, modify(text, remaining.length === 0 ? [client.key] : [client.key, ENTRY_NAME], undefined, options));
  } else {
    text = applyEdits(text, modify(text, [client.key, ENTRY_NAME], entry, options));
  }
  return { path, before, after: text, changed: true };
}

/** The `[mcp_servers.mnemo]` table (and its sub-tables) as line ranges of `text`. */
function tomlBlock(lines: string[], key: string): { start: number; end: number } | null {
  const header = new RegExp(`^\\s*\\[\\s*${key}\\s*\\.\\s*("${ENTRY_NAME}"|'${ENTRY_NAME}'|${ENTRY_NAME})\\s*(\\.|\\])`);
  const start = lines.findIndex((l) => header.test(l));
  if (start < 0) return null;
  let end = start + 1;
  while (end < lines.length && !(/^\s*\[/.test(lines[end]!) && !header.test(lines[end]!))) end += 1;
  // Trailing blank lines belong to the gap before the next table, not to this one.
  while (end > start + 1 && lines[end - 1]!.trim() === '') end -= 1;
  return { start, end };
}

function planToml(client: McpClient, path: string, before: string | null, entry: Record<string, unknown> | undefined): ConfigChange {
  const text = before ?? '';
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    throw new MnemoError('INVALID_INPUT', `cannot read ${path}: ${(error as Error).message.split('\n')[0]}; fix it, then run again (nothing was changed)`);
  }
  const current = (doc[client.key] as Record<string, unknown> | undefined)?.[ENTRY_NAME];
  if (entry === undefined ? current === undefined : same(current, entry)) return { path, before, after: text, changed: false };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let lines = text === '' ? [] : text.split(/\r?\n/);
  const block = tomlBlock(lines, client.key);
  if (current !== undefined && !block) {
    throw new MnemoError('INVALID_INPUT', `cannot edit ${path}: ${client.key}.${ENTRY_NAME} is written inline; remove it by hand, then run again`);
  }
  if (block) {
    const dropBlank = block.start > 0 && lines[block.start - 1]!.trim() === '' && (block.end >= lines.length || lines.slice(block.end).every((l) => l.trim() === ''));
    lines = [...lines.slice(0, dropBlank ? block.start - 1 : block.start), ...lines.slice(block.end)];
  }
  if (entry !== undefined) {
    const table = stringifyToml({ [client.key]: { [ENTRY_NAME]: entry } }).trim().split(/\r?\n/);
    const at = block ? block.start : lines.length;
    while (!block && lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    const gap = !block && lines.length > 0 ? [''] : [];
    lines = [...lines.slice(0, at), ...gap, ...table, ...lines.slice(at)];
  }
  let after = lines.join(eol);
  if (after !== '' && !after.endsWith(eol)) after += eol;
  parseToml(after); // never write a file Codex could not read
  return { path, before, after, changed: after !== text };
}

/**
 * Plans an edit of one top-level key of a JSON/JSONC file: `compute` gets the key's current
 * value and returns the new one (`undefined` removes the key). Comments and formatting
 * elsewhere are kept. Reads only.
 * @throws MnemoError INVALID_INPUT when the file does not parse or its top level is not an object.
 */
export function planJsonKey(path: string, key: string, compute: (current: unknown) => unknown): ConfigChange {
  const before = existsSync(path) ? readFileSync(path, 'utf8') : null;
  let text = before ?? '';
  const current = readJson(path, text)[key];
  const next = compute(current);
  if (same(current, next)) return { path, before, after: text, changed: false };
  if (text.trim() === '') text = '{}\n';
  text = applyEdits(text, modify(text, [key], next, { formattingOptions: formatting(text) }));
  return { path, before, after: text, changed: true };
}

/**
 * Plans the edit that sets (`entry`) or removes (`undefined`) the mnemo entry of `client`
 * in the file at `path`. Reads only.
 * @throws MnemoError INVALID_INPUT when the file does not parse or has an unexpected shape.
 */
export function planConfigChange(client: McpClient, path: string, entry: Record<string, unknown> | undefined): ConfigChange {
  const before = existsSync(path) ? readFileSync(path, 'utf8') : null;
  return client.format === 'toml' ? planToml(client, path, before, entry) : planJson(client, path, before, entry);
}

/** Mode of a new config file that holds a secret (owner read/write only, like ~/.ssh keys). */
export const SECRET_FILE_MODE = 0o600;

/**
 * Writes a planned change: the original (if any) to `<path>.mnemo-backup` (same mode),
 * then the new text through a temporary file renamed into place. The file keeps the mode
 * it had; a new file gets the default mode (umask), or {@link SECRET_FILE_MODE} when
 * `options.secret` (it holds an API key).
 * @returns the backup's path, if written, and the file's permission bits afterwards
 *   (`null` when there is no file; e.g. `0o644`), so the caller can warn when a file
 *   holding a key is readable by others.
 */
export function applyConfigChange(change: ConfigChange, options: { secret?: boolean } = {}): { backup: string | null; mode: number | null } {
  const modeOf = (path: string) => (existsSync(path) ? statSync(path).mode & 0o777 : null);
  if (!change.changed) return { backup: null, mode: modeOf(change.path) };
  mkdirSync(dirname(change.path), { recursive: true });
  let backup: string | null = null;
  if (change.before !== null) {
    backup = `${change.path}${BACKUP_SUFFIX}`;
    copyFileSync(change.path, backup);
  }
  const mode = modeOf(change.path) ?? (options.secret ? SECRET_FILE_MODE : null);
  const tmp = `${change.path}.mnemo-tmp-${process.pid}`;
  writeFileSync(tmp, change.after, mode === null ? undefined : { mode });
  if (mode !== null) chmodSync(tmp, mode); // the umask may have narrowed `mode`
  renameSync(tmp, change.path);
  return { backup, mode: modeOf(change.path) };
}
