/**
 * Domain types of server-mode governance: apps (the MCP clients and SDK callers that
 * read and write a user's memories), access rules between apps and memories, and API
 * keys. Schemas first, types inferred; times are ISO-8601 UTC strings at the edges.
 */
import { z } from 'zod';
import { MAX_ID_CHARS } from './limits.js';

/** An app of one user, with its activity. */
export interface AppRecord {
  /** The app's name (an MCP `client_name` or SDK `app`); unique per user. */
  name: string;
  userId: string;
  /** `false` when paused: it cannot write, and its reads return nothing. */
  isActive: boolean;
  createdAt: string;
  /** First / last read by this app, `null` if it never read. */
  firstAccessedAt: string | null;
  lastAccessedAt: string | null;
  /** Memories it wrote that are not deleted. */
  memoriesCreated: number;
  /** Distinct memories it read (access log). */
  memoriesAccessed: number;
}

/** Effect of an access rule. */
export const RuleEffectSchema = z.enum(['allow', 'deny']);
/** What a rule is about: one memory (`objectId` = memory id), a category (`objectId` = name), or all. */
export const RuleObjectTypeSchema = z.enum(['memory', 'category', 'all']);

/**
 * Input of a new access rule. `objectId` is required for `memory`/`category` and must
 * be absent for `all`.
 */
export const AccessRuleInputSchema = z.object({
  app: z.string().trim().min(1, 'app must not be empty').max(MAX_ID_CHARS),
  effect: RuleEffectSchema,
  objectType: RuleObjectTypeSchema,
  objectId: z.string().trim().min(1).max(MAX_ID_CHARS).nullable().optional(),
}).refine((r) => (r.objectType === 'all') === (r.objectId === undefined || r.objectId === null), {
  message: 'objectId is required for memory/category rules and not allowed for "all"',
  path: ['objectId'],
});
/** @see AccessRuleInputSchema */
export type AccessRuleInput = z.input<typeof AccessRuleInputSchema>;

/**
 * A stored access rule of one user: `effect` on `objectType`/`objectId` for reads by `app`.
 * Semantics (fail closed): deny beats allow; a deny on `all` hides everything; once an
 * app has any `allow` rule and no `allow all`, it sees only what is explicitly allowed;
 * an app without rules sees everything of its user.
 */
export interface AccessRule {
  id: string;
  userId: string;
  app: string;
  effect: z.infer<typeof RuleEffectSchema>;
  objectType: z.infer<typeof RuleObjectTypeSchema>;
  objectId: string | null;
  createdAt: string;
}

/** An API key as listed: never the token, never its hash. */
export interface ApiKeyRecord {
  /** Public key id (also the token's prefix after `mnemo_`). */
  id: string;
  userId: string;
  /** App the key acts as, or `null` (then requests may name their app). */
  app: string | null;
  name: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /**
   * `user`: acts for `userId` only. `project`: acts for any user the request names (mem0's
   * keys belong to a project); `userId` is then the user who created it. @default 'user'
   */
  kind?: 'user' | 'project';
}

/** Counts of one user's memories for dashboards. */
export interface UserStats {
  userId: string;
  /** Memories not deleted. */
  totalMemories: number;
  byState: Record<string, number>;
  totalApps: number;
  /** Per app (writer): memories not deleted. `app` null = written without an app. */
  apps: Array<{ app: string | null; memories: number }>;
  /** Memories created per UTC day, oldest first: `day` is `YYYY-MM-DD`. */
  perDay: Array<{ day: string; count: number }>;
}
