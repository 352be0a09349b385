/**
 * The JSON shapes of the OpenMemory-style REST API (`/api/v1`), following OpenMemory's
 * routers (mem0ai/mem0 `openmemory/api/app/routers/`): snake_case fields, times as Unix
 * seconds, pages as `{items, total, page, size, pages}`. An app's id is its name.
 */
import type { AccessRule, ApiKeyRecord, AppRecord } from '../../core/governance.js';
import type { AccessLogEntry, ActivityEntry, HistoryEntry, MemoryRecord, StatusChange } from '../../core/memory.js';

/** ISO time → Unix seconds (OpenMemory's `created_at`), `null` kept. */
export function toSeconds(iso: string): number;
export function toSeconds(iso: string | null): number | null;
export function toSeconds(iso: string | null): number | null {
  return iso === null ? null : Math.floor(Date.parse(iso) / 1000);
}

/** OpenMemory's `MemoryResponse`, plus `text` (its get-by-id name) and mnemo's scope fields. */
export function toMemoryResponse(m: MemoryRecord) {
  return {
    id: m.id,
    content: m.memory,
    text: m.memory,
    created_at: toSeconds(m.createdAt),
    updated_at: toSeconds(m.updatedAt),
    state: m.state,
    app_id: m.app,
    app_name: m.app,
    categories: m.categories,
    metadata_: m.metadata,
    user_id: m.userId,
    agent_id: m.agentId,
    run_id: m.runId,
  };
}

/** A page in fastapi-pagination's shape. `page` is 1-based. */
export function page<T>(items: T[], total: number, pageNo: number, size: number) {
  return { items, total, page: pageNo, size, pages: Math.ceil(total / size) };
}

/** An app as OpenMemory's app list and details return it. */
export function toAppResponse(a: AppRecord) {
  return {
    id: a.name,
    name: a.name,
    is_active: a.isActive,
    total_memories_created: a.memoriesCreated,
    total_memories_accessed: a.memoriesAccessed,
    created_at: toSeconds(a.createdAt),
    first_accessed: toSeconds(a.firstAccessedAt),
    last_accessed: toSeconds(a.lastAccessedAt),
  };
}

/** One access-log row. */
export function toAccessLogResponse(e: AccessLogEntry) {
  return { memory_id: e.memoryId, app_name: e.app, access_type: e.action, query: e.query, score: e.score, accessed_at: toSeconds(e.createdAt) };
}

/** One content-history row. */
export function toHistoryResponse(h: HistoryEntry) {
  return { id: h.id, memory_id: h.memoryId, event: h.event, old_memory: h.oldMemory, new_memory: h.newMemory, app_name: h.app, created_at: toSeconds(h.createdAt) };
}

/** One state change (`changed_by` is the app, or `null` for the user acting directly). */
export function toStatusResponse(s: StatusChange) {
  return { memory_id: s.memoryId, old_state: s.oldState, new_state: s.newState, changed_by: s.changedBy, changed_at: toSeconds(s.createdAt) };
}

/** One access rule. */
export function toRuleResponse(r: AccessRule) {
  return { id: r.id, app: r.app, effect: r.effect, object_type: r.objectType, object_id: r.objectId, created_at: toSeconds(r.createdAt) };
}

/** One event of recent activity (`GET /api/v1/activity`). */
export function toActivityResponse(e: ActivityEntry) {
  return { kind: e.kind, action: e.action, memory_id: e.memoryId, content: e.content, app_name: e.app, query: e.query, at: toSeconds(e.createdAt) };
}

/** An API key as listed: never the token, never its hash. `kind`: `user` or `project` (acts for any user_id). */
export function toKeyResponse(k: ApiKeyRecord) {
  return { id: k.id, kind: k.kind ?? 'user', app: k.app, name: k.name, created_at: toSeconds(k.createdAt), last_used_at: toSeconds(k.lastUsedAt), revoked_at: toSeconds(k.revokedAt) };
}

/** One memory of an export file (`GET /api/v1/export`); `POST /api/v1/import` reads the same shape. */
export function toExportedMemory(m: MemoryRecord) {
  return {
    id: m.id, content: m.memory, created_at: toSeconds(m.createdAt), updated_at: toSeconds(m.updatedAt), state: m.state,
    app_name: m.app, categories: m.categories, metadata_: m.metadata, agent_id: m.agentId, run_id: m.runId,
    ...(m.expiresAt ? { expires_at: toSeconds(m.expiresAt) } : {}),
  };
}
