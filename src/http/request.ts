/**
 * Reading requests of the REST API: a JSON body validated by a zod schema, query
 * parameters, and 1-based page parameters.
 *
 * Failure contract: every reader throws `MnemoError('INVALID_INPUT')` naming the field,
 * so malformed JSON and wrong types are 400s and nothing is written.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { MnemoError } from '../core/errors.js';
import { parseInput } from '../engine/inputs.js';
import type { AppEnv } from './context.js';
import { hasProtoKey, MAX_ID_CHARS, MAX_LIMIT } from '../core/limits.js';

/**
 * The JSON body parsed by `schema` (an empty body parses as `{}`).
 * @throws MnemoError INVALID_INPUT for malformed JSON or a body `schema` rejects.
 */
export async function readJson<S extends z.ZodType>(c: Context<AppEnv>, schema: S, what = 'request body'): Promise<z.infer<S>> {
  const text = await c.req.text();
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new MnemoError('INVALID_INPUT', `${what} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    // Schemas copy objects and would drop the key silently; refuse it instead.
    if (text.includes('__proto__') && hasProtoKey(value)) throw new MnemoError('INVALID_INPUT', `${what}: key "__proto__" is not allowed`);
  }
  return parseInput(schema, value, what);
}

/** Query parameters parsed by `schema` (repeated keys: last wins). */
export function readQuery<S extends z.ZodType>(c: Context<AppEnv>, schema: S): z.infer<S> {
  return parseInput(schema, c.req.query(), 'query parameters');
}

/** An integer from a query string. */
export const queryInt = (min: number, max: number, fallback: number) =>
  z.coerce.number({ error: 'must be a number' }).int().min(min).max(max).default(fallback);

/** A boolean from a query string (`true|false|1|0`). */
export const queryBool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** A comma-separated list from a query string, or a JSON array in a body. */
export const listField = z.union([
  z.string().transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x !== '')),
  z.array(z.string().min(1).max(MAX_ID_CHARS)).max(MAX_LIMIT),
]);

/** 1-based paging: `page` and `size` (also `page_size`, OpenMemory uses both). */
export const PagingSchema = z.object({
  page: queryInt(1, 1_000_000, 1),
  size: queryInt(1, 100, 10).optional(),
  page_size: queryInt(1, 100, 10).optional(),
});

/** `{limit, offset}` and the page numbers of parsed paging fields. */
export function paging(p: z.infer<typeof PagingSchema>): { page: number; size: number; limit: number; offset: number } {
  const size = p.size ?? p.page_size ?? 10;
  return { page: p.page, size, limit: size, offset: (p.page - 1) * size };
}
