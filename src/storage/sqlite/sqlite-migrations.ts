/**
 * Versioned schema of the SQLite store, applied by a tiny ordered runner at open. Each
 * migration runs inside one `BEGIN IMMEDIATE` transaction together with the row that
 * records it in `schema_migrations`, so a crash mid-migration leaves the previous
 * version intact, and two processes opening a new file at once apply it exactly once
 * (the second waits on the write lock, then sees the version already recorded).
 *
 * Never edit a released migration; append a new one.
 */
import type Database from 'better-sqlite3';
import { MnemoError } from '../../core/errors.js';

/** One schema step. `version` values are consecutive from 1. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The ordered migrations.
 * FTS5 tokenizer: `porter unicode61 remove_diacritics 2` (Porter stemming over Unicode
 * word splitting with diacritics folded, SQLite FTS5 docs section 4.3); a contentless
 * index over `memories.content`, kept in sync by triggers and holding only non-deleted rows.
 */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'memories, history, status history, access log, full-text index',
    sql: `
      CREATE TABLE memories (
        seq          INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        user_id      TEXT NOT NULL,
        agent_id     TEXT,
        run_id       TEXT,
        app          TEXT,
        content      TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        metadata     TEXT NOT NULL DEFAULT '{}',
        categories   TEXT NOT NULL DEFAULT '[]',
        state        TEXT NOT NULL DEFAULT 'active'
                     CHECK (state IN ('active','paused','archived','deleted')),
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL
      );
      CREATE INDEX memories_user_state_created ON memories(user_id, state, created_at);
      CREATE INDEX memories_user_hash ON memories(user_id, content_hash);
      CREATE INDEX memories_user_app ON memories(user_id, app);

      CREATE TABLE memory_history (
        seq        INTEGER PRIMARY KEY,
        id         TEXT NOT NULL UNIQUE,
        memory_id  TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
        event      TEXT NOT NULL CHECK (event IN ('ADD','UPDATE','DELETE')),
        old_memory TEXT,
        new_memory TEXT,
        app        TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX memory_history_memory ON memory_history(memory_id, seq);

      CREATE TABLE memory_status_history (
        seq        INTEGER PRIMARY KEY,
        memory_id  TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
        old_state  TEXT,
        new_state  TEXT NOT NULL,
        changed_by TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX memory_status_history_memory ON memory_status_history(memory_id, seq);

      CREATE TABLE memory_access_log (
        seq        INTEGER PRIMARY KEY,
        memory_id  TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
        app        TEXT,
        action     TEXT NOT NULL,
        query      TEXT,
        score      REAL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX memory_access_log_memory ON memory_access_log(memory_id, seq);
      CREATE INDEX memory_access_log_app ON memory_access_log(app, created_at);

      -- Contentless (the text lives in memories) with contentless_delete=1 (SQLite 3.43+),
      -- so rows leave the index by rowid alone and the index may hold only non-deleted
      -- memories without disagreeing with a content table.
      CREATE VIRTUAL TABLE memories_fts USING fts5(
        content, content='', contentless_delete=1,
        tokenize='porter unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER memories_fts_insert AFTER INSERT ON memories WHEN new.state <> 'deleted' BEGIN
        INSERT INTO memories_fts(rowid, content) VALUES (new.seq, new.content);
      END;
      CREATE TRIGGER memories_fts_delete AFTER DELETE ON memories BEGIN
        DELETE FROM memories_fts WHERE rowid = old.seq;
      END;
      CREATE TRIGGER memories_fts_update AFTER UPDATE OF content, state ON memories BEGIN
        DELETE FROM memories_fts WHERE rowid = old.seq;
        INSERT INTO memories_fts(rowid, content) SELECT new.seq, new.content WHERE new.state <> 'deleted';
      END;

      CREATE TABLE vector_spaces (
        id           INTEGER PRIMARY KEY,
        embedder_id  TEXT NOT NULL,
        dimensions   INTEGER NOT NULL CHECK (dimensions > 0),
        table_name   TEXT NOT NULL,
        active       INTEGER NOT NULL DEFAULT 1,
        created_at   INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'apps, access rules, API keys',
    // Apps and rules are per user (user A pausing "cursor" does not pause user B's
    // "cursor"), as OpenMemory's apps belong to an owner. Keys are global: a key names
    // its user. Only SHA-256 hashes of keys are stored. Existing writers become apps.
    sql: `
      CREATE TABLE apps (
        user_id          TEXT NOT NULL,
        name             TEXT NOT NULL,
        is_active        INTEGER NOT NULL DEFAULT 1,
        created_at       INTEGER NOT NULL,
        first_accessed_at INTEGER,
        last_accessed_at INTEGER,
        updated_at       INTEGER NOT NULL,
        PRIMARY KEY (user_id, name)
      );
      INSERT INTO apps(user_id, name, is_active, created_at, updated_at)
        SELECT user_id, app, 1, MIN(created_at), MIN(created_at) FROM memories WHERE app IS NOT NULL GROUP BY user_id, app;

      CREATE TABLE access_rules (
        seq         INTEGER PRIMARY KEY,
        id          TEXT NOT NULL UNIQUE,
        user_id     TEXT NOT NULL,
        app         TEXT NOT NULL,
        effect      TEXT NOT NULL CHECK (effect IN ('allow','deny')),
        object_type TEXT NOT NULL CHECK (object_type IN ('memory','category','all')),
        object_id   TEXT,
        created_at  INTEGER NOT NULL,
        CHECK ((object_type = 'all') = (object_id IS NULL))
      );
      CREATE INDEX access_rules_user_app ON access_rules(user_id, app);

      CREATE TABLE api_keys (
        id           TEXT PRIMARY KEY,
        key_hash     TEXT NOT NULL UNIQUE,
        user_id      TEXT NOT NULL,
        app          TEXT,
        name         TEXT,
        created_at   INTEGER NOT NULL,
        last_used_at INTEGER,
        revoked_at   INTEGER
      );
    `,
  },
  {
    version: 3,
    name: 'user and time index of the activity tables',
    // Recent activity (GET /api/v1/activity) pages one user's reads and writes newest
    // first. The three tables reach their user only through memories, so a page would
    // join and sort every row of the user; a denormalised user_id (memories never change
    // user) with a (user_id, created_at) index lets each table be walked backwards and
    // merged. Existing rows are backfilled; new rows are written with their user.
    sql: `
      ALTER TABLE memory_access_log ADD COLUMN user_id TEXT;
      UPDATE memory_access_log SET user_id = (SELECT m.user_id FROM memories m WHERE m.id = memory_access_log.memory_id);
      CREATE INDEX memory_access_log_user_time ON memory_access_log(user_id, created_at);

      ALTER TABLE memory_history ADD COLUMN user_id TEXT;
      UPDATE memory_history SET user_id = (SELECT m.user_id FROM memories m WHERE m.id = memory_history.memory_id);
      CREATE INDEX memory_history_user_time ON memory_history(user_id, created_at);

      ALTER TABLE memory_status_history ADD COLUMN user_id TEXT;
      UPDATE memory_status_history SET user_id = (SELECT m.user_id FROM memories m WHERE m.id = memory_status_history.memory_id);
      CREATE INDEX memory_status_history_user_time ON memory_status_history(user_id, created_at);
    `,
  },
  {
    version: 4,
    name: 'one live memory per scope and text (unique index)',
    // "Exact duplicates are not stored twice" was check-then-insert, so concurrent adds
    // from several processes stored copies (87 of 200 texts in one measurement). A unique
    // index over the live memories of a scope (user, agent, run) and content hash lets an
    // insert-if-absent (INSERT ... ON CONFLICT DO NOTHING) decide atomically. Copies that
    // an older version already stored are kept (never drop user data) and marked
    // legacy_duplicate = 1, outside the index; deleted memories are outside it too.
    sql: `
      ALTER TABLE memories ADD COLUMN legacy_duplicate INTEGER NOT NULL DEFAULT 0;
      UPDATE memories SET legacy_duplicate = 1
        WHERE state <> 'deleted' AND EXISTS (
          SELECT 1 FROM memories o
          WHERE o.user_id = memories.user_id AND o.content_hash = memories.content_hash
            AND o.agent_id IS memories.agent_id AND o.run_id IS memories.run_id
            AND o.state <> 'deleted' AND o.seq < memories.seq);
      CREATE UNIQUE INDEX memories_live_scope_hash
        ON memories(user_id, ifnull(agent_id, ''), ifnull(run_id, ''), content_hash)
        WHERE state <> 'deleted' AND legacy_duplicate = 0;
    `,
  },
  {
    version: 5,
    name: 'mem0 platform: expiry, project keys, feedback, project settings, webhooks, exports',
    // mem0's hosted features that its clients call (issue 16). expires_at: epoch ms after
    // which reads hide the memory (NULL = never). api_keys.kind: 'user' keys act for their
    // user only; 'project' keys act for any user_id a request names (mem0's keys).
    // project_settings: one row per key (custom_categories, custom_instructions) as JSON.
    sql: `
      ALTER TABLE memories ADD COLUMN expires_at INTEGER;
      ALTER TABLE api_keys ADD COLUMN kind TEXT NOT NULL DEFAULT 'user' CHECK (kind IN ('user','project'));

      CREATE TABLE memory_feedback (
        seq        INTEGER PRIMARY KEY,
        id         TEXT NOT NULL UNIQUE,
        memory_id  TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
        user_id    TEXT NOT NULL,
        feedback   TEXT CHECK (feedback IS NULL OR feedback IN ('POSITIVE','NEGATIVE','VERY_NEGATIVE')),
        reason     TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX memory_feedback_memory ON memory_feedback(memory_id, seq);

      CREATE TABLE project_settings (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE webhooks (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        project_id  TEXT NOT NULL,
        name        TEXT NOT NULL,
        url         TEXT NOT NULL,
        event_types TEXT NOT NULL DEFAULT '[]',
        is_active   INTEGER NOT NULL DEFAULT 1,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      );

      CREATE TABLE memory_exports (
        id         TEXT PRIMARY KEY,
        user_id    TEXT NOT NULL,
        schema     TEXT NOT NULL,
        filters    TEXT NOT NULL DEFAULT '{}',
        status     TEXT NOT NULL,
        result     TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX memory_exports_user ON memory_exports(user_id, created_at);
    `,
  },
  {
    version: 6,
    name: 'knowledge graph: entities, observations, relations, memory links, dismissals',
    // Bi-temporal facts and relations (core/graph.ts). Names and types are unique per user
    // on their normalised keys (normalizeName), so "Zoë" and "zoe" are one entity.
    // Observation and entity embeddings are Float32 BLOBs compared in JavaScript: a
    // user's graph is small next to its memories, and this keeps the graph off the
    // single active sqlite-vec space. graph_fts holds one document per entity (rowid =
    // entity seq): name, aliases, type and its observations valid now.
    sql: `
      CREATE TABLE graph_entities (
        seq        INTEGER PRIMARY KEY,
        id         TEXT NOT NULL UNIQUE,
        user_id    TEXT NOT NULL,
        name       TEXT NOT NULL,
        name_key   TEXT NOT NULL,
        type       TEXT NOT NULL,
        type_key   TEXT NOT NULL,
        aliases    TEXT NOT NULL DEFAULT '[]',
        summary    TEXT,
        vector     BLOB,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (user_id, name_key, type_key)
      );

      CREATE TABLE graph_observations (
        seq               INTEGER PRIMARY KEY,
        id                TEXT NOT NULL UNIQUE,
        user_id           TEXT NOT NULL,
        entity_id         TEXT NOT NULL REFERENCES graph_entities(id) ON DELETE CASCADE,
        content           TEXT NOT NULL,
        predicate         TEXT,
        value             TEXT,
        confidence        REAL NOT NULL DEFAULT 1 CHECK (confidence >= 0 AND confidence <= 1),
        source_memory_ids TEXT NOT NULL DEFAULT '[]',
        valid_at          INTEGER NOT NULL,
        invalid_at        INTEGER,
        created_at        INTEGER NOT NULL,
        expired_at        INTEGER,
        superseded_by     TEXT,
        vector            BLOB
      );
      CREATE INDEX graph_observations_entity ON graph_observations(entity_id, valid_at);
      CREATE INDEX graph_observations_user ON graph_observations(user_id, created_at);

      CREATE TABLE graph_relations (
        seq               INTEGER PRIMARY KEY,
        id                TEXT NOT NULL UNIQUE,
        user_id           TEXT NOT NULL,
        from_id           TEXT NOT NULL REFERENCES graph_entities(id) ON DELETE CASCADE,
        to_id             TEXT NOT NULL REFERENCES graph_entities(id) ON DELETE CASCADE,
        type              TEXT NOT NULL,
        weight            REAL NOT NULL DEFAULT 1 CHECK (weight > 0),
        valid_at          INTEGER NOT NULL,
        invalid_at        INTEGER,
        created_at        INTEGER NOT NULL,
        expired_at        INTEGER,
        superseded_by     TEXT,
        source_memory_ids TEXT NOT NULL DEFAULT '[]',
        source            TEXT
      );
      CREATE INDEX graph_relations_from ON graph_relations(from_id, type);
      CREATE INDEX graph_relations_to ON graph_relations(to_id);
      CREATE INDEX graph_relations_user ON graph_relations(user_id, created_at);

      CREATE TABLE graph_memory_links (
        memory_id  TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
        entity_id  TEXT NOT NULL REFERENCES graph_entities(id) ON DELETE CASCADE,
        user_id    TEXT NOT NULL,
        reason     TEXT NOT NULL CHECK (reason IN ('name','alias','speaker','explicit')),
        created_at INTEGER NOT NULL,
        PRIMARY KEY (memory_id, entity_id)
      );
      CREATE INDEX graph_memory_links_entity ON graph_memory_links(entity_id, created_at);

      CREATE TABLE graph_dismissals (
        user_id    TEXT NOT NULL,
        key        TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, key)
      );

      CREATE VIRTUAL TABLE graph_fts USING fts5(text, tokenize='porter unicode61 remove_diacritics 2');

      -- Bumped on every change of a user's entity names or aliases, so auto-linking can keep
      -- its name index in memory and rebuild it only when the names changed.
      CREATE TABLE graph_name_versions (
        user_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL
      );
    `,
  },
  {
    version: 7,
    name: 'plain BLOB copy of memory vectors with 1-bit codes (fast vector path)',
    // A vec0 KNN over one user's 100k vectors costs about 90 ms (the bundled sqlite-vec
    // has no SIMD) and reading 400 of its vectors back by rowid about 90 ms (issue 15).
    // memory_vectors holds each memory's float32 vector (little-endian BLOB) and its sign
    // code (bit i set when component i > 0), read by plain rowid lookups in well under a
    // millisecond. The covering index serves the per-user in-memory code index
    // (sqlite-code-index.ts): a search reads MAX(version) of its user in one seek and, when
    // another connection wrote, only the rows with a newer version. A removed vector keeps
    // its row with NULL code and embedding and a new version (a tombstone), so caches in
    // other processes see the removal too. version is per user, increasing.
    // vector_spaces.blob_copy = 1 once the space's vectors are in memory_vectors: new
    // spaces start so; an older file's active space is copied from its vec0 table on first
    // use (sqlite-vector-blobs.ts, sqlite-vec is needed to read it).
    sql: `
      CREATE TABLE memory_vectors (
        seq       INTEGER PRIMARY KEY REFERENCES memories(seq) ON DELETE CASCADE,
        user_id   TEXT NOT NULL,
        version   INTEGER NOT NULL,
        code      BLOB,
        embedding BLOB
      );
      CREATE INDEX memory_vectors_user_version ON memory_vectors(user_id, version, code);
      ALTER TABLE vector_spaces ADD COLUMN blob_copy INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 8,
    name: 'owner column in the full-text index (per-user keyword search)',
    // memories_fts held every user's rows in one index, so one user's keyword search
    // ranked (BM25) every user's matches: 440-526 ms per search at 100 users x 10k (issue
    // 15). The owner column holds one token per row naming its user ('u' + the lowercase
    // hex of the UTF-8 user_id: letters and digits only, so one unicode61 token whatever
    // the id; sqlite-fts.ts ownerToken computes the same), so a search of a user holding
    // a small share matches \`owner : token AND content : (terms)\` and FTS5 intersects
    // doclists: BM25 is computed for that user's matching rows only (sqlite-store.ts). bm25() weights the owner column 0, so
    // it adds nothing to a score; IDF is still counted over the whole index as before, and
    // each document length counts the one owner token more (d + 1 over an average of
    // avgdl + 1). The index is contentless, so it is rebuilt from memories.
    sql: `
      DROP TRIGGER memories_fts_insert;
      DROP TRIGGER memories_fts_delete;
      DROP TRIGGER memories_fts_update;
      DROP TABLE memories_fts;
      CREATE VIRTUAL TABLE memories_fts USING fts5(
        content, owner, content='', contentless_delete=1,
        tokenize='porter unicode61 remove_diacritics 2'
      );
      INSERT INTO memories_fts(rowid, content, owner)
        SELECT seq, content, 'u' || lower(hex(user_id)) FROM memories WHERE state <> 'deleted' ORDER BY seq;
      CREATE TRIGGER memories_fts_insert AFTER INSERT ON memories WHEN new.state <> 'deleted' BEGIN
        INSERT INTO memories_fts(rowid, content, owner) VALUES (new.seq, new.content, 'u' || lower(hex(new.user_id)));
      END;
      CREATE TRIGGER memories_fts_delete AFTER DELETE ON memories BEGIN
        DELETE FROM memories_fts WHERE rowid = old.seq;
      END;
      CREATE TRIGGER memories_fts_update AFTER UPDATE OF content, state, user_id ON memories BEGIN
        DELETE FROM memories_fts WHERE rowid = old.seq;
        INSERT INTO memories_fts(rowid, content, owner)
          SELECT new.seq, new.content, 'u' || lower(hex(new.user_id)) WHERE new.state <> 'deleted';
      END;
    `,
  },
  {
    version: 9,
    name: 'per-user change feed of memory texts (in-memory keyword index)',
    // The SQLite store keeps a per-user in-memory BM25 index of large users' texts
    // (sqlite-keyword-index.ts). Like memory_vectors.version for the code index, this feed
    // tells every connection and process which of a user's rows changed since its copy:
    // each insert, change of text, of user, or in or out of the 'deleted' state, and each
    // row removal, sets the row's version to that user's MAX(version) + 1 (one seek on the
    // index below). A row moved to another user gets a new version under both users, and a
    // removed row keeps its line (a tombstone), so other processes see the removal. A
    // reader reads its user's MAX(version) and re-reads the content of the seqs changed
    // since. Existing rows are numbered 1..n per user.
    sql: `
      CREATE TABLE memory_text_versions (
        user_id TEXT NOT NULL,
        seq     INTEGER NOT NULL,
        version INTEGER NOT NULL,
        PRIMARY KEY (user_id, seq)
      ) WITHOUT ROWID;
      CREATE INDEX memory_text_versions_user_version ON memory_text_versions(user_id, version);
      INSERT INTO memory_text_versions(user_id, seq, version)
        SELECT user_id, seq, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY seq) FROM memories WHERE state <> 'deleted';
      CREATE TRIGGER memory_text_versions_insert AFTER INSERT ON memories BEGIN
        INSERT INTO memory_text_versions(user_id, seq, version)
          SELECT new.user_id, new.seq, COALESCE(MAX(version), 0) + 1 FROM memory_text_versions WHERE user_id = new.user_id
          ON CONFLICT(user_id, seq) DO UPDATE SET version = excluded.version;
      END;
      CREATE TRIGGER memory_text_versions_update AFTER UPDATE OF content, state, user_id ON memories
        WHEN old.content IS NOT new.content OR old.user_id IS NOT new.user_id OR (old.state = 'deleted') <> (new.state = 'deleted') BEGIN
        INSERT INTO memory_text_versions(user_id, seq, version)
          SELECT new.user_id, new.seq, COALESCE(MAX(version), 0) + 1 FROM memory_text_versions WHERE user_id = new.user_id
          ON CONFLICT(user_id, seq) DO UPDATE SET version = excluded.version;
        INSERT INTO memory_text_versions(user_id, seq, version)
          SELECT old.user_id, old.seq, (SELECT COALESCE(MAX(version), 0) + 1 FROM memory_text_versions WHERE user_id = old.user_id)
            WHERE old.user_id IS NOT new.user_id
          ON CONFLICT(user_id, seq) DO UPDATE SET version = excluded.version;
      END;
      CREATE TRIGGER memory_text_versions_delete AFTER DELETE ON memories BEGIN
        INSERT INTO memory_text_versions(user_id, seq, version)
          SELECT old.user_id, old.seq, COALESCE(MAX(version), 0) + 1 FROM memory_text_versions WHERE user_id = old.user_id
          ON CONFLICT(user_id, seq) DO UPDATE SET version = excluded.version;
      END;
    `,
  },
];

/** Highest schema version this build knows. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * Applies pending migrations, each in its own immediate transaction. A file already at
 * {@link SCHEMA_VERSION} is only read (no write lock), so opening it never waits on, or
 * fails because of, another process's writer.
 * @returns the schema version after running.
 * @throws MnemoError UNAVAILABLE when the file's schema is newer than this build (refuses
 *   to touch it: "upgrade mnemo").
 */
export function migrate(db: Database.Database, now: number): number {
  const hasTable = (): boolean =>
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
  const current = (): number =>
    (db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number }).v;
  if (hasTable()) {
    const version = current();
    if (version > SCHEMA_VERSION) {
      throw new MnemoError('UNAVAILABLE', `database schema version ${version} is newer than this mnemo (${SCHEMA_VERSION}); upgrade mnemo (npm install -g mnemo@latest)`);
    }
    if (version === SCHEMA_VERSION) return version;
  }
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  }).immediate();
  for (const m of MIGRATIONS) {
    if (current() >= m.version) continue;
    db.transaction(() => {
      if (current() >= m.version) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, now);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return current();
}
