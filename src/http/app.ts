/**
 * The HTTP application of `mnemo serve`: one Hono app over one `Memory` engine, testable
 * in-process with `app.request('/path')` (no port). `server.ts` puts it on a socket.
 *
 * Middleware, in order: in-flight counting (graceful shutdown), CORS (only when an
 * allow-list is given; closed otherwise), the origin policy (Host, Origin and
 * Content-Type checks against cross-site requests and DNS rebinding, 403/415), body size limit (413; `POST /api/v1/import`
 * has its own, larger one), auth (sets the identity, 401), then the routes:
 * - `/` the web dashboard (public static bundle of dist/web, before auth) — routes/web.ts
 * - `/healthz` (public) — routes/health.ts
 * - `/api/v1/memories` (+ `/{id}/feedback`, routes/feedback.ts), `/api/v1/apps`, `/api/v1/access-rules`, `/api/v1/stats`,
 *   `/api/v1/activity`, `/api/v1/config`, `/api/v1/keys`, `/api/v1/export`,
 *   `/api/v1/import` — routes/*.ts
 * - the mem0-compatible API at `/` — routes/mem0/index.ts
 * - MCP over HTTP at `/mcp…` — mcp/index.ts
 * Errors of every route are mapped once by errors.ts.
 */
import { entitiesRoutes, relationsRoutes } from './routes/graph.js';
import { contradictionsRoutes, reflectRoutes } from './routes/graph-insights.js';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { getPath } from 'hono/utils/url';
import type { AppEnv, HttpDeps } from './context.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { McpSessions, mcpRoutes } from './mcp/index.js';
import { authMiddleware } from './middleware/auth.js';
import { DEFAULT_BODY_LIMIT_BYTES, limitBody } from './middleware/body-limit.js';
import { InFlight } from './middleware/in-flight.js';
import { LOOPBACK_NAMES, originPolicy } from './middleware/origin-policy.js';
import { accessRulesRoutes } from './routes/access-rules.js';
import { activityRoutes } from './routes/activity.js';
import { appsRoutes } from './routes/apps.js';
import { configRoutes } from './routes/config.js';
import { installRoutes } from './routes/install.js';
import { feedbackRestRoutes } from './routes/feedback.js';
import { healthRoutes } from './routes/health.js';
import { keysRoutes } from './routes/keys.js';
import { memoriesRoutes } from './routes/memories.js';
import { mem0Routes } from './routes/mem0/index.js';
import { statsRoutes } from './routes/stats.js';
import { statsTimelineRoutes } from './routes/stats-timeline.js';
import { IMPORT_PATH, transferRoutes } from './routes/transfer.js';
import { webRoutes } from './routes/web.js';

/** Largest request body by default (see middleware/body-limit.ts). */
export { DEFAULT_BODY_LIMIT_BYTES };

/** Extra handles of {@link createHttpApp}, for the server's shutdown. */
export interface HttpAppOptions {
  /** Requests in progress. @default a new counter */
  inFlight?: InFlight;
  /** Live MCP sessions. @default a new registry */
  mcpSessions?: McpSessions;
  /** Where unexpected errors are logged. @default console.error */
  log?: (message: string, error: unknown) => void;
}

/**
 * Builds the app. Nothing listens and nothing opens until a request arrives.
 * @example
 * const app = createHttpApp({ memory: new Memory({ path: ':memory:' }), auth: { required: false, defaultUserId: 'alice' } });
 * const res = await app.request('/api/v1/memories', { method: 'POST', body: JSON.stringify({ text: 'I like tea' }) });
 */
export function createHttpApp(deps: HttpDeps, options: HttpAppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ getPath: singleSlashPath });
  app.onError(errorHandler(options.log));
  app.notFound(notFoundHandler);

  app.use('*', (options.inFlight ?? new InFlight()).middleware());
  const origins = deps.cors ?? [];
  if (origins.length > 0) {
    app.use('*', cors({
      origin: (origin) => (origins.includes(origin) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type', 'X-Mnemo-App', 'Mcp-Session-Id', 'Mcp-Protocol-Version'],
      exposeHeaders: ['Mcp-Session-Id', 'X-Mnemo-Notice'],
      allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
      maxAge: 600,
    }));
  }
  app.use('*', originPolicy(deps.originPolicy ?? { hosts: [...LOOPBACK_NAMES], cors: origins }));
  // The import route takes whole export files and applies its own, larger limit.
  app.use('*', limitBody(deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES, [IMPORT_PATH]));
  // The dashboard bundle holds no secrets and must load before a key is entered.
  app.route('/', webRoutes());
  app.use('*', authMiddleware(deps));

  app.route('/', healthRoutes(deps));
  app.route('/api/v1/memories', memoriesRoutes(deps));
  app.route('/api/v1/memories', feedbackRestRoutes(deps));
  app.route('/api/v1/apps', appsRoutes(deps));
  app.route('/api/v1/access-rules', accessRulesRoutes(deps));
  app.route('/api/v1/stats/timeline', statsTimelineRoutes(deps));
  app.route('/api/v1/stats', statsRoutes(deps));
  app.route('/api/v1/activity', activityRoutes(deps));
  app.route('/api/v1/config', configRoutes(deps));
  app.route('/api/v1/install', installRoutes(deps));
  app.route('/api/v1/keys', keysRoutes(deps));
  app.route('/api/v1/entities', entitiesRoutes(deps));
  app.route('/api/v1/relations', relationsRoutes(deps));
  app.route('/api/v1/contradictions', contradictionsRoutes(deps));
  app.route('/api/v1/reflect', reflectRoutes(deps));
  app.route('/api/v1', transferRoutes(deps));
  app.route('/', mem0Routes(deps));
  app.route('/', mcpRoutes(deps, options.mcpSessions ?? new McpSessions()));
  return app;
}

/**
 * The request path with runs of slashes collapsed (`//v1/ping/` → `/v1/ping/`), so a
 * client whose base URL ends in a slash (mem0's AsyncMemoryClient with
 * `host="http://localhost:8765/"`) reaches the same route, not the dashboard.
 */
export function singleSlashPath(request: Request): string {
  return getPath(request).replace(/\/{2,}/g, '/');
}
