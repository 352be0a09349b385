/**
 * mem0's memory collection: add (v1 `POST /v1/memories/`, v3 `POST /v3/memories/add/`),
 * list (v1 `GET /v1/memories/`, v2 `POST /v2/memories/`, v3 `POST /v3/memories/`) and
 * delete-all for one scope (`DELETE /v1/memories/`).
 *
 * Add semantics (honest, not mem0's): mnemo does no LLM extraction. Every request,
 * whatever its `infer` value, stores each non-system message verbatim as one memory
 * (exact duplicates are `NOOP`, near-duplicates `UPDATE`, see `Memory.add`), and
 * synchronously: v3's response says `status: "SUCCEEDED"` with the events instead of a
 * `PENDING` event id. Unless `infer: false` was sent, the `X-Mnemo-Notice` header says so.
 * Response shapes: v1 → `[{id, event, data: {memory}, memory}]` (`{results: [...]}` with
 * `output_format: "v1.1"`); v3 → `{message, status, results}`.
 * List shapes: v1/v2 → an array, or `{count, next, previous, results}` with `page`/`page_size`;
 * v3 → always the paginated envelope. v3 wants entity ids inside `filters` (400 otherwise,
 * as mem0). Lists take `top_k` (at most that many, newest first) and `offset`, `page`
 * alone (page size 100) in the query or the body, and `show_expired`.
 *
 * Add takes `custom_categories`/`custom_instructions` as categorizer guidance for that
 * call (overriding the project's settings), and `expiration_date` (ISO date or time; a
 * date alone expires at the end of that UTC day: the memory is hidden from lists and searches afterwards unless `show_expired`)
 * and entity ids inside `filters` (the Python client's typed options put them there).
 *
 * Lists and delete-all also take a top-level `metadata` object (ANDed with `filters`).
 * Delete-all takes `user_id`, `agent_id`, `run_id`, `app_id` (`*` = any), `filters` and
 * `metadata` (JSON or the Python `repr` httpx sends, see python-literal.ts). `user_id=*`, or no user
 * at all, deletes across every user, which only a project-level caller (project key, or
 * auth off) may do; a per-user key gets 403.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { MnemoError } from '../../../core/errors.js';
import { MetadataInputSchema as MetadataSchema } from '../../../engine/inputs.js';
import { parseInput } from '../../../engine/inputs.js';
import type { Memory } from '../../../engine/memory.js';
import { actsForAnyUser, type AppEnv, type HttpDeps, resolveApp } from '../../context.js';
import { compileFilters, dateBound, type FilterPlan } from './filters.js';
import { parseQueryLiteral } from './python-literal.js';
import { engineFilter, type ExtraFilters, listMemories } from './query.js';
import {
  bodyPage, checkFields, expirationOf, type Mem0Scope, notice, optBool, optInt, optString, PAGE_SIZE, pageOf, queryFields, readBody, readerApp, rejectTopLevelScope,
  SCOPE_KEYS, scopeOf, slashed, stringList,
} from './request.js';
import { paginated, pickFields, toMem0Event, toMem0Memory } from './wire.js';


/** A mem0 message; multimodal content (`{type: 'image_url', ...}`) is refused. */
const MessageInSchema = z.object({
  role: z.string().default('user'),
  content: z.string({ error: 'message content must be text (multimodal messages are not supported)' }),
  name: z.string().optional(),
});
const AddBodySchema = z.object({
  messages: z.union([z.string(), z.array(z.union([z.string(), MessageInSchema])).min(1, 'messages must not be empty')]),
  metadata: MetadataSchema.nullable().optional(),
  timestamp: z.union([z.number(), z.string()]).optional(),
});

