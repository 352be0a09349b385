/**
 * Authentication: sets `c.get('identity')` for every route.
 *
 * - `Authorization: Token <key>` (mem0's header) or `Authorization: Bearer <key>` of a
 *   live key: the key's identity (its user, or any named user for a project key).
 * - Auth on: no header, or a token that is not a live key → 401.
 * - Auth off (loopback only): any other token is accepted and ignored, as mem0's
 *   self-hosted server accepts any dummy `api_key` (issue 8); the user is then the
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
      if (key) {
        c.set('identity', { userId: key.userId, app: key.app, keyId: key.id, keyKind: key.kind ?? 'user' });
        return next();
      }
      if (deps.auth.required) return unauthenticated(c, 'invalid or revoked API key');
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
