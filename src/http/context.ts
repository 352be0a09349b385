/**
 * The shared typing of mnemo's HTTP layer: the Hono environment (`AppEnv`) every route
 * module is typed by, the request identity the auth middleware sets, and the
 * dependencies (`HttpDeps`) that `createHttpApp` passes to every route factory.
 *
 * How a route module plugs in: export a factory `(deps: HttpDeps) => Hono<AppEnv>` and
 * let `createHttpApp` (src/http/app.ts) mount it. The mem0-compatible API lives in
 * `src/http/routes/mem0/index.ts` (`mem0Routes(deps)`, mounted at `/`), MCP over HTTP in
 * `src/http/mcp/index.ts` (`mcpRoutes(deps)`, mounted at `/`), the OpenMemory-style REST
 * API in `src/http/routes/*.ts` (mounted at `/api/v1`). Inside a handler:
 *
 * @example
 * const routes = new Hono<AppEnv>();
 * routes.get('/v1/ping', (c) => {
 *   const userId = resolveUser(c, c.req.query('user_id')); // throws MnemoError when none/foreign
 *   const app = c.get('identity').app;                     // writer/reader app or null
 *   return c.json({ userId, app });
 * });
 *
 * Errors: handlers just throw `MnemoError`; `src/http/errors.ts` maps it to a status and
 * `{error: {code, message}}` once, for every module.
 */
import type { ToolGroup } from '../mcp/server.js';
import type { Context } from 'hono';
import { MnemoError } from '../core/errors.js';
import type { Principal } from '../engine/principal.js';
import type { Memory } from '../engine/memory.js';
import type { WebhookPolicy } from '../engine/webhooks.js';
import type { OriginPolicy } from './middleware/origin-policy.js';

/**
 * Who is calling, set by the auth middleware before any route runs.
 * - With a valid API key: `userId` and `app` come from the key (the key's app may be
 *   `null`, then a route may take the app from the request, e.g. MCP's `client_name`),
 *   `keyId` is the key's public id.
 * - With auth off (loopback only): `userId` is the `user_id` query parameter, else the
 *   server's default user (`--user`), else `null` (then {@link resolveUser} takes it
 *   from the body); `app` is the `X-Mnemo-App` header or `null`; `keyId` is `null`.
 */
export interface Identity {
  userId: string | null;
  app: string | null;
  keyId: string | null;
  /**
   * Kind of the key: `user` (acts for `userId` only) or `project` (acts for any user the
   * request names, see {@link projectKeyUser}). Absent without a key. @default 'user'
   */
  keyKind?: 'user' | 'project' | undefined;
}

/** Authentication settings of the server. */
export interface AuthOptions {
  /**
   * Every request except `/healthz` must carry `Authorization: Token <key>` or
   * `Authorization: Bearer <key>` of a live key, else 401. Must be `true` when listening
   * on a non-loopback address (enforced by `serve`).
   */
  required: boolean;
  /** User of unauthenticated requests that name none (auth off only). */
  defaultUserId?: string | undefined;
}

/** The Hono environment of every mnemo route: `c.get('identity')`. */
export interface AppEnv {
  Variables: {
    identity: Identity;
  };
}

/** What `createHttpApp` and every route factory receive. */
export interface HttpDeps {
  /** The one engine instance (the same as standalone mode). */
  memory: Memory;
  /** Authentication settings. */
  auth: AuthOptions;
  /** Origins allowed by CORS (exact match, e.g. `http://localhost:3000`). @default [] (CORS closed) */
  cors?: string[] | undefined;
  /** Largest request body accepted, bytes; larger → 413. @default 1 MiB */
  bodyLimitBytes?: number | undefined;
  /** Version string reported by `/healthz`. */
  version?: string | undefined;
  /**
   * Accepted `Host` names and browser origins (middleware/origin-policy.ts).
   * @default loopback names on any port, plus `cors`
   */
  originPolicy?: OriginPolicy | undefined;
  /**
   * The database file this server runs on, for the install panel's stdio snippets
   * (`GET /api/v1/install`); set by `mnemo serve` only when listening on loopback, where
   * the dashboard's user is on this machine. Unset → the route reports `db: null`.
   */
  dbPath?: string | undefined;
  /** Where mem0 webhooks may be delivered (engine/webhooks.ts). @default { allowHosts: [] } (none) */
  webhooks?: WebhookPolicy | undefined;
  /** Tool groups of MCP sessions (mcp/server.ts `ToolGroup`). @default 'memory' */
  mcpTools?: ToolGroup | undefined;
}

