/**
 * `GET /api/v1/activity?page=1&size=10[&app=NAME]`: one user's recent reads (access
 * log) and writes (content history, state changes as their new state), newest first, as
 * `{items: [{kind, action, memory_id, content, app_name, query, at}], total, page, size,
 * pages}` (`content`: first 200 chars, `null` once deleted; `at`: Unix seconds). Served
 * from a per-user time index (migration 3). User-level: a key bound to an app gets 403
 * (an app must not watch what other apps read).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { type AppEnv, assertUserLevel, type HttpDeps, resolveUser } from '../context.js';
import { paging, PagingSchema, readQuery } from '../request.js';
import { page, toActivityResponse } from './openmemory-wire.js';
import { MAX_ID_CHARS } from '../../core/limits.js';

const QuerySchema = PagingSchema.extend({ user_id: z.string().optional(), app: z.string().min(1).max(MAX_ID_CHARS).optional() });

/** The activity router (mounted at `/api/v1/activity`). */
export function activityRoutes(deps: HttpDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/', async (c) => {
    assertUserLevel(c);
    const q = readQuery(c, QuerySchema);
    const p = paging(q);
    const { rows, total } = await deps.memory.activity({ userId: resolveUser(c, q.user_id), app: q.app, limit: p.limit, offset: p.offset });
    return c.json(page(rows.map(toActivityResponse), total, p.page, p.size));
  });
  return routes;
}
