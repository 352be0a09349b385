/**
 * Rows of the governance tables (apps, access rules, API keys) as both SQL backends return
 * them, the app query with its counts (standard SQL both run), and their mapping to the
 * domain types of core/governance.ts. Shared by sqlite-governance.ts and
 * postgres-governance.ts. No I/O and no native dependency.
 */
import { toIso } from '../core/clock.js';
import type { AccessRule, ApiKeyRecord, AppRecord } from '../core/governance.js';
import type { AppSort } from './governance-store.js';

/** An `apps` row with its counts (`is_active`: SQLite 0/1, PostgreSQL boolean). */
export interface AppRow {
  user_id: string; name: string; is_active: boolean | number; created_at: number;
  first_accessed_at: number | null; last_accessed_at: number | null; created: number; accessed: number;
}
/** An `access_rules` row. */
export interface RuleRow {
  id: string; user_id: string; app: string; effect: AccessRule['effect']; object_type: AccessRule['objectType'];
  object_id: string | null; created_at: number;
}
/** An `api_keys` row. */
export interface KeyRow {
  id: string; user_id: string; app: string | null; name: string | null; created_at: number;
  last_used_at: number | null; revoked_at: number | null; kind?: 'user' | 'project';
}

/**
 * Apps with their counts: `created` = the app's non-deleted memories, `accessed` =
 * distinct memories of the same user it read.
 */
export const APP_SELECT = `SELECT a.*,
    (SELECT COUNT(*) FROM memories m WHERE m.user_id = a.user_id AND m.app = a.name AND m.state <> 'deleted') AS created,
    (SELECT COUNT(DISTINCT l.memory_id) FROM memory_access_log l JOIN memories m ON m.id = l.memory_id
      WHERE l.app = a.name AND m.user_id = a.user_id) AS accessed
  FROM apps a`;

/** Column of each app sort key in {@link APP_SELECT}. */
export const APP_SORT: Record<AppSort, string> = { name: 'name', memories: 'created', memories_accessed: 'accessed' };

/** Epoch ms as ISO 8601, `null` kept. */
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : toIso(ms));

/** An app row as the domain type. */
export function toApp(r: AppRow): AppRecord {
  return {
    name: r.name, userId: r.user_id, isActive: r.is_active === true || r.is_active === 1, createdAt: toIso(r.created_at),
    firstAccessedAt: isoOrNull(r.first_accessed_at), lastAccessedAt: isoOrNull(r.last_accessed_at),
    memoriesCreated: r.created, memoriesAccessed: r.accessed,
  };
}

/** A rule row as the domain type. */
export function toRule(r: RuleRow): AccessRule {
  return {
    id: r.id, userId: r.user_id, app: r.app, effect: r.effect, objectType: r.object_type,
    objectId: r.object_id, createdAt: toIso(r.created_at),
  };
}

/** A key row as the domain type. */
export function toKey(r: KeyRow): ApiKeyRecord {
  return {
    id: r.id, userId: r.user_id, app: r.app, name: r.name, createdAt: toIso(r.created_at), kind: r.kind ?? 'user',
    lastUsedAt: isoOrNull(r.last_used_at), revokedAt: isoOrNull(r.revoked_at),
  };
}
