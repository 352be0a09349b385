/**
 * `GET /api/v1/install` → `{user_id, db}`: what the dashboard's install panel needs to
 * write stdio snippets for this very server: the request's user and the absolute path of
 * the database file the server runs on (`null` unless `mnemo serve` listens on loopback,
 * see `HttpDeps.dbPath`), so a client started by `npx -y mnemo-memory mcp --db <db>` reads
 * and writes the same memories. User-level: a key bound to an app gets 403.
 */
import { Hono } from 'hono';
import { type AppEnv, assertUserLevel, type HttpDeps } from '../context.js';

/** The install router (mounted at `/api/v1/install`). */
export function installRoutes(deps: HttpDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/', (c) => {
    assertUserLevel(c);
    return c.json({ user_id: c.get('identity').userId, db: deps.dbPath ?? null });
  });
  return routes;
}
