/**
 * `/api/v1/keys`: the user's API keys over HTTP (Settings → API keys).
 * - `GET /` → `{keys: [{id, app, name, created_at, last_used_at, revoked_at}], total}`,
 *   newest first, revoked included, times in Unix seconds.
 * - `POST /` `{app?, name?}` → 201, the key plus `token`: the only response that ever
 *   holds a token. No response holds a token hash.
 * - `DELETE /{id}` → `{message}`; another user's key (or an unknown/revoked one) is 404.
 * User-level: a key bound to an app gets 403 (an app must not mint or revoke keys).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { type AppEnv, assertUserLevel, type HttpDeps, resolveUser } from '../context.js';
import { readJson } from '../request.js';
import { toKeyResponse } from './openmemory-wire.js';
import { MAX_ID_CHARS } from '../../core/limits.js';

const CreateSchema = z.object({
  user_id: z.string().optional(),
  app: z.string({ error: 'app must be a string' }).trim().min(1).max(MAX_ID_CHARS).optional(),
  name: z.string({ error: 'name must be a string' }).trim().min(1).max(MAX_ID_CHARS).optional(),
});

/** The keys router (mounted at `/api/v1/keys`). */
export function keysRoutes(deps: HttpDeps): Hono<AppEnv> {
  const { memory } = deps;
  const routes = new Hono<AppEnv>();

  routes.get('/', async (c) => {
    assertUserLevel(c);
    const keys = await memory.keys.list(resolveUser(c, c.req.query('user_id')));
    return c.json({ keys: keys.map(toKeyResponse), total: keys.length });
  });

  routes.post('/', async (c) => {
    assertUserLevel(c);
    const body = await readJson(c, CreateSchema);
    const { token, key } = await memory.keys.create(resolveUser(c, body.user_id), { app: body.app, name: body.name });
    return c.json({ ...toKeyResponse(key), token }, 201);
  });

  routes.delete('/:id', async (c) => {
    assertUserLevel(c);
    await memory.keys.revoke(c.req.param('id'), { userId: resolveUser(c, c.req.query('user_id')) });
    return c.json({ message: 'API key revoked' });
  });

  return routes;
}
