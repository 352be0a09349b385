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
 * as mem0).
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { MnemoError } from '../../../core/errors.js';
import { MetadataSchema } from '../../../core/memory.js';
import { parseInput } from '../../../engine/inputs.js';
import { type AppEnv, type HttpDeps, resolveApp } from '../../context.js';
import { compileFilters, dateBound } from './filters.js';
import { type ExtraFilters, listMemories } from './query.js';
import {
  checkFields, type Mem0Scope, notice, optString, PAGE_SIZE, pageOf, queryFields, readBody, readerApp, rejectTopLevelScope,
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
    const inference = checkFields(body, ['messages', 'metadata', 'timestamp', ...SCOPE_KEYS], 'add');
    const input = parseInput(AddBodySchema, body, 'add request');
    const scope = scopeOf(c, body);
    const messages = typeof input.messages === 'string' ? input.messages : input.messages.map((m) => (typeof m === 'string' ? m : {
      role: m.role as 'user', content: m.content, ...(m.name === undefined ? {} : { name: m.name }),
    }));
    const app = resolveApp(c, scope.appId);
    const result = await memory.add(messages, {
      userId: scope.userId, ...(scope.agentId ? { agentId: scope.agentId } : {}), ...(scope.runId ? { runId: scope.runId } : {}),
      ...(app === null ? {} : { app }), ...(input.metadata ? { metadata: input.metadata } : {}),
      ...(input.timestamp === undefined ? {} : { timestamp: input.timestamp }),
      // mem0 infers unless told not to: with an LLM configured (serve --llm-*) facts are
      // extracted and applied; without one the messages are stored verbatim and the
      // result's notice says so (engine/infer.ts).
      ...(body.infer === false ? {} : { infer: true }),
    });
    const notes = [inference.filter((f) => f !== 'infer').map((f) => `${f} ignored`).join(', '), result.notice];
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
    const allowed = version === 'v3' ? ['filters', 'start_date', 'end_date', 'categories', 'fields'] : [...SCOPE_KEYS, 'filters', 'start_date', 'end_date', 'categories', 'fields'];
    if (version === 'v3') rejectTopLevelScope(fields);
    checkFields(fields, allowed, 'get all');
    const plan = compileFilters(fields.filters);
    const scope: Mem0Scope = scopeOf(c, fields, plan.userId);
    const page = pageOf(c) ?? (version === 'v3' ? { page: 1, pageSize: PAGE_SIZE.default } : null);
    const window = page ? { offset: (page.page - 1) * page.pageSize, limit: page.pageSize } : { offset: 0, limit: PAGE_SIZE.max };
    const { rows, total } = await listMemories(memory, scope, plan, extraFilters(fields), readerApp(c), window);
    const results = pickFields(rows.map(toMem0Memory), stringList(fields.fields, 'fields'));
    if (page) return c.json(paginated(c.req.url, page, total, results));
    if (total > rows.length) notice(c, `first ${rows.length} of ${total} memories; pass page and page_size for the rest`);
    return c.json(results);
  };
  routes.on('GET', slashed('/v1/memories/'), (c) => list(c, queryFields(c), 'v1'));
  routes.on('POST', slashed('/v2/memories/'), async (c) => list(c, await readBody(c), 'v2'));
  routes.on('POST', slashed('/v3/memories/'), async (c) => list(c, await readBody(c), 'v3'));

  routes.on('DELETE', slashed('/v1/memories/'), async (c) => {
    const fields = queryFields(c);
    checkFields(fields, ['user_id', 'agent_id', 'run_id'], 'delete all');
    if (!['user_id', 'agent_id', 'run_id'].some((k) => optString(fields, k) !== undefined)) {
      throw new MnemoError('INVALID_INPUT', 'delete all needs at least one of user_id, agent_id, run_id');
    }
    const scope = scopeOf(c, fields);
    const caller = readerApp(c);
    const { deleted } = await memory.deleteAll({
      userId: scope.userId, ...(scope.agentId ? { agentId: scope.agentId } : {}), ...(scope.runId ? { runId: scope.runId } : {}),
      ...(caller === undefined ? {} : { caller }),
    });
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
  return out;
}
