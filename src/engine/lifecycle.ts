/**
 * State changes of memories: delete one, delete a scope, move ids or a filtered set to
 * another state — each a write by the acting app (refused when it is paused) within what
 * that app may see, recorded in the status history.
 *
 * Failure contract: `MnemoError` — `INVALID_INPUT` for bad ids/options, `FORBIDDEN` for a
 * paused app, `NOT_FOUND` (single delete) for an id outside the caller's view.
 */
import type { MemoryState } from '../core/memory.js';
import { assertCanWrite } from './apps.js';
import { type EngineContext, notFound } from './engine-context.js';
import { ByIdOptionsSchema, FilterOptionsSchema, MemoryIdSchema, parseInput, ScopeSchema } from './inputs.js';
import type { ByIdOptions, ListOptions, ScopeOptions } from './memory-options.js';

/** States a bulk change touches unless told otherwise: all but deleted. */
const LIVE_STATES: MemoryState[] = ['active', 'paused', 'archived'];

/** See `Memory.delete`. */
export async function remove(ctx: EngineContext, id: string, options: ByIdOptions): Promise<{ id: string }> {
  const memoryId = parseInput(MemoryIdSchema, id, 'memory id');
  const { opts, r } = await ctx.begin(ByIdOptionsSchema, options, 'options');
  await ctx.visibleRecord(r, memoryId, opts.userId, opts.caller);
  await assertCanWrite(r.store.governance, opts.userId, ctx.actor(opts.caller), ctx.now());
  const changed = await r.store.setState([memoryId], opts.userId, 'deleted', ctx.actor(opts.caller), ctx.now());
  if (changed.length === 0) throw notFound(memoryId);
  emitDeletes(ctx, opts.userId, opts.caller, changed);
  return { id: memoryId };
}

/** See `Memory.deleteAll`. */
export async function removeAll(ctx: EngineContext, scope: ScopeOptions): Promise<{ deleted: number }> {
  const { opts, r } = await ctx.begin(ScopeSchema.extend({ caller: ByIdOptionsSchema.shape.caller }), scope, 'scope');
  await assertCanWrite(r.store.governance, opts.userId, ctx.actor(opts.caller), ctx.now());
  const reader = await ctx.reader(r, opts.userId, opts.caller);
  if (reader.blocked) return { deleted: 0 };
  const ids = await r.store.listIds({
    userId: opts.userId, agentId: opts.agentId, runId: opts.runId, states: LIVE_STATES, visibility: reader.visibility,
  });
  const changed = await r.store.setState(ids, opts.userId, 'deleted', ctx.actor(opts.caller), ctx.now());
  emitDeletes(ctx, opts.userId, opts.caller, changed);
  return { deleted: changed.length };
}

/** See `Memory.setState`. */
export async function setState(ctx: EngineContext, ids: string[], state: MemoryState, options: ByIdOptions): Promise<string[]> {
  const memoryIds = ids.map((id) => parseInput(MemoryIdSchema, id, 'memory id'));
  const { opts, r } = await ctx.begin(ByIdOptionsSchema, options, 'options');
  await assertCanWrite(r.store.governance, opts.userId, ctx.actor(opts.caller), ctx.now());
  const scope = await ctx.reader(r, opts.userId, opts.caller);
  if (scope.blocked) return [];
  const visible = scope.visibility === undefined ? memoryIds
    : await r.store.listIds({ userId: opts.userId, ids: memoryIds, states: LIVE_STATES, visibility: scope.visibility });
  const changed = await r.store.setState(visible, opts.userId, state, ctx.actor(opts.caller), ctx.now());
  if (state === 'deleted') emitDeletes(ctx, opts.userId, opts.caller, changed);
  return changed;
}

/** See `Memory.setStateWhere`. */
export async function setStateWhere(ctx: EngineContext, options: Pick<ListOptions, 'userId' | 'caller' | 'app' | 'categories' | 'states'>, state: MemoryState): Promise<string[]> {
  const { opts, r } = await ctx.begin(FilterOptionsSchema, options, 'filter');
  await assertCanWrite(r.store.governance, opts.userId, ctx.actor(opts.caller), ctx.now());
  const reader = await ctx.reader(r, opts.userId, opts.caller);
  if (reader.blocked) return [];
  const ids = await r.store.listIds({
    userId: opts.userId, app: opts.app, categories: opts.categories, states: opts.states ?? LIVE_STATES, visibility: reader.visibility,
  });
  const changed = await r.store.setState(ids, opts.userId, state, ctx.actor(opts.caller), ctx.now());
  if (state === 'deleted') emitDeletes(ctx, opts.userId, opts.caller, changed);
  return changed;
}

/** Tells listeners (webhooks) which memories a call deleted. */
function emitDeletes(ctx: EngineContext, userId: string, caller: string | undefined, ids: string[]): void {
  ctx.events.emit({ kind: 'delete', userId, app: ctx.actor(caller), changes: ids.map((id) => ({ id, memory: '', event: 'DELETE' as const })) });
}
