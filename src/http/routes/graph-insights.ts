/**
 * `/api/v1/contradictions` (list LLM-free candidates; `POST /:id/resolve` with
 * `action` supersede | dismiss | delete and optional `target` older | newer) and
 * `/api/v1/reflect` (the reflection of the caller's user), for the dashboard's
 * Contradictions queue and scripts.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { type AppEnv, type HttpDeps, resolveApp, resolveUser } from '../context.js';
import { readJson, readQuery } from '../request.js';
import { contradictionJson } from './graph-wire.js';

const ListSchema = z.object({
  user_id: z.string().optional(),
  entity: z.string().max(256).optional(),
  memories: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
const ResolveSchema = z.object({
  user_id: z.string().optional(),
  action: z.enum(['supersede', 'dismiss', 'delete'], { error: 'action must be supersede, dismiss or delete' }),
  target: z.enum(['older', 'newer']).optional(),
});

/** The contradictions router (mounted at `/api/v1/contradictions`). */
export function contradictionsRoutes(deps: HttpDeps): Hono<AppEnv> {
  const { memory } = deps;
  const routes = new Hono<AppEnv>();
  routes.get('/', async (c) => {
    const q = readQuery(c, ListSchema);
    const app = resolveApp(c);
    const found = await memory.graph.findContradictions({
      userId: resolveUser(c, q.user_id), ...(app ? { caller: app } : {}), ...(q.entity ? { entity: q.entity } : {}), ...(q.memories === 'false' ? { memories: false } : {}),
      ...(q.limit ? { limit: q.limit } : {}),
    });
    return c.json({ total: found.length, contradictions: found.map(contradictionJson) });
  });
  routes.post('/:id/resolve', async (c) => {
    const body = await readJson(c, ResolveSchema);
    const app = resolveApp(c);
    const res = await memory.graph.resolveContradiction(decodeURIComponent(c.req.param('id')), body.action, {
      userId: resolveUser(c, body.user_id), ...(app ? { caller: app } : {}), ...(body.target ? { target: body.target } : {}),
    });
    return c.json(res);
  });
  return routes;
}

/** The reflect router (mounted at `/api/v1/reflect`). */
export function reflectRoutes(deps: HttpDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/', async (c) => {
    const q = readQuery(c, z.object({
      user_id: z.string().optional(), lookback_days: z.coerce.number().positive().optional(), stale_days: z.coerce.number().positive().optional(),
      limit: z.coerce.number().int().min(1).max(50).optional(),
    }));
    const r = await deps.memory.insights.reflect({
      userId: resolveUser(c, q.user_id), ...(q.lookback_days ? { lookbackDays: q.lookback_days } : {}), ...(q.stale_days ? { staleDays: q.stale_days } : {}),
      ...(q.limit ? { limit: q.limit } : {}),
    });
    return c.json({ ...r, openContradictions: r.openContradictions.map(contradictionJson) });
  });
  return routes;
}
