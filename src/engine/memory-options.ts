/**
 * The public option types of the {@link Memory} SDK, in one place so the engine's
 * modules (write, read, search, audit, administration) can name them without importing
 * the facade. Types only; the schemas they derive from live in inputs.ts.
 */
import type { z } from 'zod';
import type { DbKey } from '../config/db-key.js';
import type { Clock } from '../core/clock.js';
import type { FilterNode } from '../core/filter.js';
import type { MemoryRecord } from '../core/memory.js';
import type { Embedder, EmbeddingConfig } from '../embedding/embedder.js';
import type { MemoryStore } from '../storage/store.js';
import type { Categorizer } from './categorizer.js';
import type { FactExtractor } from './llm-extractor.js';
import type { AddInputSchema, AddOptionsSchema, ByIdOptionsSchema, ListOptionsSchema, ScopeSchema, SearchOptionsSchema } from './inputs.js';

/** Constructor options of {@link Memory}. */
export interface MemoryOptions {
  /** SQLite file path or `':memory:'`; a `postgres://` URL opens PostgreSQL. @default './memory.sqlite' */
  path?: string;
  /**
   * A PostgreSQL database (`postgres://user:password@host:port/db?sslmode=require&pool_max=10&statement_timeout=30000`);
   * wins over `path`. The `pg` driver loads only then, better-sqlite3 never.
   */
  databaseUrl?: string;
  /** Embedding provider settings. @default { provider: 'local' } (USE Lite, offline) */
  embeddings?: EmbeddingConfig;
  /** A ready embedder instance (overrides `embeddings`); `null` = keyword only. */
  embedder?: Embedder | null;
  /** A ready store (overrides `path`). The Memory closes it on `close()`. */
  store?: MemoryStore;
  /** Name of the app this instance acts as (history, access log, writer of new memories). */
  app?: string;
  /** Time source. @default the system clock */
  clock?: Clock;
  /**
   * Near-duplicate handling on add: a new text that restates a memory in the same scope
   * updates that memory (history kept) instead of adding one. The rule (near-duplicate.ts):
   * cosine ≥ `similarity`, content-word Jaccard ≥ `jaccard` (≥ `lexicalOnly` without
   * vectors), no polarity word ("not", "never", "dislike") on one side only, no detail
   * swapped (PostgreSQL 16 → 15). Exact duplicates (same normalised text) are always NONE.
   * Measured on labelled pairs: bench/near-duplicates.ts.
   * @default { enabled: true, similarity: 0.8, jaccard: 0.5, lexicalOnly: 0.75 }
   */
  dedupe?: { enabled?: boolean; similarity?: number; jaccard?: number; lexicalOnly?: number };
  /** Turn degradation (vector side unavailable) into an `UNAVAILABLE` error. @default false */
  strict?: boolean;
  /**
   * The key of an encrypted SQLite file (a passphrase, or a {@link DbKey}): opens it, or
   * creates a new file encrypted (SQLCipher 4 format, storage/sqlite/sqlite-cipher.ts).
   * Needs the optional package `better-sqlite3-multiple-ciphers`, loaded only then.
   * Opening an encrypted file without it, or with a wrong key, rejects with `FORBIDDEN`.
   * Ignored for PostgreSQL and a given `store`.
   */
  encryptionKey?: string | DbKey;
  /** Load sqlite-vec from this file (default: the npm package's binary). */
  sqliteVecPath?: string;
  /**
   * How SQLite writes wait for another process's lock (see storage/sqlite/sqlite-lock.ts):
   * `busyTimeoutMs` blocking inside SQLite, then `lockWaitMs` of async retries before
   * `UNAVAILABLE`. Servers use a short blocking wait so the event loop stays free.
   * `keywordIndex`: `auto` ranks keyword searches of large users from an in-memory index
   * built on their first search (long-lived processes); `fts` always asks FTS5 (one-shot
   * processes, which would pay the build for one search). `keywordIndexMinRows`: the
   * smallest user served by that index (benchmarks force 0). See storage/sqlite/sqlite-store.ts.
   * @default { busyTimeoutMs: 10000, lockWaitMs: 0, keywordIndex: 'auto' }
   */
  sqlite?: { busyTimeoutMs?: number; lockWaitMs?: number; keywordIndex?: 'auto' | 'fts'; keywordIndexMinRows?: number };
  /**
   * Assigns categories to memories added without any (e.g. an `LlmCategorizer`);
   * `null` = leave them uncategorised. @default new HybridCategorizer() (keywords, plus the embedder's vectors when there are any)
   */
  categorizer?: Categorizer | null;
  /**
   * The LLM that `add` with `infer: true` uses to extract facts and decide ADD / UPDATE /
   * DELETE / NONE (an `LlmExtractor`); without one, `infer: true` stores verbatim with a
   * notice (infer.ts). @default null
   */
  extractor?: FactExtractor | null;
}

/** Options of `add`: scope, plus the writer app, metadata, categories and time. */
export type AddOptions = z.input<typeof AddOptionsSchema>;
/**
 * A predicate over memories that the engine's filters cannot express (e.g. mem0's OR/NOT
 * filters). Applied before `limit`/`offset` and before the access log, so only returned
 * memories are logged as read. It runs in JavaScript over every memory the SQL filters
 * keep (a full scan of those for `getAll`), so push down what the filters can say.
 */
export type MemoryPredicate = (m: MemoryRecord) => boolean;
/**
 * Extra filters of `search` and `getAll`: `filter`, a tree of mnemo's filter language
 * (mem0's grammar, see core/filter.ts `parseFilter`), which the store evaluates in its
 * query language (paging and counts stay exact without reading every row); `where`, an
 * arbitrary predicate evaluated in JavaScript (see {@link MemoryPredicate}).
 */
export interface ExtraFilters {
  filter?: FilterNode | undefined;
  where?: MemoryPredicate | undefined;
}
/** Options of `search`. */
export type SearchOptions = z.input<typeof SearchOptionsSchema> & ExtraFilters;
/** Options of `getAll`. */
export type ListOptions = z.input<typeof ListOptionsSchema> & ExtraFilters;
/** Options of single-memory calls. */
export type ByIdOptions = z.input<typeof ByIdOptionsSchema>;
/** A scope for `deleteAll`. */
export type ScopeOptions = z.input<typeof ScopeSchema> & { caller?: string };
/** Input of `add`. */
export type AddInput = z.input<typeof AddInputSchema>;
