/**
 * Authentication: sets `c.get('identity')` for every route.
 *
 * - `Authorization: Token <key>` (mem0's header) or `Authorization: Bearer <key>`: the
 *   key must be live, else 401 — also when auth is off, so a wrong key never silently
 *   acts as someone else.
 * - No header: 401 when `auth.required`; otherwise (loopback only) the user is the
 *   `user_id` query parameter or the default user, the app the `X-Mnemo-App` header.
 * `/healthz` is always public.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv, HttpDeps } from '../context.js';
import { errorResponse } from '../errors.js';

/** Paths that never need a key. */
const PUBLIC_PATHS = new Set(['/healthz']);

const SCHEME = /^(token|bearer)\s+(\S+)\s*$/i;

/** The auth middleware for `deps`. */
export function authMiddleware(deps: HttpDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const match = SCHEME.exec(header);
      const key = match ? await deps.memory.keys.verify(match[2]!) : null;
      if (!key) return unauthenticated(c, 'invalid or revoked API key');
      c.set('identity', { userId: key.userId, app: key.app, keyId: key.id });
      return next();
    }
    if (PUBLIC_PATHS.has(c.req.path)) {
      c.set('identity', { userId: null, app: null, keyId: null });
      return next();
    }
    if (deps.auth.required) return unauthenticated(c, 'an API key is required: send "Authorization: Token <key>"');
    const app = c.req.header('x-mnemo-app')?.trim();
    c.set('identity', { userId: c.req.query('user_id') ?? deps.auth.defaultUserId ?? null, app: app ? app : null, keyId: null });
    return next();
  };
}

function unauthenticated(c: Parameters<MiddlewareHandler<AppEnv>>[0], message: string): Response {
  c.header('WWW-Authenticate', 'Token realm="mnemo"');
  return errorResponse(c, 401, 'UNAUTHENTICATED', message);
}
