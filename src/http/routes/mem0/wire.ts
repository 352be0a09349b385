/**
 * mnemo's records in mem0's JSON shapes (snake_case, as in mem0's API reference): a
 * memory, an add event, a history entry, and mem0's paginated envelope. Pure functions;
 * the 3.x client camelCases these keys itself (except `metadata`).
 */
import type { HistoryEntry, MemoryRecord } from '../../../core/memory.js';
import type { AddEvent } from '../../../engine/search-types.js';

/** A memory as mem0 returns it; `score` only on search hits. */
export interface Mem0Memory {
  id: string;
  memory: string;
  user_id: string;
  agent_id: string | null;
  run_id: string | null;
  /** mem0's `app_id`: the app that wrote the memory. */
  app_id: string | null;
  hash: string;
  metadata: Record<string, unknown>;
  categories: string[];
  created_at: string;
  updated_at: string;
  /** When the memory expires (ISO time), or `null`. */
  expiration_date: string | null;
  score?: number;
}

/** A memory record (or search hit) in mem0's shape. */
export function toMem0Memory(m: MemoryRecord & { score?: number }): Mem0Memory {
  const out: Mem0Memory = {
    id: m.id, memory: m.memory, user_id: m.userId, agent_id: m.agentId, run_id: m.runId, app_id: m.app,
    hash: m.hash, metadata: m.metadata, categories: m.categories, created_at: m.createdAt, updated_at: m.updatedAt,
    expiration_date: m.expiresAt ?? null,
  };
  if (m.score !== undefined) out.score = m.score;
  return out;
}

/**
 * Keeps only `fields` of each memory (mem0's `fields` option of search/getAll); `id` is
 * always kept. No `fields` = everything.
 */
export function pickFields(memories: Mem0Memory[], fields: string[] | undefined): Array<Partial<Mem0Memory>> {
  if (!fields || fields.length === 0) return memories;
  const keep = new Set(['id', ...fields]);
  return memories.map((m) => Object.fromEntries(Object.entries(m).filter(([k]) => keep.has(k))));
}

/**
 * One add event in mem0's shape: v1.0 clients read `data.memory`, v1.1 and v3 read
 * `memory`; both are present. The engine's `NONE` (exact duplicate) is mem0's `NOOP`.
 */
export function toMem0Event(e: AddEvent): Record<string, unknown> {
  const out: Record<string, unknown> = { id: e.id, event: e.event === 'NONE' ? 'NOOP' : e.event, memory: e.memory, data: { memory: e.memory } };
  if (e.previousMemory !== undefined) out.previous_memory = e.previousMemory;
  return out;
}

/** A history row in mem0's shape (`input` is empty: mnemo keeps no source messages). */
export function toMem0History(h: HistoryEntry, userId: string): Record<string, unknown> {
  return {
    id: h.id, memory_id: h.memoryId, old_memory: h.oldMemory, new_memory: h.newMemory, event: h.event,
    user_id: userId, app_id: h.app, input: [], categories: [], is_deleted: h.event === 'DELETE',
    created_at: h.createdAt, updated_at: h.createdAt,
  };
}

/** mem0's paginated envelope (Django REST style): `next`/`previous` are absolute URLs or null. */
export interface Paginated<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** Wraps one page of `results` with links built from the request URL. */
export function paginated<T>(requestUrl: string, page: { page: number; pageSize: number }, total: number, results: T[]): Paginated<T> {
  const link = (n: number): string => {
    const url = new URL(requestUrl);
    url.searchParams.set('page', String(n));
    url.searchParams.set('page_size', String(page.pageSize));
    return url.toString();
  };
  return {
    count: total,
    next: page.page * page.pageSize < total ? link(page.page + 1) : null,
    previous: page.page > 1 ? link(page.page - 1) : null,
    results,
  };
}
