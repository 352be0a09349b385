/**
 * Where context comes from, fastest first, for hooks that must answer quickly:
 * 1. a running `mnemo serve` on the same database (hybrid search with the model it has
 *    already loaded): `GET /api/v1/install` must name the same file, then
 *    `POST /v3/memories/search/`;
 * 2. else the database file directly through the storage contract (BM25 keyword
 *    candidates, then the records): neither a model nor the engine is loaded, so a hook
 *    process starts fast. These reads are not written to the access log (a hook only
 *    reads, and never waits for a write lock).
 *
 * Failure contract: every function here returns `null` instead of throwing when the
 * database is missing, locked or unreadable, or the server does not answer in time; a
 * hook prints nothing then (fail-open: it never blocks the user's prompt).
 */
import { existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { resolve } from 'node:path';
import type { DbKey } from '../config/db-key.js';
import { keywordTerms } from '../retrieval/keyword-query.js';
import type { MemoryStore } from '../storage/store.js';
import { type ContextItem, MAX_CONTEXT_CHARS, promptContext } from './compact-context.js';

/** Memories injected for a prompt (few: the model reads them on every prompt). */
export const PROMPT_HITS = 5;
/** Longest wait for a running server's answer, ms (a loopback answer takes a few ms). */
export const SERVER_TIMEOUT_MS = 250;

/** Where to read. */
export interface ContextOptions {
  /** Database file. */
  db: string;
  userId: string;
  /** A server to try first (e.g. `http://127.0.0.1:8765`); none → the file only. */
  server?: string | undefined;
  /** The key of an encrypted database file (`MNEMO_DB_KEY` / `--db-key-file`); none for plaintext. */
  key?: DbKey | undefined;
}

/**
 * How long a hook waits for another process's write lock, ms. better-sqlite3 waits
 * synchronously, so this bounds how long a locked database can hold the hook.
 */
export const HOOK_BUSY_TIMEOUT_MS = 150;

/** Opens the file without vectors, or null when it does not exist (a hook never creates it) or cannot be opened. */
async function openLocal(db: string, key: DbKey | undefined): Promise<MemoryStore | null> {
  if (db !== ':memory:' && !existsSync(db)) return null;
  try {
    // Loaded on demand: when a server answers, the hook never loads SQLite at all.
    const { openSqliteStore } = await import('../storage/sqlite/sqlite-store.js');
    // keywordIndex 'fts': a hook process answers one search; building the in-memory
    // keyword index of a large user would cost more than that search (sqlite-store.ts).
    return await openSqliteStore({ path: db, busyTimeoutMs: HOOK_BUSY_TIMEOUT_MS, disableVectors: true, key, keywordIndex: 'fts' });
  } catch {
    return null;
  }
}

/**
 * One JSON request to the server with node:http (not `fetch`: loading undici costs a hook
 * process tens of ms). Rejects on a non-2xx answer or after SERVER_TIMEOUT_MS.
 */
function requestJson(url: string, body?: unknown): Promise<unknown> {
  return new Promise((resolveJson, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(url, {
      method: payload === undefined ? 'GET' : 'POST', timeout: SERVER_TIMEOUT_MS,
      headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if ((res.statusCode ?? 500) >= 300) { reject(new Error(`HTTP ${res.statusCode}`)); return; }
        try { resolveJson(JSON.parse(Buffer.concat(chunks).toString('utf8'))); } catch (error) { reject(error as Error); }
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Prompt hits from a running server on the same database, or null. */
async function serverHits(options: ContextOptions, prompt: string): Promise<ContextItem[] | null> {
  if (!options.server) return null;
  const base = options.server.replace(/\/+$/, '');
  try {
    const info = await requestJson(`${base}/api/v1/install?user_id=${encodeURIComponent(options.userId)}`) as { db?: string | null };
    if (!info.db || resolve(info.db) !== resolve(options.db)) return null;
    const body = await requestJson(`${base}/v3/memories/search/`, { query: prompt, filters: { user_id: options.userId }, top_k: PROMPT_HITS }) as { results: Array<{ memory: string; created_at: string }> };
    return body.results.map((r) => ({ memory: r.memory, createdAt: r.created_at }));
  } catch {
    return null;
  }
}

/**
 * The context for `prompt`, or `null` when there is nothing to say or nothing could be read.
 * `source` says where it came from.
 */
export async function contextForPrompt(options: ContextOptions, prompt: string): Promise<{ text: string; source: 'server' | 'file' } | null> {
  if (prompt.trim() === '') return null;
  const remote = await serverHits(options, prompt);
  if (remote) return remote.length > 0 ? { text: promptContext(remote), source: 'server' } : null;
  const store = await openLocal(options.db, options.key);
  if (!store) return null;
  try {
    const match = keywordTerms(prompt.slice(0, 2_000));
    if (!match) return null;
    const filter = { userId: options.userId, states: ['active' as const] };
    const hits = await store.keywordCandidates(match, filter, PROMPT_HITS);
    const records = new Map((await store.getMemories(hits.map((h) => h.id), filter)).map((m) => [m.id, m]));
    const items = hits.flatMap((h) => { const m = records.get(h.id); return m ? [{ memory: m.memory, createdAt: m.createdAt }] : []; });
    const text = promptContext(items);
    return text === '' ? null : { text, source: 'file' };
  } catch {
    return null;
  } finally {
    await store.close().catch(() => undefined);
  }
}

/**
 * The session-start context, or `null`: the engine's `startSession` bundle (profile-like
 * memories, previous session summaries, recent memories, active knowledge-graph topics,
 * open contradictions; reflection.ts), within MAX_CONTEXT_CHARS, read keyword-only (no
 * model loaded). Null when the user has nothing yet.
 */
export async function contextForSession(options: ContextOptions): Promise<{ text: string; source: 'file' } | null> {
  const store = await openLocal(options.db, options.key);
  if (!store) return null;
  const { Memory } = await import('../engine/memory.js');
  const memory = new Memory({ store, embedder: null, app: 'mnemo-hooks' });
  try {
    const session = await memory.insights.startSession({ userId: options.userId, budget: MAX_CONTEXT_CHARS });
    const empty = session.profile.length + session.previousSessions.length + session.recent.length + session.hotEntities.length + session.openContradictions.length === 0;
    return empty ? null : { text: `Memories of user "${options.userId}" from mnemo (long-term memory; call mnemo's search_memory tool for more):\n${session.markdown}`, source: 'file' };
  } catch {
    return null;
  } finally {
    await memory.close().catch(() => undefined);
  }
}
