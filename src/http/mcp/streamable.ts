/**
 * MCP Streamable HTTP (spec 2025-03-26+) on Hono, with the SDK's web-standard transport
 * (`WebStandardStreamableHTTPServerTransport`, which takes a `Request` and returns a
 * `Response`, so no Node req/res bridging is needed).
 *
 * Stateful: `initialize` (a POST without `mcp-session-id`) creates a session whose id the
 * client sends on every later request; GET opens the server-to-client stream, DELETE
 * ends the session. Stateful because the app recorded for reads and writes may come
 * from the client's `clientInfo.name`, which is only sent in `initialize`.
 * A session id is only honoured on the route, user and client it was created for
 * (else 404, as for an unknown id); a non-initialize request without a session id → 400.
 */
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Context } from 'hono';
import type { Memory } from '../../engine/memory.js';
import { createMcpServer, type ToolGroup } from '../../mcp/server.js';
import type { AppEnv } from '../context.js';
import { jsonRpcError } from './json-rpc.js';
import type { McpSessions } from './sessions.js';

/** Who a request acts for: resolved from the route and the API key by the caller. */
export interface McpRouteIdentity {
  userId: string;
  /** The route's `client_name`, `null` on `/mcp`. */
  clientName: string | null;
  /** The app recorded on reads/writes; `undefined` = the client's `clientInfo.name`. */
  app: string | undefined;
  /** Tool groups of the session. @default 'memory' */
  tools?: ToolGroup | undefined;
}

/** Handles one Streamable HTTP request (any method) for `who`. */
export async function handleStreamable(c: Context<AppEnv>, memory: Memory, sessions: McpSessions, who: McpRouteIdentity): Promise<Response> {
  const sessionId = c.req.header('mcp-session-id');
  if (sessionId !== undefined) {
    const session = sessions.get(sessionId, who.userId, who.clientName);
    if (!session || session.kind !== 'http') return jsonRpcError(404, -32001, 'Session not found');
    return (session.transport as WebStandardStreamableHTTPServerTransport).handleRequest(c.req.raw);
  }
  if (c.req.method !== 'POST') return jsonRpcError(400, -32000, 'Bad Request: no mcp-session-id; POST initialize first');
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    return jsonRpcError(400, -32700, 'Parse error: the body is not valid JSON');
  }
  if (!isInitializeRequest(body)) return jsonRpcError(400, -32000, 'Bad Request: no mcp-session-id; POST initialize first');

  const server = createMcpServer(memory, { userId: who.userId, ...(who.app === undefined ? {} : { app: who.app }), ...(who.tools ? { tools: who.tools } : {}) });
  const transport: WebStandardStreamableHTTPServerTransport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: () => crypto.randomUUID(),
    onsessioninitialized: (id) => {
      sessions.add({ id, kind: 'http', userId: who.userId, clientName: who.clientName, server, transport, lastSeen: Date.now() });
    },
    onsessionclosed: (id) => sessions.remove(id),
  });
  transport.onclose = () => {
    if (transport.sessionId !== undefined) void sessions.remove(transport.sessionId);
  };
  await server.connect(transport);
  return transport.handleRequest(c.req.raw, { parsedBody: body });
}
