/**
 * One principal per request or session, and an engine handle scoped to it.
 *
 * A principal is `{userId, app}`: whose memories, and which app (MCP client, API key's
 * app, `X-Mnemo-App`) is acting. Each edge resolves it ONCE, by one rule, and then calls
 * the engine only through {@link ScopedMemory}, which passes the user and the app
 * (`caller` for reads: access rules, pause, access log; `app` for writes) on every call,
 * so no call site can forget the app (as `memory_history` once did, showing text a
 * deny-all rule hides).
 *
 * Precedence of the app, highest first (documented once, applied at each edge):
 * 1. an API key bound to an app (the request cannot override it);
 * 2. the app the edge names explicitly: `mnemo mcp --app`, an MCP route's
 *    `/mcp/{client_name}/…`, a body `app` field, `X-Mnemo-App`;
 * 3. the MCP client's `clientInfo.name` (MCP sessions only);
 * 4. none (`null`): the user acting directly (dashboard, CLI, SDK) — no app rules apply.
 * The user: the API key's user (naming another is 403), else the request's `user_id`,
 * else the configured default user (auth off / CLI / stdio).
 *
 * Failure contract: every method rejects like the `Memory` method it wraps.
 */
import type { HistoryEntry, MemoryRecord, MemoryState, Metadata, StatusChange, AccessLogEntry } from '../core/memory.js';
import type { AddInput, AddOptions, ByIdOptions, ListOptions, SearchOptions } from './memory-options.js';
import type { AddResult, ListResult, RelatedResult, SearchResult } from './search-types.js';
import type { Memory } from './memory.js';

/** Who acts: the user whose memories are touched, and the acting app (`null` = the user directly). */
export interface Principal {
  userId: string;
  app: string | null;
}

/** Options of a scoped call: the engine's, minus the identity fields the handle fills in. */
type Unscoped<T> = Omit<T, 'userId' | 'caller' | 'app'>;

/**
 * The engine seen by one principal. Obtain with `memory.as(principal)`.
 * @example const me = memory.as({ userId: 'alice', app: 'cursor' }); await me.history(id); // deny rules of cursor apply
 */
export class ScopedMemory {
  constructor(private readonly memory: Memory, readonly principal: Readonly<Principal>) {}

  private read(): { userId: string; caller?: string } {
    return this.principal.app === null ? { userId: this.principal.userId } : { userId: this.principal.userId, caller: this.principal.app };
  }

  private write(): { userId: string; app?: string; caller?: string } {
    return this.principal.app === null ? { userId: this.principal.userId } : { userId: this.principal.userId, app: this.principal.app, caller: this.principal.app };
  }

  /** `Memory.add` as this principal (the app is the writer). */
  add(input: AddInput, options: Unscoped<AddOptions> = {}): Promise<AddResult> {
    return this.memory.add(input, { ...options, ...this.write() });
  }

  /** `Memory.search` within what this principal may read. */
  search(query: string, options: Unscoped<SearchOptions> = {}): Promise<SearchResult> {
    return this.memory.search(query, { ...options, ...this.read() });
  }

  /** `Memory.getAll` within what this principal may read; `writer` filters by the writing app. */
  getAll(options: Unscoped<ListOptions> & { writer?: string } = {}): Promise<ListResult> {
    const { writer, ...rest } = options;
    return this.memory.getAll({ ...rest, ...this.read(), ...(writer === undefined ? {} : { app: writer }) });
  }

  /** `Memory.get` (NOT_FOUND when hidden from this principal). */
  get(id: string, options: Unscoped<ByIdOptions> = {}): Promise<MemoryRecord> {
    return this.memory.get(id, { ...options, ...this.read() });
  }

  /** `Memory.update` as this principal. */
  update(id: string, text: string | undefined, options: Unscoped<ByIdOptions> & { metadata?: Metadata } = {}): Promise<MemoryRecord> {
    return this.memory.update(id, text, { ...options, ...this.read() });
  }

  /** `Memory.delete` as this principal. */
  delete(id: string): Promise<{ id: string }> {
    return this.memory.delete(id, this.read());
  }

  /** `Memory.deleteAll` of this principal's user, within what it may see. */
  deleteAll(scope: { agentId?: string; runId?: string } = {}): Promise<{ deleted: number }> {
    return this.memory.deleteAll({ ...scope, ...this.read() });
  }

  /** `Memory.setState` as this principal. */
  setState(ids: string[], state: MemoryState): Promise<string[]> {
    return this.memory.setState(ids, state, this.read());
  }

  /** `Memory.history`, checked against this principal's view (NOT_FOUND when hidden). */
  history(id: string): Promise<HistoryEntry[]> {
    return this.memory.history(id, this.read());
  }

  /** `Memory.statusHistory`, checked against this principal's view. */
  statusHistory(id: string): Promise<StatusChange[]> {
    return this.memory.statusHistory(id, this.read());
  }

  /** `Memory.accessLog`, checked against this principal's view. */
  accessLog(id: string, page: { limit?: number; offset?: number } = {}): Promise<{ rows: AccessLogEntry[]; total: number }> {
    return this.memory.accessLog(id, { ...page, ...this.read() });
  }

  /** `Memory.related` within what this principal may read. */
  related(id: string, options: { limit?: number; log?: boolean } = {}): Promise<RelatedResult> {
    return this.memory.related(id, { ...options, ...this.read() });
  }
}
