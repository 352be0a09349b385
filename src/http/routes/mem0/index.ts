/**
 * The mem0-compatible API: the endpoints the official `mem0ai` clients (2.x and 3.x)
 * call, in mem0's JSON shapes, on mnemo's engine, so `new MemoryClient({ apiKey, host })`
 * works unchanged against `mnemo serve`. Mounted at `/` by `createHttpApp`.
 *
 * | endpoint | file |
 * |---|---|
 * | `GET /v1/ping/` | ping.ts |
 * | `POST /v1/memories/` (add v1), `POST /v3/memories/add/` (add v3) | memories.ts |
 * | `GET /v1/memories/`, `POST /v2/memories/`, `POST /v3/memories/` (list) | memories.ts |
 * | `DELETE /v1/memories/?user_id=…` (delete all of a scope) | memories.ts |
 * | `POST /v1|v2|v3/memories/search/` | search.ts |
 * | `GET|PUT|DELETE /v1/memories/{id}/`, `GET /v1/memories/{id}/history/` | memory.ts |
 * | `PUT|DELETE /v1/batch/` | batch.ts |
 * | `GET /v1/entities/`, `DELETE /v1|v2/entities/{type}/{id}/` | entities.ts |
 * | `POST /v1/feedback/` | feedback.ts |
 * | `POST /v1/exports/`, `POST /v1/exports/get/`, `POST /v1/summary/` | exports.ts |
 * | `GET|PATCH /api/v1/orgs/organizations/{org}/projects/{project}/` | project.ts |
 * | `GET|POST /api/v1/webhooks/projects/{project}/`, `PUT|DELETE /api/v1/webhooks/{id}/` | webhooks.ts |
 *
 * Everything else mem0's clients can call (project members, profiles, events) is not
 * routed here and answers the app's 404. Identity: a per-user key acts for its user (a
 * request naming another `user_id` gets 403); a project key (`mnemo keys create
 * --project`) and auth off act for the `user_id` the request names, and on by-id calls
 * for the memory's owner. Errors are thrown as `MnemoError` and mapped once by
 * `src/http/errors.ts` (`INVALID_INPUT` → 400, `NOT_FOUND` → 404, `FORBIDDEN` → 403).
 * How mnemo differs from mem0 (verbatim storage, no graph) is written in each
 * file's header and told per request in the `X-Mnemo-Notice` header.
 */
import { Hono } from 'hono';
import type { AppEnv, HttpDeps } from '../../context.js';
import { batchRoutes } from './batch.js';
import { entitiesRoutes } from './entities.js';
import { exportsRoutes } from './exports.js';
import { feedbackRoutes } from './feedback.js';
import { projectRoutes } from './project.js';
import { webhooksRoutes } from './webhooks.js';
import { memoriesRoutes } from './memories.js';
import { memoryRoutes } from './memory.js';
import { pingRoutes } from './ping.js';
import { searchRoutes } from './search.js';

/**
 * The mem0-compatible routes.
 * @example app.route('/', mem0Routes(deps));
 */
export function mem0Routes(deps: HttpDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  // Search before the by-id routes, so `/v1/memories/search/` is never read as an id.
  for (const part of [pingRoutes, searchRoutes, memoriesRoutes, memoryRoutes, batchRoutes, entitiesRoutes, feedbackRoutes, exportsRoutes, projectRoutes, webhooksRoutes]) {
    routes.route('/', part(deps));
  }
  return routes;
}
