/**
 * `/api/v1/apps`: OpenMemory's apps router — list with counts (memories created and
 * accessed), details, the app's memories, the memories it accessed, and pause/resume
 * (`PUT /{app}` with `is_active`). An app's id is its name, unique per user.
 * Pausing and resuming need a user-level identity (not a key bound to an app).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { MnemoError } from '../../core/errors.js';
import { type AppEnv, assertUserLevel, type HttpDeps, resolveUser, restReader } from '../context.js';
import { paging, PagingSchema, queryBool, readJson, readQuery } from '../request.js';
import { toAppResponse, toMemoryResponse } from './openmemory-wire.js';
import { MAX_ID_CHARS } from '../../core/limits.js';

const ListSchema = PagingSchema.extend({
  user_id: z.string().optional(),
  name: z.string().max(MAX_ID_CHARS).optional(),
  is_active: queryBool.optional(),
  sort_by: z.enum(['name', 'memories', 'memories_accessed']).default('name'),
  sort_direction: z.enum(['asc', 'desc']).default('asc'),
});
const PageSchema = PagingSchema.extend({ user_id: z.string().optional() });
const UpdateSchema = z.object({ user_id: z.string().optional(), is_active: z.boolean({ error: 'is_active must be a boolean' }).optional() });

/** The apps router (mounted at `/api/v1/apps`). */
export function appsRoutes(deps: HttpDeps): Hono<AppEnv> {
  const { memory } = deps;
  const routes = new Hono<AppEnv>();

  routes.get('/', async (c) => {
    const q = readQuery(c, ListSchema);
    const p = paging(q);
    const { rows, total } = await memory.apps.list(resolveUser(c, q.user_id), {
      name: q.name, isActive: q.is_active, sortBy: q.sort_by, direction: q.sort_direction, limit: p.limit, offset: p.offset,
    });
    return c.json({ total, page: p.page, page_size: p.size, apps: rows.map(toAppResponse) });
  });

  routes.get('/:app', async (c) => {
    const app = await memory.apps.get(resolveUser(c, c.req.query('user_id')), c.req.param('app'));
    return c.json(toAppResponse(app));
  });

  routes.get('/:app/memories', async (c) => {
    const q = readQuery(c, PageSchema);
    const p = paging(q);
    const userId = resolveUser(c, q.user_id);
    const name = c.req.param('app');
    await memory.apps.get(userId, name);
    const result = await memory.getAll({
      userId, app: name, ...restReader(c), states: ['active', 'paused', 'archived'], limit: p.limit, offset: p.offset,
    });
    return c.json({ total: result.total, page: p.page, page_size: p.size, memories: result.results.map(toMemoryResponse) });
  });

  routes.get('/:app/accessed', async (c) => {
    const q = readQuery(c, PageSchema);
    const p = paging(q);
    const { rows, total } = await memory.apps.accessed(resolveUser(c, q.user_id), c.req.param('app'), p);
    return c.json({
      total, page: p.page, page_size: p.size,
      memories: rows.map((r) => ({ memory: toMemoryResponse(r.memory), access_count: r.accessCount })),
    });
  });

  routes.put('/:app', async (c) => {
    assertUserLevel(c);
    const body = await readJson(c, UpdateSchema);
    const fromQuery = readQuery(c, z.object({ is_active: queryBool.optional(), user_id: z.string().optional() }));
    const active = body.is_active ?? fromQuery.is_active;
    if (active === undefined) throw new MnemoError('INVALID_INPUT', 'is_active (true or false) is required');
    const app = await memory.apps.setActive(resolveUser(c, body.user_id ?? fromQuery.user_id), c.req.param('app'), active);
    return c.json({ status: 'success', message: `App ${app.name} ${active ? 'resumed' : 'paused'}`, app: toAppResponse(app) });
  });

  return routes;
}
