/**
 * MCP over HTTP: the same tools as `mnemo mcp` (stdio), from `createMcpServer`, for
 * clients that connect to `mnemo serve`. Mounted at `/` by `createHttpApp`.
 *
 * | route | transport | user / app |
 * |---|---|---|
 * | `/mcp/{client_name}/http/{user_id}` (POST, GET, DELETE) | Streamable HTTP | path user / `client_name` |
 * | `GET /mcp/{client_name}/sse/{user_id}`, `POST …/messages?sessionId=` | legacy SSE | path user / `client_name` |
 * | `/mcp` (POST, GET, DELETE) | Streamable HTTP | the API key's user / the key's app, else `clientInfo.name` |
 *
 * Identity: with an API key the path's `user_id` must be the key's user (403 otherwise)
 * and a key bound to an app records that app, not `client_name` (see `resolveUser`,
 * `resolveApp` in ../context.ts); with auth off the path names the user. Sessions live
 * in memory (see sessions.ts): pass your own {@link McpSessions} to close them on shutdown.
 */
import { Hono } from 'hono';
import { type AppEnv, type HttpDeps, resolveApp, resolveUser } from '../context.js';
import { McpSessions } from './sessions.js';
import { openSseStream, postSseMessage } from './sse.js';
import { handleStreamable, type McpRouteIdentity } from './streamable.js';

export { McpSessions } from './sessions.js';

/** Methods of the Streamable HTTP endpoint (spec: POST messages, GET stream, DELETE session). */
const STREAMABLE_METHODS = ['POST', 'GET', 'DELETE'];

/**
 * The MCP routes.
 * @param sessions where live sessions are kept. @default a new registry
 * @example app.route('/', mcpRoutes(deps, sessions)); // on shutdown: await sessions.closeAll()
 */
export function mcpRoutes(deps: HttpDeps, sessions: McpSessions = new McpSessions()): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const { memory } = deps;
  const fromPath = (c: Parameters<typeof resolveUser>[0]): McpRouteIdentity => {
    const clientName = c.req.param('client_name') as string;
    return { userId: resolveUser(c, c.req.param('user_id')), clientName, app: resolveApp(c, clientName) ?? clientName, tools: deps.mcpTools };
  };

  routes.on(STREAMABLE_METHODS, '/mcp/:client_name/http/:user_id', (c) => handleStreamable(c, memory, sessions, fromPath(c)));
  routes.on(STREAMABLE_METHODS, '/mcp', (c) => {
    const app = resolveApp(c, null);
    return handleStreamable(c, memory, sessions, { userId: resolveUser(c, null), clientName: null, app: app ?? undefined, tools: deps.mcpTools });
  });
  routes.get('/mcp/:client_name/sse/:user_id', (c) => {
    const messages = `/mcp/${encodeURIComponent(c.req.param('client_name'))}/sse/${encodeURIComponent(c.req.param('user_id'))}/messages`;
    return openSseStream(c, memory, sessions, fromPath(c), messages);
  });
  routes.post('/mcp/:client_name/sse/:user_id/messages', (c) => postSseMessage(c, sessions, fromPath(c)));
  return routes;
}
