/**
 * The live MCP sessions of the HTTP server: each is one `McpServer` (from
 * `createMcpServer`) connected to one transport, owned by one user and one app.
 *
 * Lifecycle: a session is added when its transport starts (Streamable HTTP: after
 * `initialize`; SSE: when the GET stream opens) and removed when the transport closes
 * (client `DELETE`, SSE connection closed) — removal closes the server. Streamable HTTP
 * sessions idle longer than `idleMs` are closed by a sweep (clients that vanish without
 * `DELETE` would leak otherwise); SSE sessions end with their connection. `closeAll`
 * is for graceful shutdown.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

/** One MCP session. */
export interface McpSession {
  /** The transport's session id (`mcp-session-id` header, or SSE `sessionId` query). */
  id: string;
  kind: 'http' | 'sse';
  userId: string;
  /** The route's client name (`/mcp/{client_name}/...`), `null` on `/mcp`. */
  clientName: string | null;
  server: McpServer;
  transport: Transport;
  /** Last request, epoch ms. */
  lastSeen: number;
}

/** Default idle expiry: 30 min (a client idle that long reconnects cheaply with `initialize`). */
export const DEFAULT_MCP_IDLE_MS = 30 * 60_000;
/** Default cap per user: far above one person's editors and agents running at once. */
export const DEFAULT_MCP_SESSIONS_PER_USER = 32;
/** Default total cap: ~1,000 sessions is ~130 MB of servers at the measured ~0.13 MB each. */
export const DEFAULT_MCP_SESSIONS_TOTAL = 1_000;

/** Options of {@link McpSessions}. */
export interface McpSessionsOptions {
  /** Streamable HTTP sessions without a request for this long are closed, ms. @default {@link DEFAULT_MCP_IDLE_MS} (30 min) */
  idleMs?: number;
  /** How often idle sessions are looked for, ms. @default min(60_000, idleMs / 2) */
  sweepMs?: number;
  /** Most live sessions of one user. @default {@link DEFAULT_MCP_SESSIONS_PER_USER} */
  maxPerUser?: number;
  /** Most live sessions in all. @default {@link DEFAULT_MCP_SESSIONS_TOTAL} */
  maxTotal?: number;
}

/** A registry of live sessions. @example const sessions = new McpSessions(); mcpRoutes(deps, sessions); await sessions.closeAll(); */
export class McpSessions {
  private readonly sessions = new Map<string, McpSession>();
  private readonly idleMs: number;
  private readonly sweepMs: number;
  private readonly maxPerUser: number;
  private readonly maxTotal: number;
  private sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(options: McpSessionsOptions = {}) {
    this.idleMs = options.idleMs ?? DEFAULT_MCP_IDLE_MS;
    this.sweepMs = options.sweepMs ?? Math.max(1, Math.min(60_000, Math.floor(this.idleMs / 2)));
    this.maxPerUser = Math.max(1, options.maxPerUser ?? DEFAULT_MCP_SESSIONS_PER_USER);
    this.maxTotal = Math.max(1, options.maxTotal ?? DEFAULT_MCP_SESSIONS_TOTAL);
  }

  /** Live sessions of `userId`. */
  countOf(userId: string): number {
    let n = 0;
    for (const s of this.sessions.values()) if (s.userId === userId) n += 1;
    return n;
  }

  /** Number of live sessions. */
  get size(): number {
    return this.sessions.size;
  }

  /**
   * Registers a started session (and starts the idle sweep, unref'd, on first use),
   * first closing the least recently seen sessions past the caps (see module header).
   */
  add(session: McpSession): void {
    while (this.countOf(session.userId) >= this.maxPerUser) this.evictOldest(session.userId);
    while (this.sessions.size >= this.maxTotal) this.evictOldest(undefined);
    this.sessions.set(session.id, session);
    this.sweeper ??= setInterval(() => this.sweep(), this.sweepMs).unref();
  }

  /**
   * The session `id` if it belongs to `userId` and `clientName` (so one user's session id
   * is useless on another user's route), marked as seen; else `undefined`.
   */
  get(id: string, userId: string, clientName: string | null): McpSession | undefined {
    const s = this.sessions.get(id);
    if (!s || s.userId !== userId || s.clientName !== clientName) return undefined;
    s.lastSeen = Date.now();
    return s;
  }

  /** Forgets session `id` and closes its server (idempotent; called from the transport's `onclose`). */
  async remove(id: string): Promise<void> {
    const s = this.sessions.get(id);
    if (!s) return;
    this.sessions.delete(id);
    await s.server.close().catch(() => undefined);
  }

  /** Closes every session and stops the sweep. */
  async closeAll(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    await Promise.all([...this.sessions.keys()].map((id) => this.remove(id)));
  }

  /** Closes the least recently seen session (of `userId` when given). */
  private evictOldest(userId: string | undefined): void {
    let oldest: McpSession | undefined;
    for (const s of this.sessions.values()) {
      if (userId !== undefined && s.userId !== userId) continue;
      if (!oldest || s.lastSeen < oldest.lastSeen) oldest = s;
    }
    if (!oldest) return;
    this.sessions.delete(oldest.id);
    void oldest.server.close().catch(() => undefined);
  }

  private sweep(): void {
    const cutoff = Date.now() - this.idleMs;
    for (const s of this.sessions.values()) {
      if (s.kind === 'http' && s.lastSeen < cutoff) void this.remove(s.id);
    }
  }
}
