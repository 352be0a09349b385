/**
 * Every large user's in-memory keyword index (sqlite-keyword-index.ts) for one SQLite
 * connection, kept in step with the file.
 *
 * Consistency across connections and processes: the same model as the code index
 * (sqlite-code-index.ts). Each index remembers the newest `version` of its user's
 * `memory_text_versions` rows (migration 9) it has applied; before every use the cache
 * reads the user's MAX(version) (one seek) and re-reads the content of the seqs changed
 * since (a removal, a move to another user or a deletion takes the seq out). A smaller
 * MAX than remembered rebuilds. The index only proposes candidates: the store confirms
 * them against the caller's filter in SQL (user, state, scope, metadata, visibility), so
 * a stale entry can never return a deleted or another user's memory.
 *
 * Memory: at most {@link MAX_CACHED_BYTES} of indexes over all users; the least recently
 * used users' indexes are dropped past it and rebuilt on their next search.
 */
import type Database from 'better-sqlite3';
import { UserKeywordIndex } from './sqlite-keyword-index.js';
import { cachedStatement } from './sqlite-statements.js';
import { UserLru } from './user-lru.js';

/**
 * Index bytes kept in memory over all users: 512 MiB, about 2.5M memories of
 * LoCoMo-like text (the 1M-memory benchmark twice over).
 */
const MAX_CACHED_BYTES = 512 * 1024 * 1024;

/** The newest version of `userId`'s memory texts, 0 when none (one index seek, migration 9). */
export function textVersion(db: Database.Database, userId: string): number {
  return (cachedStatement(db, 'SELECT MAX(version) AS v FROM memory_text_versions WHERE user_id = ?').get(userId) as { v: number | null }).v ?? 0;
}

/**
 * Users up to this many rows (their MAX(version), an upper bound) are indexed at once on
 * their first search: about 90 ms at 10k memories (`keyword-threshold.js`). Larger ones
 * are indexed in steps of {@link BUILD_STEP_ROWS} while FTS5 answers (see
 * {@link KeywordIndexCache.index}): a 100k build costs about 1 s, which a server's or
 * `mnemo mcp`'s first search should not wait for.
 */
const SYNC_BUILD_MAX_ROWS = 10_000;
/** Rows indexed per build step: about 20 ms of the event loop at a time (about 1 s per 100k). */
const BUILD_STEP_ROWS = 2_000;
/**
 * A build whose idle steps have not run for this long, ms, is finished at the next
 * search: the caller is a loop that never yields to the event loop (a script awaiting
 * store calls back to back), where idle steps would never come.
 */
const STARVED_BUILD_MS = 200;

/** A build in progress: the index so far, the feed version it started from, the last seq read. */
interface Build {
  index: UserKeywordIndex;
  version: number;
  after: number;
  waiters: Array<() => void>;
  /** When the build started or last made progress on an idle turn, ms (performance.now). */
  progress: number;
  /** The next idle step: unref'd (a build never keeps a process alive) unless someone awaits {@link KeywordIndexCache.ready}. */
  timer?: NodeJS.Immediate;
}

/** Every large user's keyword index, kept up to date with the file (see the module header). */
export class KeywordIndexCache {
  private readonly users = new UserLru<UserKeywordIndex>(MAX_CACHED_BYTES);
  private readonly builds = new Map<string, Build>();

