/**
 * `/api/v1/memories`: OpenMemory's memories router on the engine — list (GET, and POST
 * `/filter` with a JSON body), create, get, update, delete (one or bulk), archive,
 * pause/resume/archive by ids, categories, app or everything, access log, related,
 * history and categories, and ranked search (`GET/POST /search`: the engine's hybrid
 * search with its filters, mode, limit, scores and `notice`). The user comes from the API key (or `user_id` with auth off),
 * the acting app from the key or `X-Mnemo-App`, so pauses and access rules apply.
 *
 * Access log (reads: list, get, related): an app's reads are logged under the app; the
 * user reading directly (no app — the dashboard, curl) is not logged (`restReader` in
 * context.ts). Of the two options in the dashboard's request, this one stops the flood
 * (every dashboard page of 25 memories wrote 25 `list` rows under `null`) instead of
 * relabelling it as a `dashboard` app, and the log keeps its purpose: what agents read.
 * Writes by the user are still recorded (history, status history).
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { MAX_QUERY_CHARS } from '../../engine/inputs.js';
import { MnemoError } from '../../core/errors.js';
import { MemoryStateSchema, MetadataSchema } from '../../core/memory.js';
import { MAX_LIMIT, MemoryIdSchema, parseInput, ThresholdSchema } from '../../engine/inputs.js';
import type { ListOptions } from '../../engine/memory.js';
import { type AppEnv, type HttpDeps, resolveApp, resolveUser, restReader, principalOf } from '../context.js';
import { listField, paging, PagingSchema, queryBool, queryInt, readJson, readQuery } from '../request.js';
import { page, toAccessLogResponse, toHistoryResponse, toMemoryResponse, toStatusResponse } from './openmemory-wire.js';
import { MAX_CATEGORIES, MAX_CATEGORY_CHARS, MAX_ID_CHARS } from '../../core/limits.js';

/** OpenMemory's sort columns → the engine's. */
const SORT_COLUMNS = { memory: 'content', content: 'content', app_name: 'app', app: 'app', created_at: 'created_at', updated_at: 'updated_at' } as const;

const bool = z.union([z.boolean(), queryBool]);
const seconds = z.coerce.number({ error: 'must be Unix seconds' }).int().min(0);

/** Filters, sort and paging of a memory list, from a query string or a JSON body. */
const ListQuerySchema = PagingSchema.extend({
  user_id: z.string().optional(),
  search_query: z.string().max(MAX_QUERY_CHARS).optional(),
  app_id: z.string().min(1).optional(),
  app: z.string().min(1).optional(),
  app_ids: listField.optional(),
  categories: listField.optional(),
  category_ids: listField.optional(),
  state: listField.optional(),
  show_archived: bool.optional(),
  from_date: seconds.optional(),
  to_date: seconds.optional(),
  sort_column: z.enum(Object.keys(SORT_COLUMNS) as [keyof typeof SORT_COLUMNS]).optional(),
  sort_direction: z.enum(['asc', 'desc']).optional(),
});

/** A ranked search (`GET /search?q=` or `POST /search` with `{query}`): the engine's `search`. */
const SearchQuerySchema = z.object({
  user_id: z.string().optional(),
  query: z.string({ error: 'query must be a string' }).trim().min(1, 'query must not be empty').max(4000),
  app_id: z.string().min(1).optional(),
  categories: listField.optional(),
  state: listField.optional(),
  show_archived: bool.optional(),
  from_date: seconds.optional(),
  to_date: seconds.optional(),
  mode: z.enum(['hybrid', 'keyword', 'vector']).optional(),
  limit: queryInt(1, 100, 10),
  // Query strings carry text: a numeric string is read as its number; anything else (NaN, '', 'high') is refused.
  threshold: z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), ThresholdSchema).optional(),
});

const StateListSchema = z.array(MemoryStateSchema.exclude(['deleted'])).min(1);
const IdsSchema = z.array(MemoryIdSchema).min(1, 'memory_ids must not be empty').max(MAX_LIMIT);

const CreateSchema = z.object({
  user_id: z.string().optional(),
  text: z.string({ error: 'text must be a string' }),
  metadata: MetadataSchema.optional(),
  app: z.string().min(1).max(MAX_ID_CHARS).optional(),
  categories: z.array(z.string().min(1).max(MAX_CATEGORY_CHARS)).max(MAX_CATEGORIES).optional(),
  agent_id: z.string().optional(),
  run_id: z.string().optional(),
  infer: z.boolean().optional(),
});

