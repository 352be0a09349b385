/**
 * `/api/v1/stats`: one user's totals (OpenMemory's `total_memories`, `total_apps`,
 * `apps`) plus memories by state, per app and per UTC day.
 */
import { Hono } from 'hono';
import { type AppEnv, type HttpDeps, resolveUser } from '../context.js';
import { toAppResponse } from './openmemory-wire.js';

/** The stats router (mounted at `/api/v1/stats`). */
export function statsRoutes(deps: HttpDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/', async (c) => {
    const userId = resolveUser(c, c.req.query('user_id'));
    const [stats, apps] = await Promise.all([
      deps.memory.userStats({ userId }),
      deps.memory.apps.list(userId, { limit: 100 }),
    ]);
    return c.json({
      user_id: userId,
      total_memories: stats.totalMemories,
      total_apps: stats.totalApps,
      apps: apps.rows.map(toAppResponse),
      memories_by_state: stats.byState,
      memories_per_app: stats.apps.map((a) => ({ app: a.app, count: a.memories })),
      memories_per_day: stats.perDay,
    });
  });
  return routes;
}
