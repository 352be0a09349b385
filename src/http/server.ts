/**
 * Puts the HTTP app on a socket (`@hono/node-server`) and takes it down gracefully:
 * stop accepting, let in-flight requests (writes) finish, close MCP sessions, then drop
 * the remaining connections. The engine is the caller's to close afterwards.
 *
 * Failure contract: `startHttpServer` rejects with `MnemoError('INVALID_INPUT')` when
 * asked to listen on a non-loopback address without auth, and `UNAVAILABLE` when the
 * port cannot be bound.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { MnemoError } from '../core/errors.js';
import { createHttpApp } from './app.js';
import type { HttpDeps } from './context.js';
import { McpSessions } from './mcp/index.js';
import type { McpSessionsOptions } from './mcp/sessions.js';
import { InFlight } from './middleware/in-flight.js';
import { defaultHosts, describePolicy, normaliseName, type OriginPolicy } from './middleware/origin-policy.js';
import { WebhookDispatcher } from '../engine/webhooks.js';

/** Where and how to listen. */
export interface ListenOptions {
  /** Interface address. @default '127.0.0.1' */
  host?: string;
  /** TCP port; 0 picks a free one. @default 8765 */
  port?: number;
  /** Longest wait for in-flight requests at shutdown, ms. @default 10000 */
  drainTimeoutMs?: number;
  /** Where unexpected request errors are logged. @default console.error */
  log?: (message: string, error: unknown) => void;
  /**
   * Extra names accepted in the `Host` header (`name` or `name:port`), beyond the listen
   * address and, on loopback, `localhost`/`127.0.0.1`/`[::1]` (middleware/origin-policy.ts).
   * @default []
   */
  allowedHosts?: string[];
  /** Caps and idle expiry of MCP sessions (mcp/sessions.ts). @default the registry's defaults */
  mcpSessions?: McpSessionsOptions;
}

/** A listening server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8765`. */
  url: string;
  /** Which hosts and origins are accepted, one line for the startup message. */
  policy: string;
  /** Graceful shutdown (see module header). Safe to call twice. */
  close(): Promise<void>;
}

/** Default port of `mnemo serve` (OpenMemory's API uses 8765 too). */
export const DEFAULT_PORT = 8765;

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Starts the server.
 * @example const server = await startHttpServer(deps, { port: 0 }); console.log(server.url); await server.close();
 */
export async function startHttpServer(deps: HttpDeps, options: ListenOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && !deps.auth.required) {
    throw new MnemoError('INVALID_INPUT', `auth is required when listening on ${host} (not a loopback address)`);
  }
  const inFlight = new InFlight();
  const mcpSessions = new McpSessions(options.mcpSessions);
  const policy: OriginPolicy = {
    hosts: [...new Set([...defaultHosts(host), ...(options.allowedHosts ?? []).map(normaliseName)])],
    cors: deps.cors ?? [],
  };
  const app = createHttpApp({ ...deps, originPolicy: policy }, { inFlight, mcpSessions, ...(options.log ? { log: options.log } : {}) });
  // Memory events of this server's engine go to the stored webhooks, under the server's policy.
  const webhooks = new WebhookDispatcher(deps.memory.webhooks, deps.memory.events, deps.webhooks ?? { allowHosts: [] });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: options.port ?? DEFAULT_PORT }, () => resolve(s as Server)) as Server;
    s.once('error', (cause) => reject(new MnemoError('UNAVAILABLE', `cannot listen on ${host}:${options.port ?? DEFAULT_PORT}: ${cause.message}`, { cause })));
  });
  webhooks.start();
  const { port } = server.address() as AddressInfo;
  policy.port = port;
  let closing: Promise<void> | undefined;
  return {
    policy: describePolicy(policy),
    url: `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`,
    close: () => (closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await inFlight.drained(options.drainTimeoutMs ?? 10_000);
      await webhooks.stop();
      await mcpSessions.closeAll();
      server.closeAllConnections();
      await stopped;
    })()),
  };
}
