/**
 * Reading mem0 requests: JSON bodies, query strings, scope fields and pagination, with
 * one policy for fields mnemo cannot honour.
 *
 * Field policy (never a silent success):
 * - {@link IGNORED_FIELDS}: routing/format hints of mem0's hosted platform that change
 *   nothing here (org/project ids, output/version switches, `async_mode`: mnemo is
 *   always synchronous, which is what an async caller polls for anyway).
 * - {@link INFERENCE_FIELDS}: steer mem0's LLM extraction; mnemo stores text verbatim,
 *   so they are accepted and named in the `X-Mnemo-Notice` header (except where a route
 *   gives them a meaning: add passes `custom_categories`/`custom_instructions` to the
 *   categorizer).
 * - anything else unknown, or a feature mnemo lacks (graph, immutability, structured
 *   extraction) → `INVALID_INPUT` (400) naming the field.
 * Failure contract: every parser throws `MnemoError('INVALID_INPUT')`.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { parseTime } from '../../../core/clock.js';
import { MnemoError } from '../../../core/errors.js';
import type { Memory } from '../../../engine/memory.js';
import { actsForAnyUser, type AppEnv, resolveApp, resolveUser } from '../../context.js';
import { readJson } from '../../request.js';
import { MAX_LIMIT } from '../../../core/limits.js';

/** Accepted and without effect in mnemo (see module header). */
export const IGNORED_FIELDS = ['org_id', 'project_id', 'org_name', 'project_name', 'version', 'api_version', 'output_format', 'async_mode', 'source', 'rerank', 'keyword_search', 'latest_only', 'filter_memories', 'reference_date'] as const;
/** Fields of mem0's LLM inference. `infer` is honoured (engine/infer.ts: an LLM when `serve --llm-*` configures one, else verbatim with a notice); the others are ignored with a notice. */
export const INFERENCE_FIELDS = ['infer', 'includes', 'excludes', 'custom_instructions', 'agent_custom_instructions', 'custom_categories'] as const;
/** Features mnemo does not have: any value other than the listed "off" value is a 400. */
const UNSUPPORTED: Record<string, unknown[]> = {
  enable_graph: [false, null],
  immutable: [false, null],
  structured_data_schema: [null],
};

/** mem0's top-level scope fields. */
export const SCOPE_KEYS = ['user_id', 'agent_id', 'run_id', 'app_id'] as const;

/** Default and largest page size of mem0's paginated lists. */
export const PAGE_SIZE = { default: 100, max: MAX_LIMIT } as const;

/** A route path with and without its trailing slash (mem0 clients send the slash). */
export function slashed(path: string): string[] {
  return path.endsWith('/') ? [path, path.slice(0, -1)] : [path, `${path}/`];
}

const BodyObjectSchema = z.record(z.string(), z.unknown(), { error: 'request body must be a JSON object' });

/**
 * The JSON object body of a request (`{}` when empty), read by the REST API's reader.
 * @throws MnemoError INVALID_INPUT for malformed JSON or a non-object body.
 */
export function readBody(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  return readJson(c, BodyObjectSchema);
}

/**
 * Checks `fields` against the policy: keys in `allowed`, {@link IGNORED_FIELDS} and
 * {@link INFERENCE_FIELDS} pass; unsupported features and unknown keys throw.
 * @returns the inference-only fields that were present (for the notice).
 */
export function checkFields(fields: Record<string, unknown>, allowed: readonly string[], what: string): string[] {
  const inference: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (allowed.includes(key) || (IGNORED_FIELDS as readonly string[]).includes(key)) continue;
    if ((INFERENCE_FIELDS as readonly string[]).includes(key)) { inference.push(key); continue; }
    // Own keys only: `toString`, `constructor`, `__proto__` must read as unknown fields.
    const off = Object.hasOwn(UNSUPPORTED, key) ? UNSUPPORTED[key] : undefined;
    if (off) {
      if (off.includes(value)) continue;
      throw new MnemoError('INVALID_INPUT', `${key} is not supported by mnemo (${what})`);
    }
    throw new MnemoError('INVALID_INPUT', `unknown field ${JSON.stringify(key)} in ${what}`);
  }
  return inference;
}

/** Sets the `X-Mnemo-Notice` header saying how mnemo differs from mem0 for this request. */
export function notice(c: Context<AppEnv>, text: string | undefined): void {
  if (text) c.header('X-Mnemo-Notice', text);
}

