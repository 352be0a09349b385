/**
 * Legacy MCP over SSE (spec 2024-11-05) with the SDK's `SSEServerTransport`.
 *
 * `GET /mcp/{client_name}/sse/{user_id}` opens the event stream; its first event names
 * the messages endpoint (`…/messages?sessionId=…`) where the client POSTs JSON-RPC
 * messages, answered `202 Accepted` (responses travel on the stream). The SDK transport
 * writes to a Node `ServerResponse`, which `@hono/node-server` exposes as
 * `c.env.outgoing`; the GET handler then tells Hono the response is already sent. Served
 * any other way (e.g. `app.request()` in tests) there is no Node response → 501.
 * The session ends when the stream closes. A `sessionId` is only honoured on the route,
 * user and client it was created for (404 otherwise).
 */
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import type { Context } from 'hono';
import type { Memory } from '../../engine/memory.js';
import { createMcpServer } from '../../mcp/server.js';
import type { AppEnv } from '../context.js';
import { jsonRpcError } from './json-rpc.js';
import type { McpSessions } from './sessions.js';
import type { McpRouteIdentity } from './streamable.js';

/** Opens the SSE stream of a new session; `messagesPath` is the absolute path of its POST endpoint. */
export async function openSseStream(c: Context<AppEnv>, memory: Memory, sessions: McpSessions, who: McpRouteIdentity, messagesPath: string): Promise<Response> {
  const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
  if (!outgoing) return jsonRpcError(501, -32000, 'legacy SSE needs the Node HTTP server (mnemo serve); use Streamable HTTP');
  const server = createMcpServer(memory, { userId: who.userId, ...(who.app === undefined ? {} : { app: who.app }), ...(who.tools ? { tools: who.tools } : {}) });
  const transport = new SSEServerTransport(messagesPath, outgoing);
  transport.onclose = () => void sessions.remove(transport.sessionId);
  sessions.add({ id: transport.sessionId, kind: 'sse', userId: who.userId, clientName: who.clientName, server, transport, lastSeen: Date.now() });
  outgoing.on('close', () => void sessions.remove(transport.sessionId));
  await server.connect(transport); // starts the transport: writes the SSE headers and the endpoint event
  return RESPONSE_ALREADY_SENT;
}

/** Delivers one POSTed JSON-RPC message to the session named by `?sessionId=`. */
export async function postSseMessage(c: Context<AppEnv>, sessions: McpSessions, who: McpRouteIdentity): Promise<Response> {
  const id = c.req.query('sessionId');
  const session = id === undefined ? undefined : sessions.get(id, who.userId, who.clientName);
  if (!session || session.kind !== 'sse') return jsonRpcError(404, -32001, 'Session not found');
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    return jsonRpcError(415, -32000, 'Unsupported Media Type: Content-Type must be application/json');
  }
  let message: unknown;
  try {
    message = JSON.parse(await c.req.text());
  } catch {
    return jsonRpcError(400, -32700, 'Parse error: the body is not valid JSON');
  }
  try {
    await (session.transport as SSEServerTransport).handleMessage(message, {
      requestInfo: { headers: Object.fromEntries(c.req.raw.headers), url: new URL(c.req.url) },
    });
  } catch (error) {
    return jsonRpcError(400, -32600, `Invalid message: ${(error as Error).message}`);
  }
  return c.text('Accepted', 202);
}
