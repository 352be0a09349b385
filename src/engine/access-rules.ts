/**
 * Access rules → the set of memories an app may read. Pure: the store applies the
 * result as a SQL condition, so pagination totals and search depth stay correct.
 *
 * Fails closed where OpenMemory failed open (mem0 PR #6351: a deny-all app saw
 * everything): deny beats allow, `deny all` hides everything, and an app with any
 * specific `allow` rule (and no `allow all`) sees only what is allowed.
 */
import { MnemoError } from '../core/errors.js';
import { type AccessRule, type AccessRuleInput, AccessRuleInputSchema } from '../core/governance.js';
import type { Visibility } from '../storage/store.js';
import type { GovernanceContext } from './governance-context.js';
import { AppNameSchema, parseInput, UserIdSchema } from './inputs.js';

/**
 * Compiles one app's rules.
 * @returns `undefined` when the rules restrict nothing (no rules, or only `allow all`).
 * @example compileVisibility([{ effect: 'deny', objectType: 'all', ... }]) // { denyAll: true, ... }
 */
export function compileVisibility(rules: ReadonlyArray<Pick<AccessRule, 'effect' | 'objectType' | 'objectId'>>): Visibility | undefined {
  const v: Visibility = { denyAll: false, restricted: false, allowIds: [], allowCategories: [], denyIds: [], denyCategories: [] };
  let allowAll = false;
  for (const r of rules) {
    if (r.objectType === 'all') {
      if (r.effect === 'deny') v.denyAll = true;
      else allowAll = true;
      continue;
    }
    const list = r.effect === 'allow'
      ? (r.objectType === 'memory' ? v.allowIds : v.allowCategories)
      : (r.objectType === 'memory' ? v.denyIds : v.denyCategories);
    list.push(r.objectId!);
  }
  v.restricted = !allowAll && (v.allowIds.length > 0 || v.allowCategories.length > 0);
  const restricts = v.denyAll || v.restricted || v.denyIds.length > 0 || v.denyCategories.length > 0;
  return restricts ? v : undefined;
}

/**
 * Whether one memory is visible under `v` (the in-memory twin of the SQL condition,
 * for checks on a single record).
 */
export function isVisible(v: Visibility | undefined, memory: { id: string; categories: readonly string[] }): boolean {
  if (v === undefined) return true;
  if (v.denyAll || v.denyIds.includes(memory.id) || memory.categories.some((c) => v.denyCategories.includes(c))) return false;
  return !v.restricted || v.allowIds.includes(memory.id) || memory.categories.some((c) => v.allowCategories.includes(c));
}

/**
 * The access rules of a user's apps (reach it as `memory.rules`). Rules are enforced by
 * the engine in search, getAll, get, update, delete and history, for every edge (REST,
 * mem0 API, MCP, SDK) that passes the reading app as `caller`.
 * @example await memory.rules.add('alice', { app: 'cursor', effect: 'deny', objectType: 'category', objectId: 'health' })
 */
export class AccessRules {
  constructor(private readonly ctx: GovernanceContext) {}

  /** Adds a rule. @throws MnemoError INVALID_INPUT for a malformed rule. */
  async add(userId: string, input: AccessRuleInput): Promise<AccessRule> {
    const user = parseInput(UserIdSchema, userId, 'userId');
    const rule = parseInput(AccessRuleInputSchema, input, 'access rule');
    const store = await this.ctx.store();
    return store.governance.addRule({
      id: crypto.randomUUID(), userId: user, app: rule.app, effect: rule.effect, objectType: rule.objectType,
      objectId: rule.objectId ?? null, at: this.ctx.clock.now(),
    });
  }

  /** The user's rules, oldest first; one app's when `app` is given. */
  async list(userId: string, app?: string): Promise<AccessRule[]> {
    const store = await this.ctx.store();
    return store.governance.listRules(parseInput(UserIdSchema, userId, 'userId'), app === undefined ? undefined : parseInput(AppNameSchema, app, 'app'));
  }

  /** Deletes a rule. @throws MnemoError NOT_FOUND when the user has no such rule. */
  async delete(userId: string, id: string): Promise<void> {
    const store = await this.ctx.store();
    if (!(await store.governance.deleteRule(parseInput(UserIdSchema, userId, 'userId'), id))) {
      throw new MnemoError('NOT_FOUND', `access rule ${id} not found`);
    }
  }
}
