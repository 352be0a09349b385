/**
 * `GET /v1/ping/`: the mem0 clients call it on construction and before their first
 * request. They need `status: "ok"`; mem0's Python client also needs non-empty `org_id`
 * and `project_id` (else constructing it raises "org_id and project_id must be set"), so
 * this database's one org and project are reported (see project.ts), and `user_email` is
 * the user id when that is an e-mail address (mnemo knows no other), else `null`.
 * Answers with any token when auth is off.
 */
import { Hono } from 'hono';
import type { AppEnv, HttpDeps } from '../../context.js';
import { ORG_ID, PROJECT_ID } from './project.js';
import { readerApp, slashed } from './request.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Routes of the ping endpoint. */
export function pingRoutes(_deps: HttpDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.on('GET', slashed('/v1/ping/'), (c) => {
    // Never fails for a missing user: with auth off a client may name its user per request.
    const identity = c.get('identity');
    const userId = identity.keyKind === 'project' ? null : identity.userId;
    return c.json({
      status: 'ok', message: 'mnemo', user_id: userId, app_id: readerApp(c) ?? null,
      org_id: ORG_ID, project_id: PROJECT_ID, org_name: ORG_ID, project_name: PROJECT_ID,
      user_email: userId !== null && EMAIL.test(userId) ? userId : null,
    });
  });
  return routes;
}