/** An optional string field. @throws MnemoError INVALID_INPUT for another type. */
export function optString(fields: Record<string, unknown>, key: string): string | undefined {
  const v = fields[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new MnemoError('INVALID_INPUT', `${key} must be a string`);
  return v;
}

/** The scope a request names at top level (mem0 v1 style). */
export interface Mem0Scope {
  userId: string;
  agentId?: string;
  runId?: string;
  /** The `app_id` named (a writer filter on reads, the writer on adds), if any. */
  appId?: string;
}

/**
 * Resolves `user_id`/`agent_id`/`run_id`/`app_id` of a body or query against the
 * request identity: the user comes from the API key (naming another user → 403 via
 * `resolveUser`), or from `user_id` when auth is off.
 */
export function scopeOf(c: Context<AppEnv>, fields: Record<string, unknown>, filterUser?: string): Mem0Scope {
  const named = optString(fields, 'user_id');
  if (named !== undefined && filterUser !== undefined && named !== filterUser) {
    throw new MnemoError('INVALID_INPUT', 'user_id and filters name different users');
  }
  const scope: Mem0Scope = { userId: resolveUser(c, named ?? filterUser) };
  const agentId = optString(fields, 'agent_id');
  const runId = optString(fields, 'run_id');
  const appId = optString(fields, 'app_id');
  if (agentId !== undefined) scope.agentId = agentId;
  if (runId !== undefined) scope.runId = runId;
  if (appId !== undefined) scope.appId = appId;
  return scope;
}

/** The app the request reads as (access log, access rules). */
export function readerApp(c: Context<AppEnv>): string | undefined {
  return resolveApp(c, null) ?? undefined;
}

/**
 * `page` (1-based) and `page_size` from the query string, or `null` when neither is set.
 * @throws MnemoError INVALID_INPUT for non-positive or too large values.
 */
export function pageOf(c: Context<AppEnv>): { page: number; pageSize: number } | null {
  const page = c.req.query('page');
  const size = c.req.query('page_size');
  if (page === undefined && size === undefined) return null;
  const p = page === undefined ? 1 : Number(page);
  const s = size === undefined ? PAGE_SIZE.default : Number(size);
  if (!Number.isInteger(p) || p < 1) throw new MnemoError('INVALID_INPUT', 'page must be a positive integer');
  if (!Number.isInteger(s) || s < 1 || s > PAGE_SIZE.max) throw new MnemoError('INVALID_INPUT', `page_size must be an integer in 1..${PAGE_SIZE.max}`);
  return { page: p, pageSize: s };
}

/** The query string as a flat object (last value wins), without `page`/`page_size`. */
export function queryFields(c: Context<AppEnv>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...c.req.query() };
  delete out.page;
  delete out.page_size;
  return out;
}

/**
 * mem0 v3 takes entity ids only inside `filters` (400 otherwise, as mem0).
 * @throws MnemoError INVALID_INPUT naming the top-level ids.
 */
export function rejectTopLevelScope(fields: Record<string, unknown>): void {
  const named = SCOPE_KEYS.filter((k) => fields[k] !== undefined && fields[k] !== null);
  if (named.length > 0) throw new MnemoError('INVALID_INPUT', `top-level ${named.join(', ')} not supported in v3; put them in filters`);
}

/**
 * A list of strings from a JSON array or a comma-separated query value.
 * @throws MnemoError INVALID_INPUT for anything else.
 */
export function stringList(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;
  if (!Array.isArray(list) || !list.every((v) => typeof v === 'string')) throw new MnemoError('INVALID_INPUT', `${field} must be a list of strings`);
  return list;
}

/**
 * A path parameter of the matched route.
 * @throws MnemoError INVALID_INPUT when the route has no such parameter (a routing bug).
 */
export function pathParam(c: Context<AppEnv>, name: string): string {
  const value = c.req.param(name) as string | undefined;
  if (value === undefined || value === '') throw new MnemoError('INVALID_INPUT', `missing ${name} in the path`);
  return value;
}

/**
 * The user a by-id request acts for. A per-user key: its user (naming another → 403).
 * A project-level caller (project key, or auth off) that names no `user_id`: the owner of
 * the memory, as mem0's project keys read any memory of the project by id (the Python
 * client's `get`, `update`, `delete`, `history` and `feedback` send no user).
 * @throws MnemoError NOT_FOUND for an id nobody owns; FORBIDDEN as `resolveUser`.
 */
export async function userOfMemory(c: Context<AppEnv>, memory: Memory, id: string, named?: string): Promise<string> {
  const user = named ?? optString(c.req.query(), 'user_id');
  if (user !== undefined || !actsForAnyUser(c)) return resolveUser(c, user);
  const owner = await memory.project.owner(id);
  if (owner === null) throw new MnemoError('NOT_FOUND', `memory ${id} not found`);
  return owner;
}

/**
 * `page`/`page_size` sent in a JSON body (mem0 1.x `get_all(page=N)` without `page_size`
 * puts them there), or `null`.
 * @throws MnemoError INVALID_INPUT for non-positive or too large values.
 */
export function bodyPage(fields: Record<string, unknown>): { page: number; pageSize: number } | null {
  if (fields.page === undefined && fields.page_size === undefined) return null;
  const p = fields.page === undefined ? 1 : Number(fields.page);
  const s = fields.page_size === undefined ? PAGE_SIZE.default : Number(fields.page_size);
  if (!Number.isInteger(p) || p < 1) throw new MnemoError('INVALID_INPUT', 'page must be a positive integer');
  if (!Number.isInteger(s) || s < 1 || s > PAGE_SIZE.max) throw new MnemoError('INVALID_INPUT', `page_size must be an integer in 1..${PAGE_SIZE.max}`);
  return { page: p, pageSize: s };
}

/** An optional boolean field (JSON boolean, or `true|false|1|0` from a query). @throws MnemoError INVALID_INPUT */
export function optBool(fields: Record<string, unknown>, key: string): boolean | undefined {
  const v = fields[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '1' || v === 'True') return true;
  if (v === 'false' || v === '0' || v === 'False') return false;
  throw new MnemoError('INVALID_INPUT', `${key} must be a boolean`);
}

/** An optional non-negative integer field (JSON number or query string). @throws MnemoError INVALID_INPUT */
export function optInt(fields: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const v = fields[key];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new MnemoError('INVALID_INPUT', `${key} must be an integer in ${min}..${max}`);
  return n;
}

/**
 * mem0's `expiration_date` as epoch ms: an ISO date alone (`2030-01-31`) lasts until the
 * end of that UTC day; an ISO time or Unix seconds is taken as is; absent/null → undefined.
 * @throws MnemoError INVALID_INPUT naming `expiration_date` for anything else.
 */
export function expirationOf(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const ms = Date.parse(`${value}T23:59:59.999Z`);
    if (Number.isFinite(ms)) return ms;
  }
  if (typeof value !== 'string' && typeof value !== 'number') throw new MnemoError('INVALID_INPUT', 'expiration_date must be a date (YYYY-MM-DD), an ISO time or Unix seconds');
  return parseTime(value, 'expiration_date');
}