  /**
   * `userId`'s index brought up to date with the rows committed so far by any
   * connection, or `null` when the caller should use FTS5: the user holds fewer than
   * `minRows` non-deleted memories (a user's MAX(version) bounds its row count, so a small
   * user costs one seek and nothing is built), or a large user's index is still being
   * built. Up to {@link SYNC_BUILD_MAX_ROWS} rows the build happens here; above, this call
   * indexes one step of {@link BUILD_STEP_ROWS} rows and further steps run when the event
   * loop is idle (`setImmediate`), so a server answers from FTS5 meanwhile; when no idle
   * step has run for {@link STARVED_BUILD_MS} (a caller looping without yielding), the
   * next call finishes the build. A caller that wants the index can await {@link ready}.
   */
  index(db: Database.Database, userId: string, minRows: number): UserKeywordIndex | null {
    const newest = textVersion(db, userId);
    let index = this.users.get(userId);
    if (!index) {
      const build = this.builds.get(userId);
      if (build) {
        // FTS5 answers while idle turns build; a starved build is finished now.
        if (performance.now() - build.progress < STARVED_BUILD_MS) return null;
        while (!this.step(db, userId, build));
        index = this.users.get(userId);
        if (!index) return null; // abandoned: the next search starts over
      } else {
        if (newest < minRows || newest === 0) return null;
        if (newest > SYNC_BUILD_MAX_ROWS) {
          this.startBuild(db, userId, newest);
          return null;
        }
      }
    }
    if (index && newest < index.version) {
      this.users.delete(userId);
      return this.index(db, userId, minRows);
    }
    const known = index !== undefined;
    if (!index) index = new UserKeywordIndex();
    const changed = newest !== index.version;
    if (index.version === 0) {
      // A small user's first load: one statement over its rows (read after the version,
      // so a row changed in between is applied again next time, harmlessly).
      const rows = db.prepare(`SELECT seq, content FROM memories WHERE user_id = ? AND state <> 'deleted' ORDER BY seq`)
        .raw().all(userId) as Array<[number, string]>;
      for (const [seq, content] of rows) index.apply(seq, content);
      index.version = newest;
    } else if (newest > index.version) {
      const rows = db.prepare(`SELECT t.seq, CASE WHEN m.user_id = t.user_id AND m.state <> 'deleted' THEN m.content END
          FROM memory_text_versions t LEFT JOIN memories m ON m.seq = t.seq
          WHERE t.user_id = ? AND t.version > ? ORDER BY t.version`).raw().all(userId, index.version) as Array<[number, string | null]>;
      for (const [seq, content] of rows) index.apply(seq, content);
      index.version = newest;
    }
    if (changed || !known) this.users.set(userId, index);
    else this.users.touch(userId);
    return index.live >= minRows ? index : null;
  }

  /**
   * Resolves when `userId`'s build in progress (if any) has finished, or was abandoned
   * (the store closed, a read failed). Steps run on idle turns of the event loop meanwhile.
   */
  ready(userId: string): Promise<void> {
    const build = this.builds.get(userId);
    if (!build) return Promise.resolve();
    build.timer?.ref();
    return new Promise((resolve) => build.waiters.push(resolve));
  }

  /** Starts `userId`'s stepwise build from feed version `version`: one step now, the others on idle turns. */
  private startBuild(db: Database.Database, userId: string, version: number): void {
    const build: Build = { index: new UserKeywordIndex(), version, after: 0, waiters: [], progress: performance.now() };
    this.builds.set(userId, build);
    const next = (): void => {
      build.timer = setImmediate(idle);
      if (build.waiters.length === 0) build.timer.unref();
    };
    const idle = (): void => {
      if (this.builds.get(userId) !== build) return;
      build.progress = performance.now();
      if (!this.step(db, userId, build)) next();
    };
    if (!this.step(db, userId, build)) next();
  }

  /**
   * Indexes the next {@link BUILD_STEP_ROWS} rows of `build` (in seq order: `+user_id`
   * keeps SQLite on the rowid range, so each step reads on from the last one). Rows
   * changed after `build.version` are applied again from the feed at the first use, so
   * reading them mid-build is harmless. When done the index joins the cache.
   * @returns true when the build is over (finished or abandoned).
   */
  private step(db: Database.Database, userId: string, build: Build): boolean {
    const finish = (): true => {
      this.builds.delete(userId);
      for (const wake of build.waiters) wake();
      return true;
    };
    if (!db.open) return finish();
    let rows: Array<[number, string]>;
    try {
      rows = db.prepare(`SELECT seq, content FROM memories WHERE +user_id = ? AND state <> 'deleted' AND seq > ? ORDER BY seq LIMIT ?`)
        .raw().all(userId, build.after, BUILD_STEP_ROWS) as Array<[number, string]>;
    } catch {
      return finish(); // FTS5 keeps answering; the next search starts over
    }
    for (const [seq, content] of rows) build.index.apply(seq, content);
    if (rows.length > 0) build.after = rows[rows.length - 1]![0];
    if (rows.length === BUILD_STEP_ROWS) return false;
    build.index.version = build.version;
    this.users.set(userId, build.index);
    return finish();
  }

  /** Forgets every index and abandons the builds in progress (the store closing). */
  clear(): void {
    const builds = [...this.builds.values()];
    this.builds.clear();
    for (const b of builds) for (const wake of b.waiters) wake();
    this.users.clear();
  }
}
