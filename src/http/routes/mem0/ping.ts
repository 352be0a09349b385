/**
 * `GET /v1/ping/`: the mem0 clients call it on construction and before their first
 * request. They need `status: "ok"`; they copy `org_id`/`project_id` (sent back as
 * ignored fields later) and use `user_email` as a telemetry id, so those are `null`
 * here: mnemo has no organisations, projects or e-mail addresses.
 */
import { Hono } from 'hono';
import type { AppEnv, HttpDeps } from '../../context.js';
import { readerApp, slashed } from './request.js';

/** Routes of the ping endpoint. */
export function pingRoutes(_deps: HttpDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.on('GET', slashed('/v1/ping/'), (c) => {
    // Never fails for a missing user: with auth off a client may name its user per request.
    return c.json({ status: 'ok', message: 'mnemo', user_id: c.get('identity').userId, app_id: readerApp(c) ?? null, org_id: null, project_id: null, user_email: null });
  });
  return routes;
}
