/**
 * Where context comes from, fastest first, for hooks that must answer quickly:
 * 1. a running `mnemo serve` on the same database (hybrid search with the model it has
 *    already loaded): `GET /api/v1/install` must name the same file, then
 *    `POST /v3/memories/search/`;
 * 2. else the database file directly, keyword search only (BM25): no model is loaded.
 *
 * Failure contract: every function here returns `null` instead of throwing when the
 * database is missing, locked or unreadable, or the server does not answer in time; a
 * hook prints nothing then (fail-open: it never blocks the user's prompt).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Memory } from '../engine/memory.js';
import { openSqliteStore } from '../storage/sqlite/sqlite-store.js';
import { type ContextItem, promptContext, sessionContext } from './compact-context.js';

/** Memories injected for a prompt (few: the model reads them on every prompt). */
export const PROMPT_HITS = 5;
/** Preference-like and recent memories at session start, each. */
export const SESSION_ITEMS = 5;
/** Longest wait for a running server's answer, ms (a loopback answer takes a few ms). */
export const SERVER_TIMEOUT_MS = 250;

/** Where to read. */
export interface ContextOptions {
  /** Database file. */
  db: string;
  userId: string;
  /** A server to try first (e.g. `http://127.0.0.1:8765`); none → the file only. */
  server?: string | undefined;
}

/**
 * How long a hook waits for another process's write lock, ms. better-sqlite3 waits
 * synchronously, so this bounds how long a locked database can hold the hook.
 */
export const HOOK_BUSY_TIMEOUT_MS = 150;

/** Opens the file keyword-only (no vectors, no model), or null when it does not exist (a hook never creates it). */
async function openLocal(db: string): Promise<Memory | null> {
  if (db !== ':memory:' && !existsSync(db)) return null;
  try {
    const store = await openSqliteStore({ path: db, busyTimeoutMs: HOOK_BUSY_TIMEOUT_MS, disableVectors: true });
    return new Memory({ store, embedder: null, app: 'mnemo-hooks' });
  } catch {
    return null;
  }
}

async function fetchJson(url: string, init: RequestInit = {}): Promise<unknown> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(SERVER_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.json();
}

/** Prompt hits from a running server on the same database, or null. */
async function serverHits(options: ContextOptions, prompt: string): Promise<ContextItem[] | null> {
  if (!options.server) return null;
  const base = options.server.replace(/\/+$/, '');
  try {
    const info = await fetchJson(`${base}/api/v1/install?user_id=${encodeURIComponent(options.userId)}`) as { db?: string | null };
    if (!info.db || resolve(info.db) !== resolve(options.db)) return null;
    const body = await fetchJson(`${base}/v3/memories/search/`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: prompt, filters: { user_id: options.userId }, top_k: PROMPT_HITS }),
    }) as { results: Array<{ memory: string; created_at: string }> };
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
  const memory = await openLocal(options.db);
  if (!memory) return null;
  try {
    const { results } = await memory.search(prompt.slice(0, 2_000), { userId: options.userId, limit: PROMPT_HITS, mode: 'keyword' });
    const text = promptContext(results.map((r) => ({ memory: r.memory, createdAt: r.createdAt })));
    return text === '' ? null : { text, source: 'file' };
  } catch {
    return null;
  } finally {
    await memory.close().catch(() => undefined);
  }
}

/** The session-start context (preference-like, then recent memories), or `null`. */
export async function contextForSession(options: ContextOptions): Promise<{ text: string; source: 'file' } | null> {
  const memory = await openLocal(options.db);
  if (!memory) return null;
  try {
    const [preferences, recent] = await Promise.all([
      memory.getAll({ userId: options.userId, categories: ['preferences'], limit: SESSION_ITEMS }),
      memory.getAll({ userId: options.userId, limit: SESSION_ITEMS }),
    ]);
    const item = (r: { memory: string; createdAt: string }) => ({ memory: r.memory, createdAt: r.createdAt });
    const text = sessionContext(options.userId, preferences.results.map(item), recent.results.map(item));
    return text === '' ? null : { text, source: 'file' };
  } catch {
    return null;
  } finally {
    await memory.close().catch(() => undefined);
  }
}
