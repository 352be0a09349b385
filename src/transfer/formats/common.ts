/** Helpers shared by the format modules. */
import { z } from 'zod';
import type { Metadata } from '../../core/memory.js';
import { hasProtoKey } from '../../core/limits.js';
import { parseInput } from '../../engine/inputs.js';

/** A JSON object (unknown keys kept). */
export const JsonObject = z.record(z.string(), z.unknown());

/** Optional nullable string. */
export const optText = z.string().nullable().optional();

/**
 * Validates `value` against `schema`.
 * @throws MnemoError INVALID_INPUT `invalid <what>: <path>: <message>` naming the field.
 */
export function parseShape<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  return parseInput(schema, value, what);
}

/**
 * The memory's metadata with where it came from under `imported_from`
 * (`{format, id}`): provenance, and the key a graph import can later join on.
 */
export function withSource(metadata: Metadata | null | undefined, format: string, id: unknown): Metadata {
  const source = id === undefined || id === null ? { format } : { format, id: String(id) };
  return { ...(metadata ?? {}), imported_from: source };
}

/** An app name as mnemo stores it (1..256 characters), or null. */
export function appName(name: unknown): string | null {
  if (typeof name !== 'string') return null;
  const trimmed = name.trim().slice(0, 256);
  return trimmed.length > 0 ? trimmed : null;
}

/** Category names as mnemo stores them (1..64 characters, at most 32), or undefined when none. */
export function categoryNames(names: unknown[] | null | undefined): string[] | undefined {
  if (!names) return undefined;
  const out = [...new Set(names.filter((n): n is string => typeof n === 'string').map((n) => n.trim().slice(0, 64)).filter((n) => n.length > 0))];
  return out.slice(0, 32);
}

/**
 * `JSON.parse` that refuses an own `__proto__` key at any depth: the parsers copy objects
 * (spread, zod), which would silently drop it before the engine's metadata check sees it.
 * @throws SyntaxError for invalid JSON; Error naming the key for a `__proto__` key.
 */
export function parseJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (text.includes('__proto__') && hasProtoKey(value)) throw new Error('key "__proto__" is not allowed');
  return value;
}

/** Splits JSON Lines text into `{line, value}` or `{line, error}` per non-blank line (1-based numbers). */
export function* jsonLines(text: string): Generator<{ line: number; value?: unknown; error?: string }> {
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    if (raw.trim() === '') continue;
    try {
      yield { line: i + 1, value: parseJson(raw) };
    } catch (error) {
      yield { line: i + 1, error: error instanceof SyntaxError ? `not valid JSON (${error.message})` : (error as Error).message };
    }
  }
}

/** True when `value` is a plain object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