/** Routes of the memory collection. */
export function memoriesRoutes(deps: HttpDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const { memory } = deps;

  const add = async (c: Context<AppEnv>, version: 'v1' | 'v3') => {
    const body = await readBody(c);
    const inference = checkFields(body, ['messages', 'metadata', 'timestamp', 'expiration_date', 'filters', ...SCOPE_KEYS], 'add');
    const input = parseInput(AddBodySchema, body, 'add request');
    const scope = scopeOf(c, withFilterIds(body));
    const expiresAt = expirationOf(body.expiration_date);
    const guidance = guidanceOf(body);
    const messages = typeof input.messages === 'string' ? input.messages : input.messages.map((m) => (typeof m === 'string' ? m : {
      role: m.role as 'user', content: m.content, ...(m.name === undefined ? {} : { name: m.name }),
    }));
    const app = resolveApp(c, scope.appId);
    const result = await memory.add(messages, {
      userId: scope.userId, ...(scope.agentId ? { agentId: scope.agentId } : {}), ...(scope.runId ? { runId: scope.runId } : {}),
      ...(app === null ? {} : { app }), ...(input.metadata ? { metadata: input.metadata } : {}),
      ...(input.timestamp === undefined ? {} : { timestamp: input.timestamp }),
      ...(expiresAt === undefined ? {} : { expiresAt }),
      ...(guidance === undefined ? {} : { guidance }),
      // mem0 infers unless told not to: with an LLM configured (serve --llm-*) facts are
      // extracted and applied; without one the messages are stored verbatim and the
      // result's notice says so (engine/infer.ts).
      ...(body.infer === false ? {} : { infer: true }),
    });
    // custom_categories/custom_instructions steer the categorizer (guidanceOf); the rest only steer LLM extraction.
    const ignored = inference.filter((f) => f !== 'infer' && f !== 'custom_categories' && f !== 'custom_instructions');
    const notes = [ignored.map((f) => `${f} ignored`).join(', '), result.notice];
    const text = notes.filter(Boolean).join('; ');
    notice(c, text);
    const events = result.results.map(toMem0Event);
    if (version === 'v3') {
      return c.json({ message: 'Memories stored', status: 'SUCCEEDED', results: events, ...(text ? { notice: text } : {}) });
    }
    return c.json(body.output_format === 'v1.1' ? { results: events } : events);
  };
  routes.on('POST', slashed('/v1/memories/'), (c) => add(c, 'v1'));
  routes.on('POST', slashed('/v3/memories/add/'), (c) => add(c, 'v3'));

  /** Lists for v1/v2/v3: `fields` are the request's scope and options, `filters` mem0's filters. */
  const list = async (c: Context<AppEnv>, fields: Record<string, unknown>, version: 'v1' | 'v2' | 'v3') => {
    const options = ['filters', 'start_date', 'end_date', 'categories', 'fields', 'top_k', 'offset', 'page', 'page_size', 'show_expired', 'metadata'];
    const allowed = version === 'v3' ? options : [...SCOPE_KEYS, ...options];
    if (version === 'v3') rejectTopLevelScope(fields);
    checkFields(fields, allowed, 'get all');
    const plan = compileFilters(withMetadata(fields.filters, typeof fields.metadata === 'string' ? parseQueryLiteral(fields.metadata, 'metadata') : fields.metadata));
    const scope: Mem0Scope = scopeOf(c, fields, plan.userId);
    const page = pageOf(c) ?? bodyPage(fields) ?? (version === 'v3' ? { page: 1, pageSize: PAGE_SIZE.default } : null);
    const topK = optInt(fields, 'top_k', 1, PAGE_SIZE.max);
    const window = page
      ? { offset: (page.page - 1) * page.pageSize, limit: page.pageSize }
      : { offset: optInt(fields, 'offset', 0, 1_000_000_000) ?? 0, limit: topK ?? PAGE_SIZE.max };
    const { rows, total } = await listMemories(memory, scope, plan, extraFilters(fields), readerApp(c), window);
    const results = pickFields(rows.map(toMem0Memory), stringList(fields.fields, 'fields'));
    if (page) return c.json(paginated(c.req.url, page, total, results));
    if (total > rows.length && topK === undefined) notice(c, `first ${rows.length} of ${total} memories; pass page and page_size for the rest`);
    return c.json(results);
  };
  routes.on('GET', slashed('/v1/memories/'), (c) => list(c, queryFields(c), 'v1'));
  routes.on('POST', slashed('/v2/memories/'), async (c) => list(c, await readBody(c), 'v2'));
  routes.on('POST', slashed('/v3/memories/'), async (c) => list(c, await readBody(c), 'v3'));

  routes.on('DELETE', slashed('/v1/memories/'), async (c) => {
    const fields = queryFields(c);
    checkFields(fields, [...SCOPE_KEYS, 'filters', 'metadata'], 'delete all');
    const rawFilters = optString(fields, 'filters');
    const rawMetadata = optString(fields, 'metadata');
    const plan = compileFilters(withMetadata(
      rawFilters === undefined ? undefined : parseQueryLiteral(rawFilters, 'filters'),
      rawMetadata === undefined ? undefined : parseQueryLiteral(rawMetadata, 'metadata'),
    ));
    const named = (k: string) => { const v = optString(fields, k); return v === '*' ? undefined : v; };
    const user = optString(fields, 'user_id') ?? plan.userId;
    if (user === undefined && rawFilters === undefined && rawMetadata === undefined && !['agent_id', 'run_id', 'app_id'].some((k) => optString(fields, k) !== undefined)) {
      throw new MnemoError('INVALID_INPUT', 'delete all needs at least one of user_id, agent_id, run_id, app_id, filters');
    }
    let users: string[];
    if (user === '*' || (user === undefined && actsForAnyUser(c))) {
      if (!actsForAnyUser(c)) throw new MnemoError('FORBIDDEN', 'user_id "*" deletes every user\'s memories; it needs a project key (mnemo keys create --project)');
      users = await memory.project.users();
    } else {
      users = [scopeOf(c, user === undefined ? {} : { user_id: user }).userId];
    }
    const scope = { agentId: named('agent_id'), runId: named('run_id'), appId: named('app_id') };
    let deleted = 0;
    for (const userId of users) deleted += await deleteWhere(memory, { userId, ...defined(scope) }, plan, readerApp(c));
    return c.json({ message: 'Memories deleted successfully!', deleted });
  });
  return routes;
}

