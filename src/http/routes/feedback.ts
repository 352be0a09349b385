/**
 * `GET /api/v1/memories/{id}/feedback` (REST, for the dashboard's memory page): the
 * feedback given on one memory through mem0's `POST /v1/feedback/`, oldest first, as
 * `{total, feedback: [{id, feedback, reason, created_at}]}` (times in Unix seconds, like
 * the rest of the REST API). Another user's id → 404, as every by-id route.
 */
import { Hono } from 'hono';
import { type AppEnv, type HttpDeps, resolveApp, resolveUser } from '../context.js';

/** The feedback router (mounted at `/api/v1/memories`). */
export function feedbackRestRoutes(deps: HttpDeps): Hono<AppEnv> {
  const { memory } = deps;
  const routes = new Hono<AppEnv>();
  routes.get('/:id/feedback', async (c) => {
    const userId = resolveUser(c, c.req.query('user_id'));
    const app = resolveApp(c);
    await memory.get(c.req.param('id'), { userId, log: false, ...(app === null ? {} : { caller: app }) });
    const rows = await memory.feedback.list(c.req.param('id'), userId);
    return c.json({
      total: rows.length,
      feedback: rows.map((f) => ({ id: f.id, feedback: f.feedback, reason: f.reason, created_at: Math.floor(Date.parse(f.createdAt) / 1000) })),
    });
  });
  return routes;
}
