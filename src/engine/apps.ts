/**
 * Apps: the MCP clients and SDK callers of one user. A paused app (`isActive: false`)
 * cannot write (`FORBIDDEN`, with a message naming the app) and its reads return nothing;
 * an app's access rules (access-rules.ts) narrow what it reads. `null` app = the user
 * acting directly (CLI, dashboard): never paused, never narrowed.
 */
import { MnemoError } from '../core/errors.js';
import type { AppRecord } from '../core/governance.js';
import type { MemoryRecord } from '../core/memory.js';
import type { AppSort, GovernanceStore } from '../storage/governance-store.js';
import type { Visibility } from '../storage/store.js';
import { compileVisibility } from './access-rules.js';
import type { GovernanceContext } from './governance-context.js';
import { AppNameSchema, parseInput, UserIdSchema } from './inputs.js';

/** What a reading app may see: nothing when `blocked` (paused), else `visibility`. */
export interface ReaderScope {
  blocked: boolean;
  visibility: Visibility | undefined;
}

const OPEN: ReaderScope = Object.freeze({ blocked: false, visibility: undefined });

/**
 * The read scope of `app` for `userId`, recording the read on the app (first/last access).
 */
export async function readerScope(gov: GovernanceStore, userId: string, app: string | null, at: number): Promise<ReaderScope> {
  if (app === null) return OPEN;
  if (!(await gov.touchApp(userId, app, 'read', at))) return { blocked: true, visibility: undefined };
  return { blocked: false, visibility: compileVisibility(await gov.listRules(userId, app)) };
}

/**
 * Records a write by `app` and refuses it when the app is paused.
 * @throws MnemoError FORBIDDEN when `app` is paused for `userId`.
 */
export async function assertCanWrite(gov: GovernanceStore, userId: string, app: string | null, at: number): Promise<void> {
  if (app === null) return;
  if (!(await gov.touchApp(userId, app, 'write', at))) {
    throw new MnemoError('FORBIDDEN', `app "${app}" is paused for user "${userId}": it cannot write memories until it is resumed`, {
      data: { app, userId },
    });
  }
}

/** Options of {@link Apps.list}, OpenMemory's list parameters. */
export interface AppListQuery {
  /** Substring of the name. */
  name?: string | undefined;
  isActive?: boolean | undefined;
  /** @default 'name' */
  sortBy?: AppSort | undefined;
  /** @default 'asc' */
  direction?: 'asc' | 'desc' | undefined;
  /** @default 10 */
  limit?: number | undefined;
  /** @default 0 */
  offset?: number | undefined;
}

/**
 * The apps of a user (reach it as `memory.apps`).
 * @example await memory.apps.setActive('alice', 'cursor', false) // pause cursor for alice
 */
export class Apps {
  constructor(private readonly ctx: GovernanceContext) {}

  private async gov(): Promise<GovernanceStore> {
    return (await this.ctx.store()).governance;
  }

  /** A page of the user's apps with counts (memories created, memories accessed). */
  async list(userId: string, query: AppListQuery = {}): Promise<{ rows: AppRecord[]; total: number }> {
    const user = parseInput(UserIdSchema, userId, 'userId');
    return (await this.gov()).listApps(user, {
      name: query.name, isActive: query.isActive, sortBy: query.sortBy ?? 'name', direction: query.direction ?? 'asc',
      limit: query.limit ?? 10, offset: query.offset ?? 0,
    });
  }

  /** One app. @throws MnemoError NOT_FOUND when the user has no such app. */
  async get(userId: string, name: string): Promise<AppRecord> {
    const app = await (await this.gov()).getApp(parseInput(UserIdSchema, userId, 'userId'), parseInput(AppNameSchema, name, 'app'));
    if (!app) throw new MnemoError('NOT_FOUND', `app ${name} not found`);
    return app;
  }

  /** Pauses (`active: false`) or resumes an app (creating it, so an app can be paused before first use). */
  async setActive(userId: string, name: string, active: boolean): Promise<AppRecord> {
    return (await this.gov()).setAppActive(parseInput(UserIdSchema, userId, 'userId'), parseInput(AppNameSchema, name, 'app'), active, this.ctx.clock.now());
  }

  /**
   * Memories the app read, most read first, with read counts.
   * @throws MnemoError NOT_FOUND when the user has no such app.
   */
  async accessed(userId: string, name: string, page: { limit: number; offset: number }): Promise<{ rows: Array<{ memory: MemoryRecord; accessCount: number }>; total: number }> {
    await this.get(userId, name);
    return (await this.gov()).appAccessed(userId, name, page);
  }
}
