/**
 * mem0's exports and summary, real and LLM-free (engine/exports.ts):
 * - `POST /v1/exports/` `{schema, filters?, user_id?, ...}` runs the export at once and
 *   answers `{message, id, status: "COMPLETED"}`;
 * - `POST /v1/exports/get/` `{memory_export_id?, filters?, user_id?}` answers the
 *   exported document in the requested schema (the newest export when no id is given);
 * - `POST /v1/summary/` `{filters?}` → `{status, summary, total_memories, categories:
 *   [{name, count}], agents, runs, recent_memories: [memory], first_memory_at,
 *   last_memory_at}`: counts, categories and recent memories; `summary` is a sentence
 *   built from them, not LLM prose.
 * Scope: the user named (top level or in `filters`), as for lists; mem0's filter grammar
 * narrows the memories. Exports of another user → 404.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { MnemoError } from '../../../core/errors.js';
import type { ExportScope, MemorySummary } from '../../../engine/exports.js';
import type { AppEnv, HttpDeps } from '../../context.js';
import { compileFilters } from './filters.js';
import { engineFilter } from './query.js';
import { checkFields, optString, readBody, readerApp, SCOPE_KEYS, scopeOf, slashed } from './request.js';
import { toMem0Memory } from './wire.js';

/** The export/summary scope of a body: its user and filters, as for `getAll`. */
function scopeOfBody(c: Context<AppEnv>, body: Record<string, unknown>): ExportScope {
  const plan = compileFilters(body.filters);
  const scope = scopeOf(c, body, plan.userId);
  return { ...engineFilter(scope, plan, {}, readerApp(c)), ...(plan.where ? { filter: plan.where } : {}) };
}

/** A one-line, LLM-free description of a summary. */
function sentence(s: MemorySummary): string {
  if (s.totalMemories === 0) return `${s.userId} has no memories yet.`;
  const top = s.categories.slice(0, 3).map((c) => `${c.name} (${c.count})`).join(', ');
  const span = s.firstAt && s.lastAt ? ` from ${s.firstAt.slice(0, 10)} to ${s.lastAt.slice(0, 10)}` : '';
  return `${s.userId} has ${s.totalMemories} ${s.totalMemories === 1 ? 'memory' : 'memories'}${span}${top ? `, mostly about ${top}` : ''}. Most recent: "${s.recent[0]?.memory.slice(0, 120) ?? ''}".`;
}

/** Routes of the export and summary endpoints. */
export function exportsRoutes(deps: HttpDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const { memory } = deps;

  routes.on('POST', slashed('/v1/exports/'), async (c) => {
    const body = await readBody(c);
    checkFields(body, ['schema', 'filters', ...SCOPE_KEYS], 'create memory export');
    if (body.schema === undefined || body.schema === null) throw new MnemoError('INVALID_INPUT', 'schema is required');
    const filters = (body.filters ?? {}) as Record<string, unknown>;
    const job = await memory.exports.create(scopeOfBody(c, body), body.schema, filters);
    return c.json({ message: 'Memory export request received. The export is ready.', id: job.id, status: job.status });
  });

  routes.on('POST', slashed('/v1/exports/get/'), async (c) => {
    const body = await readBody(c);
    checkFields(body, ['memory_export_id', 'filters', ...SCOPE_KEYS], 'get memory export');
    const scope = scopeOf(c, body, compileFilters(body.filters).userId);
    const job = await memory.exports.get(scope.userId, optString(body, 'memory_export_id'));
    return c.json(job.result as Record<string, unknown>);
  });

  routes.on('POST', slashed('/v1/summary/'), async (c) => {
    const body = await readBody(c);
    checkFields(body, ['filters', ...SCOPE_KEYS], 'summary');
    const s = await memory.exports.summary(scopeOfBody(c, body));
    return c.json({
      status: 'COMPLETED', summary: sentence(s), user_id: s.userId, total_memories: s.totalMemories, categories: s.categories,
      agents: s.agents, runs: s.runs, recent_memories: s.recent.map(toMem0Memory), first_memory_at: s.firstAt, last_memory_at: s.lastAt,
    });
  });
  return routes;
}
