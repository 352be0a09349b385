/**
 * `mnemo serve`: the engine as a shared HTTP service (REST API, mem0-compatible API,
 * MCP over HTTP). Prints `mnemo serve listening on <url>` on stdout once bound (tests
 * and scripts read the URL from it) and the auth mode on stderr. SIGINT/SIGTERM shut
 * down gracefully: in-flight writes finish, then the database closes.
 *
 * On PostgreSQL (`--db postgres://...`) the store opens before listening, so migrations
 * run at startup (once across instances, under an advisory lock) and the startup lines
 * say whether pgvector is there and how to install it. Every instance keeps its state in
 * the database (keys, pauses, rules); MCP Streamable HTTP sessions live in the instance
 * that created them, so a load balancer needs sticky sessions for /mcp.
 *
 * `--read-threads N` (SQLite only) answers searches on N worker threads, each with its
 * own connection on the same file (engine/read-pool/); the main thread keeps HTTP, MCP
 * sessions and every write. 2 by default on a machine of 2 cores or more, `0` turns them off
 * (see `DEFAULT_READ_THREADS`).
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { TOOL_GROUPS, type ToolGroup } from '../../mcp/server.js';
import { loadCategorizerConfig } from '../../config/categorizer-config.js';
import { isPostgresUrl, redactUrl } from '../../config/database-url.js';
import { MnemoError } from '../../core/errors.js';
import { LlmCategorizer } from '../../engine/llm-categorizer.js';
import { LlmExtractor } from '../../engine/llm-extractor.js';
import { PooledMemory } from '../../engine/read-pool/pooled-memory.js';
import { DEFAULT_BODY_LIMIT_BYTES } from '../../http/app.js';
import { DEFAULT_PORT, isLoopback, startHttpServer } from '../../http/server.js';
import { DEFAULT_MCP_IDLE_MS, DEFAULT_MCP_SESSIONS_PER_USER, DEFAULT_MCP_SESSIONS_TOTAL } from '../../http/mcp/sessions.js';
import { type CliContext, keyOption } from '../context.js';
import { isNewDatabase, newDatabaseNotice } from '../first-run.js';

/**
 * Lock waits of the server: at most 25 ms blocking inside SQLite per attempt, then async
 * retries for 400 ms, so a lock held by another process answers 503 with Retry-After
 * within a second while other requests (and `/healthz`) keep being served. The budget
 * leaves half a second of slack: 750 ms answered after 1013 ms on a loaded CI machine
 * (the last retry's pause, a 25 ms blocking attempt and request handling add to it).
 */
const SERVER_SQLITE_WAIT = { busyTimeoutMs: 25, lockWaitMs: 400 };

/**
 * Search worker threads by default (engine/read-pool/): 2 where the machine has at least
 * 2 cores (`os.availableParallelism()`), else 0 (searches on the main thread; one core
 * gains nothing from workers and pays the messages). Why 2: measured with
 * `node dist/bench/server-load.js --memories 10000 --duration 10 --connections 10
 * --scenarios search --warmup 5 --embeddings none|local --read-threads 0|2`, interleaved
 * rounds on one reused database per mode, on this project's shared 2-core machine (load
 * average 5-8 from other work; bench/README.md, "Read threads by default"): 2 workers
 * answered more searches per second than 0 in most rounds of both modes (keyword-only
 * about +20% on average, hybrid with local embeddings about +20%), at about the same
 * server CPU per keyword search and up to about 1 ms more per hybrid search (messages
 * between threads). `--read-threads 0` keeps every search on the main thread.
 */
const DEFAULT_READ_THREADS = availableParallelism() >= 2 ? 2 : 0;
/** Most search worker threads accepted (each holds an engine and a SQLite connection). */
const MAX_READ_THREADS = 16;

