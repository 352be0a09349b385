/**
 * Limits of mnemo's inputs, named once. Every layer (SDK schemas, REST and mem0 routes,
 * MCP tools, the SQLite filter compiler, `mnemo mcp`'s stdin) imports them from here
 * instead of re-typing the numbers. Each is a design choice of mnemo (not a SQLite or
 * protocol limit) unless its docstring says otherwise. The checkers below are iterative
 * (no recursion), so a value nested 10,000 deep is refused, not a stack overflow; they
 * return a message naming the offending path, or `null` when the value is acceptable.
 */

/** Longest id (user, agent, run, app, caller), characters. */
export const MAX_ID_CHARS = 256;
/** Longest memory text accepted, characters. Longer text is rejected, not truncated. */
export const MAX_MEMORY_CHARS = 20_000;
/** Longest search query accepted, characters. */
export const MAX_QUERY_CHARS = 4_000;
/** Largest page of list / search results, and the most items of one `add` batch. */
export const MAX_LIMIT = 1_000;
/** Longest category name, characters. */
export const MAX_CATEGORY_CHARS = 64;
/** Most categories on one memory. */
export const MAX_CATEGORIES = 32;
/** Longest metadata key a filter may name, characters (see {@link METADATA_KEY}). */
export const MAX_METADATA_KEY_CHARS = 64;
/**
 * Metadata keys a filter may name: letters, digits, `_`, `.`, `-`, at most 64. The SQLite
 * store puts the key into a JSON path (`$."key"`), so quotes and backslashes are refused.
 */
export const METADATA_KEY = /^[A-Za-z0-9_.-]{1,64}$/;

/** Deepest metadata object/array nesting accepted. Real metadata is 1-3 levels; SQLite's JSON functions refuse depth > 1,000 ("malformed JSON"). */
export const MAX_METADATA_DEPTH = 16;
/** Largest metadata, bytes of its JSON text: room for rich tags, not for documents (the text itself is capped at 20,000 characters). */
export const MAX_METADATA_BYTES = 64 * 1024;
/** Most keys in one metadata value, counted over every nested object. */
export const MAX_METADATA_KEYS = 1_000;
/** Longest key stored in metadata, characters (filters may name only keys up to {@link MAX_METADATA_KEY_CHARS}). */
export const MAX_STORED_METADATA_KEY_CHARS = 256;
/** Deepest nesting of a filter expression (mem0 `filters`: AND/OR/NOT trees). */
export const MAX_FILTER_DEPTH = 32;
/**
 * Longest line (one JSON-RPC message) `mnemo mcp` reads from stdin, bytes. The largest
 * legitimate message, one 20,000-character text with metadata of 64 KiB, is under
 * 0.5 MiB even fully `\u` escaped; a 10 MiB line made the server deaf before the guard.
 */
export const MAX_STDIN_LINE_BYTES = 4 * 1024 * 1024;
/** Earliest time accepted (1900-01-01T00:00:00Z), epoch ms. */
export const MIN_TIME_MS = Date.UTC(1900, 0, 1);
/**
 * Latest time accepted (9999-12-31T23:59:59.999Z), epoch ms: the last four-digit ISO 8601
 * year. Far-future dates are real input (mem0 clients set `expiration_date: 2999-12-31`
 * for "keep"), while everything in range stays a valid `Date` and ISO string.
 */
export const MAX_TIME_MS = Date.UTC(10000, 0, 1) - 1;
/**
 * Keys refused anywhere in metadata: they reach `Object.prototype` when merged with
 * spread or `Object.assign` into a plain object, or shadow built-ins.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Whether `value` holds an own `__proto__` key at any depth (as `JSON.parse` creates it).
 * Schemas that copy objects (zod records) silently drop such a key, so edges check the
 * parsed value first. Iterative; gives up (returns false) past `maxNodes` values.
 */
export function hasProtoKey(value: unknown, maxNodes = 1_000_000): boolean {
  const stack: unknown[] = [value];
  for (let seen = 0; stack.length > 0 && seen < maxNodes; seen++) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (!Array.isArray(v) && Object.hasOwn(v, '__proto__')) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push(child);
  }
  return false;
}

/**
 * The deepest nesting of objects/arrays in `value` (a scalar is 0, `{}` is 1), counted
 * iteratively; stops early once `cap` is exceeded (returns `cap + 1`).
 */
export function jsonDepth(value: unknown, cap = Number.MAX_SAFE_INTEGER): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    const depth = d + 1;
    if (depth > max) max = depth;
    if (max > cap) return cap + 1;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth]);
  }
  return max;
}

/**
 * Checks metadata against the limits above: depth, size, key count and length,
 * forbidden keys, and JSON-representable values only (no functions, `undefined` inside
 * arrays, non-finite numbers, or other objects than plain ones).
 * @returns a message naming the problem (and its path), or `null`.
 * @example checkMetadata({ a: { __proto__: 1 } }) // 'metadata.a: key "__proto__" is not allowed'
 */
export function checkMetadata(value: Record<string, unknown>, field = 'metadata'): string | null {
  let keys = 0;
  const stack: Array<[unknown, string, number]> = [[value, field, 0]];
  while (stack.length > 0) {
    const [v, path, d] = stack.pop()!;
    if (v === null || typeof v === 'string' || typeof v === 'boolean') continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return `${path}: numbers must be finite`;
      continue;
    }
    if (typeof v !== 'object') return `${path}: ${typeof v} is not a JSON value`;
    if (d + 1 > MAX_METADATA_DEPTH) return `${field} is nested deeper than ${MAX_METADATA_DEPTH} levels`;
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push([item, `${path}[${i}]`, d + 1]));
      continue;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return `${path}: only plain JSON objects are allowed`;
    for (const key of Object.keys(v)) {
      keys += 1;
      if (keys > MAX_METADATA_KEYS) return `${field} has more than ${MAX_METADATA_KEYS} keys`;
      if (FORBIDDEN_KEYS.has(key)) return `${path}: key "${key}" is not allowed`;
      if (key.length > MAX_STORED_METADATA_KEY_CHARS) return `${path}: a key is longer than ${MAX_STORED_METADATA_KEY_CHARS} characters`;
      stack.push([(v as Record<string, unknown>)[key], `${path}.${key}`, d + 1]);
    }
  }
  const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
  if (bytes > MAX_METADATA_BYTES) return `${field} is ${bytes} bytes of JSON; at most ${MAX_METADATA_BYTES} are allowed`;
  return null;
}