/**
 * The user a request acts for. `requested` is a user id the request named (query or
 * body `user_id`), if any.
 * - Authenticated: the key's user; naming another user is refused
 *   with `FORBIDDEN` (a key never acts for someone else).
 * - Auth off: `requested`, else the identity's user (query/default user).
 * @throws MnemoError FORBIDDEN for a foreign user under a key; INVALID_INPUT when no user is known.
 */
export function resolveUser(c: Context<AppEnv>, requested?: string | null): string {
  const identity = c.get('identity');
  const named = typeof requested === 'string' && requested.trim() !== '' ? requested.trim() : undefined;
  if (identity.keyId !== null && identity.keyKind === 'project') return projectKeyUser(named);
  if (identity.keyId !== null) {
    if (named !== undefined && named !== identity.userId) {
      throw new MnemoError('FORBIDDEN', 'this API key belongs to another user');
    }
    return identity.userId!;
  }
  const user = named ?? identity.userId;
  if (user === null) throw new MnemoError('INVALID_INPUT', 'user_id is required (no default user is configured)');
  return user;
}

/**
 * The principal of a request made with a project key (the one documented exception to
 * "a key acts for its own user", issue 16): the user the request names (`*` where mem0
 * allows it, on deletes), never silently another.
 * @throws MnemoError INVALID_INPUT when the request names no user.
 */
export function projectKeyUser(named: string | undefined): string {
  if (named === undefined) throw new MnemoError('INVALID_INPUT', 'user_id is required: a project key acts for the user_id the request names');
  return named;
}

/**
 * Whether the request may act for any user it names: a project key, or auth off (then
 * every user_id is allowed, as mem0's self-hosted server does).
 */
export function actsForAnyUser(c: Context<AppEnv>): boolean {
  const identity = c.get('identity');
  return identity.keyId === null || identity.keyKind === 'project';
}

/**
 * The request's principal, resolved once: the user by {@link resolveUser}, the app by
 * {@link resolveApp} (the precedence rule of engine/principal.ts). Routes call the engine
 * through `deps.memory.as(principalOf(c, …))`, so the app's rules always apply.
 * @throws MnemoError like {@link resolveUser}.
 */
export function principalOf(c: Context<AppEnv>, requestedUser?: string | null, requestedApp?: string | null): Principal {
  return { userId: resolveUser(c, requestedUser), app: resolveApp(c, requestedApp) };
}

/**
 * The app a request acts as: the key's app when the key is bound to one (a request can
 * not override it), else `requested` (e.g. a body `app` field or MCP `client_name`), else
 * the identity's app (`X-Mnemo-App`), else `null`.
 */
export function resolveApp(c: Context<AppEnv>, requested?: string | null): string | null {
  const identity = c.get('identity');
  if (identity.keyId !== null && identity.app !== null) return identity.app;
  const named = typeof requested === 'string' && requested.trim() !== '' ? requested.trim() : undefined;
  return named ?? identity.app;
}

/**
 * Refuses requests made with a key bound to an app for user-level administration
 * (pausing apps, access rules, API keys, activity, export/import): an app must not lift
 * its own pause or rules, mint keys, or read past its rules.
 * @throws MnemoError FORBIDDEN for an app-bound key.
 */
export function assertUserLevel(c: Context<AppEnv>): void {
  const identity = c.get('identity');
  if (identity.keyId !== null && identity.app !== null) {
    throw new MnemoError('FORBIDDEN', `this API key acts as app "${identity.app}"; ${c.req.method} ${c.req.path} needs a user-level key`);
  }
}

/**
 * How a REST read is attributed and whether it is logged. An app's reads (a key bound to
 * an app, or `X-Mnemo-App`) are logged under the app; the user reading directly (no app:
 * the dashboard, curl) is not logged, so browsing pages of memories does not flood the
 * access log, whose purpose is to show what apps read.
 */
export function restReader(c: Context<AppEnv>): { caller?: string; log: boolean } {
  const app = resolveApp(c);
  return app === null ? { log: false } : { caller: app, log: true };
}