interface ServeFlags {
  host: string;
  port: string;
  auth?: boolean;
  cors?: string;
  allowedHosts?: string;
  mcpIdleMinutes: string;
  mcpMaxSessions: string;
  mcpMaxSessionsPerUser: string;
  bodyLimit: string;
  llmBaseUrl?: string;
  llmModel?: string;
  webhookHosts?: string;
  webhookAllowPrivate?: boolean;
  tools: ToolGroup;
  readThreads: string;
}

/** Registers `serve`. */
export function registerServeCommand(program: Command, ctx: CliContext): void {
  program.command('serve')
    .description('run the HTTP server: REST API (/api/v1), mem0-compatible API, MCP over HTTP (/mcp)')
    .option('--host <address>', 'interface to listen on (auth is required off loopback)', '127.0.0.1')
    .option('--port <n>', 'TCP port (0 = any free port)', String(DEFAULT_PORT))
    .option('--auth', 'require an API key on loopback too (always required elsewhere)')
    .option('--cors <origins>', 'comma-separated origins allowed by CORS (default: none)')
    .option('--allowed-hosts <names>', 'comma-separated extra names accepted in the Host header, e.g. mnemo.lan:8765 (default: the listen address; on loopback also localhost, 127.0.0.1, [::1])')
    .option('--mcp-idle-minutes <n>', 'close MCP HTTP sessions idle this long', String(DEFAULT_MCP_IDLE_MS / 60_000))
    .option('--mcp-max-sessions <n>', 'most MCP sessions in all (the oldest is closed past it)', String(DEFAULT_MCP_SESSIONS_TOTAL))
    .option('--mcp-max-sessions-per-user <n>', 'most MCP sessions of one user', String(DEFAULT_MCP_SESSIONS_PER_USER))
    .option('--body-limit <bytes>', 'largest request body', String(DEFAULT_BODY_LIMIT_BYTES))
    .option('--llm-base-url <url>', 'OpenAI-compatible endpoint for LLM categories and infer:true fact extraction (env MNEMO_LLM_BASE_URL)')
    .addOption(new Option('--tools <group>', 'MCP tools to expose: memory, graph, session or all').choices([...TOOL_GROUPS]).default('memory'))
    .option('--llm-model <name>', 'chat model for LLM categories (env MNEMO_LLM_MODEL)')
    .option('--webhook-hosts <hosts>', 'comma-separated hosts mem0 webhooks may target (name, IP, *.domain or *; default: none)')
    .option('--webhook-allow-private', 'let webhooks target loopback/private addresses (local receivers only)')
    .option('--read-threads <n>', 'worker threads answering searches beside the main thread (SQLite only; 0 = searches on the main thread)', String(DEFAULT_READ_THREADS))
    .action(async (o: ServeFlags) => {
      const port = Number(o.port);
      const bodyLimitBytes = Number(o.bodyLimit);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new MnemoError('INVALID_INPUT', `--port must be 0-65535, got ${o.port}`);
      if (!Number.isInteger(bodyLimitBytes) || bodyLimitBytes < 1) throw new MnemoError('INVALID_INPUT', `--body-limit must be a positive integer, got ${o.bodyLimit}`);
      const idleMinutes = Number(o.mcpIdleMinutes);
      const maxTotal = Number(o.mcpMaxSessions);
      const maxPerUser = Number(o.mcpMaxSessionsPerUser);
      if (!(idleMinutes > 0)) throw new MnemoError('INVALID_INPUT', `--mcp-idle-minutes must be a positive number, got ${o.mcpIdleMinutes}`);
      if (!Number.isInteger(maxTotal) || maxTotal < 1) throw new MnemoError('INVALID_INPUT', `--mcp-max-sessions must be a positive integer, got ${o.mcpMaxSessions}`);
      if (!Number.isInteger(maxPerUser) || maxPerUser < 1) throw new MnemoError('INVALID_INPUT', `--mcp-max-sessions-per-user must be a positive integer, got ${o.mcpMaxSessionsPerUser}`);
      const readThreads = Number(o.readThreads);
      if (!Number.isInteger(readThreads) || readThreads < 0 || readThreads > MAX_READ_THREADS) throw new MnemoError('INVALID_INPUT', `--read-threads must be an integer from 0 to ${MAX_READ_THREADS}, got ${o.readThreads}`);
      const config = ctx.config();
      const fresh = !isPostgresUrl(config.db) && isNewDatabase(config.db);
      const llm = loadCategorizerConfig(undefined, { baseUrl: o.llmBaseUrl, model: o.llmModel });
      // PostgreSQL opens now (migrations, pgvector probe); `pg` loads only here.
      const store = isPostgresUrl(config.db)
        ? await (await import('../../storage/postgres/postgres-store.js')).openPostgresStore({ url: config.db })
        : undefined;
      if (store && !store.capabilities.vectorSearch) {
        process.stderr.write(`mnemo serve: keyword search only: ${store.capabilities.vectorUnavailableReason ?? 'vector search unavailable'}\n`);
      }
      const memory = new PooledMemory({
        ...(store ? { store } : { path: config.db }),
        embeddings: { ...config.embeddings },
        ...(llm ? { categorizer: new LlmCategorizer(llm), extractor: new LlmExtractor(llm) } : {}),
        sqlite: SERVER_SQLITE_WAIT,
        ...keyOption(config),
      }, { threads: readThreads });
      const required = o.auth === true || !isLoopback(o.host);
      const cors = o.cors?.split(',').map((s) => s.trim()).filter((s) => s !== '') ?? [];
      const webhooks = { allowHosts: o.webhookHosts?.split(',').map((s) => s.trim()).filter((s) => s !== '') ?? [], allowPrivate: o.webhookAllowPrivate === true };
      let server;
      try {
        await memory.open();
        server = await startHttpServer(
          { memory, auth: { required, defaultUserId: config.userId }, cors, bodyLimitBytes, version: program.version(), webhooks, mcpTools: o.tools, ...(isLoopback(o.host) && !isPostgresUrl(config.db) ? { dbPath: resolve(config.db) } : {}) },
          { host: o.host, port, allowedHosts: o.allowedHosts?.split(',').map((s) => s.trim()).filter((s) => s !== '') ?? [],
            mcpSessions: { idleMs: Math.round(idleMinutes * 60_000), maxTotal, maxPerUser } },
        );
      } catch (error) {
        await memory.close();
        throw error;
      }
      process.stderr.write(required
        ? 'mnemo serve: auth required: send "Authorization: Token <key>" (create one with `mnemo keys create --user U`)\n'
        : `mnemo serve: auth OFF (loopback only): the user is the request's user_id, else "${config.userId}"\n`);
      if (fresh) process.stderr.write(newDatabaseNotice('mnemo serve', config.db));
      process.stderr.write(`mnemo serve: database ${redactUrl(config.db)}${store ? ` (postgres, schema ${store.schemaVersion}, migrations applied here: ${store.appliedMigrations.length === 0 ? 'none' : store.appliedMigrations.join(',')})` : ''}, embeddings ${config.embeddings.provider ?? 'local'}${llm ? `, LLM categories and extraction ${llm.model}` : ''}${cors.length ? `, CORS ${cors.join(' ')}` : ''}${webhooks.allowHosts.length ? `, webhooks to ${webhooks.allowHosts.join(' ')}${webhooks.allowPrivate ? ' (private addresses allowed)' : ''}` : ''}\n`);
      process.stderr.write(`mnemo serve: ${server.policy}\n`);
      process.stderr.write(`mnemo serve: searches on ${memory.readThreads === 0 ? 'the main thread' : `${memory.readThreads} worker thread${memory.readThreads === 1 ? '' : 's'}`}\n`);
      process.stdout.write(`mnemo serve listening on ${server.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve(); };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      process.stderr.write('mnemo serve: shutting down (finishing in-flight requests)\n');
      await server.close();
      await memory.close();
    });
}