/** `start_date`/`end_date` (v1/v2/v3 lists) and `categories` as engine filters. */
function extraFilters(fields: Record<string, unknown>): ExtraFilters {
  const out: ExtraFilters = {};
  const start = optString(fields, 'start_date');
  const end = optString(fields, 'end_date');
  if (start !== undefined) out.from = dateBound('gte', start, 'start_date');
  if (end !== undefined) out.to = dateBound('lte', end, 'end_date');
  const categories = stringList(fields.categories, 'categories');
  if (categories) out.categories = categories;
  if (optBool(fields, 'show_expired')) out.showExpired = true;
  return out;
}

/** Drops undefined values (the engine's options are exact-optional). */
function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** Rows scanned per page when deleting by filter (the engine's largest page). */
const DELETE_SCAN_PAGE = 1_000;

/**
 * Deletes one user's memories of a scope matching `plan` (expired, paused and archived
 * ones included, as `deleteAll`), within
 * what the caller app may see. A plain scope goes through `deleteAll`; an app or a filter
 * lists the ids first.
 * @returns how many were deleted.
 */
async function deleteWhere(memory: Memory, scope: Mem0Scope, plan: FilterPlan, caller: string | undefined): Promise<number> {
  const base = caller === undefined ? {} : { caller };
  const p = plan.pushdown;
  if (scope.appId === undefined && plan.where === null && Object.keys(p).length === 0) {
    return (await memory.deleteAll({ userId: scope.userId, ...defined({ agentId: scope.agentId, runId: scope.runId }), ...base })).deleted;
  }
  const ids: string[] = [];
  for (let offset = 0; ; offset += DELETE_SCAN_PAGE) {
    const { results, total } = await memory.getAll({
      ...engineFilter(scope, plan, { showExpired: true }, caller), states: ['active', 'paused', 'archived'], log: false,
      limit: DELETE_SCAN_PAGE, offset, ...(plan.where ? { filter: plan.where } : {}),
    });
    ids.push(...results.map((m) => m.id));
    if (results.length === 0 || offset + DELETE_SCAN_PAGE >= total) break;
  }
  if (ids.length === 0) return 0;
  return (await memory.setState(ids, 'deleted', { userId: scope.userId, ...base })).length;
}

/**
 * Entity ids named inside an add's `filters` moved to top level (the Python client's
 * `AddMemoryOptions` puts them there); a different top-level value is a 400.
 * @throws MnemoError INVALID_INPUT for a non-object `filters`, other keys, or conflicting ids.
 */
function withFilterIds(body: Record<string, unknown>): Record<string, unknown> {
  const filters = body.filters;
  if (filters === undefined || filters === null) return body;
  if (typeof filters !== 'object' || Array.isArray(filters)) throw new MnemoError('INVALID_INPUT', 'filters must be an object');
  const out = { ...body };
  for (const [k, v] of Object.entries(filters)) {
    if (!(SCOPE_KEYS as readonly string[]).includes(k)) throw new MnemoError('INVALID_INPUT', `filters.${k} is not supported on add; use user_id, agent_id, run_id or app_id`);
    if (typeof v !== 'string' || v.trim() === '') throw new MnemoError('INVALID_INPUT', `filters.${k} must be a non-empty string`);
    if (out[k] !== undefined && out[k] !== null && out[k] !== v) throw new MnemoError('INVALID_INPUT', `${k} and filters.${k} differ`);
    out[k] = v;
  }
  return out;
}

/**
 * mem0's top-level `metadata` (the Python client's options carry it on lists and deletes)
 * as a metadata condition ANDed with `filters`.
 * @throws MnemoError INVALID_INPUT for a metadata value that is not an object.
 */
function withMetadata(filters: unknown, metadata: unknown): unknown {
  if (metadata === undefined || metadata === null) return filters;
  if (typeof metadata !== 'object' || Array.isArray(metadata)) throw new MnemoError('INVALID_INPUT', 'metadata must be an object');
  if (Object.keys(metadata).length === 0) return filters;
  return filters === undefined || filters === null ? { metadata } : { AND: [filters, { metadata }] };
}

/**
 * mem0's per-request `custom_categories` (`[{name: description}]`, or plain names) and
 * `custom_instructions` as categorizer guidance for this add (they override the
 * project's settings for it); `undefined` when neither is given.
 * @throws MnemoError INVALID_INPUT for malformed values.
 */
function guidanceOf(body: Record<string, unknown>): { categories?: Array<{ name: string; description: string }>; instructions?: string } | undefined {
  const cats = body.custom_categories;
  const instructions = body.custom_instructions;
  if ((cats === undefined || cats === null) && (instructions === undefined || instructions === null)) return undefined;
  const out: { categories?: Array<{ name: string; description: string }>; instructions?: string } = {};
  if (cats !== undefined && cats !== null) {
    if (!Array.isArray(cats)) throw new MnemoError('INVALID_INPUT', 'custom_categories must be a list of {name: description} objects');
    out.categories = cats.flatMap((c): Array<{ name: string; description: string }> => {
      if (typeof c === 'string') return [{ name: c.toLowerCase(), description: c }];
      if (typeof c !== 'object' || c === null || Array.isArray(c)) throw new MnemoError('INVALID_INPUT', 'custom_categories must be a list of {name: description} objects');
      return Object.entries(c).map(([name, description]) => ({ name: name.toLowerCase(), description: String(description) }));
    });
  }
  if (instructions !== undefined && instructions !== null) {
    if (typeof instructions !== 'string') throw new MnemoError('INVALID_INPUT', 'custom_instructions must be a string');
    out.instructions = instructions;
  }
  return out;
}