const UpdateSchema = z.object({
  user_id: z.string().optional(),
  memory_content: z.string({ error: 'memory_content must be a string' }).optional(),
  text: z.string({ error: 'text must be a string' }).optional(),
  metadata: MetadataSchema.optional(),
}).refine((b) => b.memory_content !== undefined || b.text !== undefined, 'memory_content (or text) is required');

const IdsBodySchema = z.object({ user_id: z.string().optional(), memory_ids: IdsSchema });

const PauseSchema = z.object({
  user_id: z.string().optional(),
  memory_ids: z.array(MemoryIdSchema).max(MAX_LIMIT).optional(),
  category_ids: z.array(z.string().min(1)).optional(),
  categories: z.array(z.string().min(1)).optional(),
  app_id: z.string().min(1).optional(),
  all_for_app: z.boolean().optional(),
  global_pause: z.boolean().optional(),
  state: z.enum(['active', 'paused', 'archived']).optional(),
});

/** Reading app of a request (`undefined` = the user acting directly). */
const callerOf = (c: Context<AppEnv>): string | undefined => resolveApp(c) ?? undefined;

/** The memories router (mounted at `/api/v1/memories`). */
export function memoriesRoutes(deps: HttpDeps): Hono<AppEnv> {
  const { memory } = deps;
  const routes = new Hono<AppEnv>();

  const list = async (c: Context<AppEnv>, q: z.infer<typeof ListQuerySchema>) => {
    const userId = resolveUser(c, q.user_id);
    const { page: pageNo, size, limit, offset } = paging(q);
    const apps = [...(q.app_ids ?? []), ...(q.app_id ? [q.app_id] : []), ...(q.app ? [q.app] : [])];
    if (new Set(apps).size > 1) throw new MnemoError('INVALID_INPUT', 'filter by one app at a time');
    const states = q.state !== undefined ? parseStates(q.state) : q.show_archived ? ['active', 'paused', 'archived'] as const : ['active', 'paused'] as const;
    const categories = [...(q.categories ?? []), ...(q.category_ids ?? [])];
    const options: ListOptions = {
      userId, ...restReader(c), limit, offset, states: [...states],
      app: apps[0], contains: q.search_query, categories: categories.length > 0 ? categories : undefined,
      from: q.from_date, to: q.to_date,
      orderBy: q.sort_column ? SORT_COLUMNS[q.sort_column] : 'created_at', order: q.sort_direction ?? 'desc',
    };
    const result = await memory.getAll(options);
    return c.json(page(result.results.map(toMemoryResponse), result.total, pageNo, size));
  };

  routes.get('/', (c) => list(c, readQuery(c, ListQuerySchema)));
  routes.post('/filter', async (c) => list(c, await readJson(c, ListQuerySchema)));

  const search = async (c: Context<AppEnv>, q: z.infer<typeof SearchQuerySchema>) => {
    const userId = resolveUser(c, q.user_id);
    const states = q.state !== undefined ? parseStates(q.state) : q.show_archived ? ['active', 'paused', 'archived'] as const : ['active', 'paused'] as const;
    const result = await memory.search(q.query, {
      userId, ...restReader(c), app: q.app_id, categories: q.categories && q.categories.length > 0 ? q.categories : undefined,
      states: [...states], from: q.from_date, to: q.to_date, mode: q.mode, limit: q.limit ?? 10, threshold: q.threshold,
    });
    return c.json({
      query: q.query, mode: result.mode,
      results: result.results.map((h) => ({ ...toMemoryResponse(h), score: h.score })),
      ...(result.notice ? { notice: result.notice } : {}),
    });
  };
  routes.get('/search', (c) => {
    const { q, ...raw } = c.req.query();
    return search(c, parseInput(SearchQuerySchema, { ...(q === undefined ? {} : { query: q }), ...raw }, 'query parameters'));
  });
  routes.post('/search', async (c) => search(c, await readJson(c, SearchQuerySchema)));

  routes.get('/categories', async (c) => {
    const categories = await memory.categories({ userId: resolveUser(c, c.req.query('user_id')) });
    return c.json({ categories, total: categories.length });
  });

  routes.post('/', async (c) => {
    const body = await readJson(c, CreateSchema);
    const userId = resolveUser(c, body.user_id);
    const result = await memory.add(body.text, {
      userId, app: resolveApp(c, body.app) ?? undefined, metadata: body.metadata, categories: body.categories,
      agentId: body.agent_id, runId: body.run_id,
    });
    const event = result.results[0];
    if (!event) throw new MnemoError('INVALID_INPUT', 'nothing to store');
    // Echoing the write back is not a read: never logged.
    const stored = await memory.get(event.id, { userId, caller: callerOf(c), log: false });
    return c.json({ ...toMemoryResponse(stored), event: event.event, ...(result.notice ? { notice: result.notice } : {}) }, event.event === 'ADD' ? 201 : 200);
  });

  routes.delete('/', async (c) => {
    const body = await readJson(c, IdsBodySchema);
    const userId = resolveUser(c, body.user_id);
    const deleted = await memory.setState(body.memory_ids, 'deleted', { userId, caller: callerOf(c) });
    return c.json({ message: `Successfully deleted ${deleted.length} ${deleted.length === 1 ? 'memory' : 'memories'}`, deleted: deleted.length, ids: deleted });
  });

  routes.post('/actions/archive', async (c) => {
    const body = await readJson(c, IdsBodySchema);
    const changed = await memory.setState(body.memory_ids, 'archived', { userId: resolveUser(c, body.user_id), caller: callerOf(c) });
    return c.json({ message: `Successfully archived ${changed.length} ${changed.length === 1 ? 'memory' : 'memories'}`, changed: changed.length, ids: changed });
  });

  routes.post('/actions/pause', async (c) => {
    const body = await readJson(c, PauseSchema);
    const userId = resolveUser(c, body.user_id);
    const caller = callerOf(c);
    const state = body.state ?? 'paused';
    const categories = [...(body.category_ids ?? []), ...(body.categories ?? [])];
    let changed: string[];
    if (body.memory_ids && body.memory_ids.length > 0) changed = await memory.setState(body.memory_ids, state, { userId, caller });
    else if (body.global_pause || body.app_id || categories.length > 0) {
      changed = await memory.setStateWhere({ userId, caller, app: body.app_id, categories: categories.length > 0 ? categories : undefined }, state);
    } else throw new MnemoError('INVALID_INPUT', 'say what to change: memory_ids, categories, app_id or global_pause');
    return c.json({ message: `Successfully set ${changed.length} memories to ${state}`, changed: changed.length, ids: changed });
  });

  routes.get('/:id', async (c) => {
    const m = await memory.as(principalOf(c, c.req.query('user_id'))).get(c.req.param('id'), { log: restReader(c).log });
    return c.json(toMemoryResponse(m));
  });

  routes.put('/:id', async (c) => {
    const body = await readJson(c, UpdateSchema);
    const m = await memory.as(principalOf(c, body.user_id)).update(c.req.param('id'), (body.memory_content ?? body.text)!, {
      ...(body.metadata ? { metadata: body.metadata } : {}),
    });
    return c.json(toMemoryResponse(m));
  });

  routes.delete('/:id', async (c) => {
    const { id } = await memory.as(principalOf(c, c.req.query('user_id'))).delete(c.req.param('id'));
    return c.json({ message: 'Successfully deleted 1 memory', id });
  });

  routes.get('/:id/access-log', async (c) => {
    const p = paging(readQuery(c, PagingSchema.extend({ user_id: z.string().optional() })));
    const log = await memory.as(principalOf(c, c.req.query('user_id'))).accessLog(c.req.param('id'), { limit: p.limit, offset: p.offset });
    return c.json({ total: log.total, page: p.page, page_size: p.size, logs: log.rows.map(toAccessLogResponse) });
  });

  routes.get('/:id/related', async (c) => {
    const q = readQuery(c, z.object({ user_id: z.string().optional(), size: queryInt(1, 100, 5) }));
    const related = await memory.as(principalOf(c, q.user_id)).related(c.req.param('id'), { limit: q.size, log: restReader(c).log });
    return c.json({
      ...page(related.byCategory.map(toMemoryResponse), related.byCategory.length, 1, q.size),
      similar: related.bySimilarity.map((m) => ({ ...toMemoryResponse(m), score: m.score })),
    });
  });

  routes.get('/:id/history', async (c) => {
    const me = memory.as(principalOf(c, c.req.query('user_id')));
    const id = c.req.param('id');
    const [history, status] = await Promise.all([me.history(id), me.statusHistory(id)]);
    return c.json({ history: history.map(toHistoryResponse), status_history: status.map(toStatusResponse) });
  });

  return routes;
}

function parseStates(values: string[]) {
  const result = StateListSchema.safeParse(values);
  if (!result.success) throw new MnemoError('INVALID_INPUT', 'state must list active, paused or archived');
  return result.data;
}

