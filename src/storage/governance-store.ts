/**
 * The storage contract of server-mode governance: apps, access rules, API keys and the
 * counts dashboards show. Part of every {@link MemoryStore} (`store.governance`), on the
 * same database, so a backend implements it once beside its memory tables.
 *
 * Failure contract as in store.ts: absent rows are `null`/empty/`false`, never errors;
 * storage faults reject with `MnemoError('INTERNAL')`. Times in are epoch ms.
 */
import type { AccessRule, ApiKeyRecord, AppRecord, UserStats } from '../core/governance.js';
import type { MemoryRecord } from '../core/memory.js';

/** Reads of an app refresh its `last_accessed_at` at most this often, ms (as `useKey` stamps keys). */
export const APP_TOUCH_INTERVAL_MS = 60_000;

/** Sort key of the app list (OpenMemory's `sort_by`). */
export type AppSort = 'name' | 'memories' | 'memories_accessed';

/** The governance half of a store. */
export interface GovernanceStore {
  /**
   * Records that `app` of `userId` is being used (creating its row, active, if new); a
   * `read` also sets its first/last access time; the last access is refreshed at most
   * once a minute, so reads of a known app need not each cost a write.
   * @returns whether the app is active (not paused).
   */
  touchApp(userId: string, app: string, kind: 'read' | 'write', at: number): Promise<boolean>;
  /** Pauses (`false`) or resumes (`true`) an app, creating its row if new. @returns the app. */
  setAppActive(userId: string, app: string, active: boolean, at: number): Promise<AppRecord>;
  /** One app with its counts, or `null`. */
  getApp(userId: string, app: string): Promise<AppRecord | null>;
  /** A page of one user's apps with counts; `name` filters by substring. */
  listApps(userId: string, query: {
    name?: string | undefined; isActive?: boolean | undefined; sortBy: AppSort; direction: 'asc' | 'desc'; limit: number; offset: number;
  }): Promise<{ rows: AppRecord[]; total: number }>;
  /** Memories of `userId` that `app` read (any state but deleted), most read first, with read counts. */
  appAccessed(userId: string, app: string, page: { limit: number; offset: number }): Promise<{ rows: Array<{ memory: MemoryRecord; accessCount: number }>; total: number }>;

  /** Stores a rule. */
  addRule(rule: Omit<AccessRule, 'createdAt'> & { at: number }): Promise<AccessRule>;
  /** Rules of one user, oldest first; only `app`'s when given. */
  listRules(userId: string, app?: string): Promise<AccessRule[]>;
  /** Deletes a rule of `userId`. @returns whether it existed. */
  deleteRule(userId: string, id: string): Promise<boolean>;

  /** Stores a new key by the SHA-256 hex of its token; `kind` @default 'user'. */
  createKey(key: { id: string; hash: string; userId: string; app: string | null; name: string | null; at: number; kind?: 'user' | 'project' }): Promise<ApiKeyRecord>;
  /** The live (not revoked) key with this token hash, stamping its last use; `null` when none. */
  useKey(hash: string, at: number): Promise<ApiKeyRecord | null>;
  /** Keys, newest first (revoked included), of one user or all. */
  listKeys(userId?: string): Promise<ApiKeyRecord[]>;
  /** Revokes a key (only `userId`'s when given). @returns whether a live key was revoked. */
  revokeKey(id: string, at: number, userId?: string): Promise<boolean>;

  /** Categories of one user's active/paused memories with counts, most used first. */
  categories(userId: string): Promise<Array<{ name: string; count: number }>>;
  /** Totals of one user, per app and per day. */
  userStats(userId: string): Promise<UserStats>;
}
