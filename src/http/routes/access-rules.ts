/**
 * `/api/v1/access-rules`: a user's access rules between apps and memories (allow/deny
 * on one memory, a category, or all), enforced by the engine on every read. Needs a
 * user-level identity (a key bound to an app cannot change rules).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { RuleEffectSchema, RuleObjectTypeSchema } from '../../core/governance.js';
import { type AppEnv, assertUserLevel, type HttpDeps, resolveUser } from '../context.js';
import { readJson } from '../request.js';
import { toRuleResponse } from './openmemory-wire.js';

const CreateSchema = z.object({
  user_id: z.string().optional(),
  app: z.string({ error: 'app must be a string' }),
  effect: RuleEffectSchema,
  object_type: RuleObjectTypeSchema,
  object_id: z.string().nullable().optional(),
});

/** The access-rules router (mounted at `/api/v1/access-rules`). */
export function accessRulesRoutes(deps: HttpDeps): Hono<AppEnv> {
  const { memory } = deps;
  const routes = new Hono<AppEnv>();

  routes.get('/', async (c) => {
    assertUserLevel(c);
    const rules = await memory.rules.list(resolveUser(c, c.req.query('user_id')), c.req.query('app'));
    return c.json({ rules: rules.map(toRuleResponse), total: rules.length });
  });

  routes.post('/', async (c) => {
    assertUserLevel(c);
    const body = await readJson(c, CreateSchema);
    const rule = await memory.rules.add(resolveUser(c, body.user_id), {
      app: body.app, effect: body.effect, objectType: body.object_type, objectId: body.object_id,
    });
    return c.json(toRuleResponse(rule), 201);
  });

  routes.delete('/:id', async (c) => {
    assertUserLevel(c);
    await memory.rules.delete(resolveUser(c, c.req.query('user_id')), c.req.param('id'));
    return c.json({ message: 'access rule deleted' });
  });

  return routes;
}
