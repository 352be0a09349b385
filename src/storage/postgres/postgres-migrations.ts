/**
 * Versioned schema of the PostgreSQL store, applied at open by an ordered runner.
 *
 * Several `mnemo serve` instances may start at the same moment on one database: the
 * runner holds a session advisory lock ({@link MIGRATION_LOCK_KEY}) while it migrates, so
 * the others wait, then find every version recorded and apply nothing. Each migration
 * runs in one transaction with the row that records it (PostgreSQL DDL is
 * transactional), so a crash mid-migration leaves the previous version intact. A
 * database whose schema is newer than this build is refused, as on SQLite.
 *
 * The same tables as the SQLite store (sqlite-migrations.ts) in PostgreSQL types: times
 * are BIGINT epoch ms, metadata and categories JSONB, vectors live in one pgvector table
 * per vector space (postgres-vector-index.ts), full text is a generated `tsvector` column
 * with a GIN index under the `mnemo_text` configuration: English stemming (Snowball, as
 * SQLite's Porter tokenizer) with `unaccent` folding accents when the extension can be
 * installed (PostgreSQL docs, "F.47 unaccent", the `ALTER MAPPING ... WITH unaccent,
 * english_stem` recipe).
 *
 * Never edit a released migration; append a new one.
 */
import type { PgDb } from './postgres-db.js';

/** One schema step. `version` values are consecutive from 1. */
export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Key of the advisory lock serialising migrations across processes: an arbitrary
 * constant ("mnemo" in ASCII, 0x6d6e656d6f) so no other application's lock collides.
 */
export const MIGRATION_LOCK_KEY = 0x6d6e656d6f;

/** The ordered migrations. */
export const PG_MIGRATIONS: PgMigration[] = [
  {
    version: 1,
    name: 'memories, history, status history, access log, full text, vector spaces, apps, rules, keys, platform tables',
    sql: `
      DO $$ BEGIN
        BEGIN
          CREATE EXTENSION IF NOT EXISTS unaccent;
        EXCEPTION WHEN others THEN NULL; -- not installed or not permitted: no accent folding
        END;
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace
                       WHERE c.cfgname = 'mnemo_text' AND n.nspname = current_schema()) THEN
          CREATE TEXT SEARCH CONFIGURATION mnemo_text (COPY = pg_catalog.english);
          -- The dictionary lives in the extension's schema, which need not be on the search_path.
          IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
            EXECUTE format('ALTER TEXT SEARCH CONFIGURATION mnemo_text ALTER MAPPING FOR hword, hword_part, word WITH %I.unaccent, english_stem',
              (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'));
          END IF;
        END IF;
      END $$;

      CREATE TABLE memories (
        seq          BIGSERIAL PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        user_id      TEXT NOT NULL,
        agent_id     TEXT,
        run_id       TEXT,
        app          TEXT,
        content      TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        metadata     JSONB NOT NULL DEFAULT '{}',
        categories   JSONB NOT NULL DEFAULT '[]',
        state        TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active','paused','archived','deleted')),
        created_at   BIGINT NOT NULL,
        updated_at   BIGINT NOT NULL,
        expires_at   BIGINT,
        tsv          TSVECTOR GENERATED ALWAYS AS (to_tsvector('mnemo_text'::regconfig, content)) STORED
      );
      CREATE INDEX memories_user_state_created ON memories(user_id, state, created_at);
      CREATE INDEX memories_user_app ON memories(user_id, app);
      CREATE INDEX memories_tsv ON memories USING GIN (tsv);
      CREATE UNIQUE INDEX memories_live_scope_hash
        ON memories(user_id, COALESCE(agent_id, ''), COALESCE(run_id, ''), content_hash) WHERE state <> 'deleted';

      CREATE TABLE memory_history (
        seq        BIGSERIAL PRIMARY KEY,
        id         TEXT NOT NULL UNIQUE,
        memory_id  TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
        user_id    TEXT,
        event      TEXT NOT NULL CHECK (event IN ('ADD','UPDATE','DELETE')),
        old_memory TEXT,
        new_memory TEXT,
        app        TEXT,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX memory_history_memory ON memory_history(memory_id, seq);
      CREATE INDEX memory_history_user_time ON memory_history(user_id, created_at);

      CREATE TABLE memory_status_history (
        seq        BIGSERIAL PRIMARY KEY,
        memory_id  TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
        user_id    TEXT,
        old_state  TEXT,
        new_state  TEXT NOT NULL,
        changed_by TEXT,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX memory_status_history_memory ON memory_status_history(memory_id, seq);
      CREATE INDEX memory_status_history_user_time ON memory_status_history(user_id, created_at);

      CREATE TABLE memory_access_log (
        seq        BIGSERIAL PRIMARY KEY,
        memory_id  TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
        user_id    TEXT,
        app        TEXT,
        action     TEXT NOT NULL,
        query      TEXT,
        score      DOUBLE PRECISION,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX memory_access_log_memory ON memory_access_log(memory_id, seq);
      CREATE INDEX memory_access_log_app ON memory_access_log(app, created_at);
      CREATE INDEX memory_access_log_user_time ON memory_access_log(user_id, created_at);

      CREATE TABLE vector_spaces (
        id           BIGSERIAL PRIMARY KEY,
        embedder_id  TEXT NOT NULL,
        dimensions   INTEGER NOT NULL CHECK (dimensions > 0),
        table_name   TEXT NOT NULL,
        active       BOOLEAN NOT NULL DEFAULT TRUE,
        created_at   BIGINT NOT NULL
      );

      CREATE TABLE apps (
        user_id           TEXT NOT NULL,
        name              TEXT NOT NULL,
        is_active         BOOLEAN NOT NULL DEFAULT TRUE,
        created_at        BIGINT NOT NULL,
        first_accessed_at BIGINT,
        last_accessed_at  BIGINT,
        updated_at        BIGINT NOT NULL,
        PRIMARY KEY (user_id, name)
      );

      CREATE TABLE access_rules (
        seq         BIGSERIAL PRIMARY KEY,
        id          TEXT NOT NULL UNIQUE,
        user_id     TEXT NOT NULL,
        app         TEXT NOT NULL,
        effect      TEXT NOT NULL CHECK (effect IN ('allow','deny')),
        object_type TEXT NOT NULL CHECK (object_type IN ('memory','category','all')),
        object_id   TEXT,
        created_at  BIGINT NOT NULL,
        CHECK ((object_type = 'all') = (object_id IS NULL))
      );
      CREATE INDEX access_rules_user_app ON access_rules(user_id, app);

      CREATE TABLE api_keys (
        id           TEXT PRIMARY KEY,
        key_hash     TEXT NOT NULL UNIQUE,
        user_id      TEXT NOT NULL,
        app          TEXT,
        name         TEXT,
        created_at   BIGINT NOT NULL,
        last_used_at BIGINT,
        revoked_at   BIGINT,
        kind         TEXT NOT NULL DEFAULT 'user' CHECK (kind IN ('user','project'))
      );

      CREATE TABLE memory_feedback (
        seq        BIGSERIAL PRIMARY KEY,
        id         TEXT NOT NULL UNIQUE,
        memory_id  TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
        user_id    TEXT NOT NULL,
        feedback   TEXT CHECK (feedback IS NULL OR feedback IN ('POSITIVE','NEGATIVE','VERY_NEGATIVE')),
        reason     TEXT,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX memory_feedback_memory ON memory_feedback(memory_id, seq);

      CREATE TABLE project_settings (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      );

      CREATE TABLE webhooks (
        id          BIGSERIAL PRIMARY KEY,
        project_id  TEXT NOT NULL,
        name        TEXT NOT NULL,
        url         TEXT NOT NULL,
        event_types TEXT NOT NULL DEFAULT '[]',
        is_active   BOOLEAN NOT NULL DEFAULT TRUE,
        created_at  BIGINT NOT NULL,
        updated_at  BIGINT NOT NULL
      );

      CREATE TABLE memory_exports (
        seq        BIGSERIAL,
        id         TEXT PRIMARY KEY,
        user_id    TEXT NOT NULL,
        schema     TEXT NOT NULL,
        filters    TEXT NOT NULL DEFAULT '{}',
        status     TEXT NOT NULL,
        result     TEXT,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX memory_exports_user ON memory_exports(user_id, created_at);
    `,
  },
  {
    version: 2,
    name: 'knowledge graph: entities, observations, relations, memory links, dismissals',
    // As SQLite's migration 6; embeddings are float4[] (compared in JavaScript, a user's
    // graph being small), the entity search document a tsvector column.
    sql: `
      CREATE TABLE graph_entities (
        seq        BIGSERIAL PRIMARY KEY,
        id         TEXT NOT NULL UNIQUE,
        user_id    TEXT NOT NULL,
        name       TEXT NOT NULL,
        name_key   TEXT NOT NULL,
        type       TEXT NOT NULL,
        type_key   TEXT NOT NULL,
        aliases    TEXT NOT NULL DEFAULT '[]',
        summary    TEXT,
        vector     REAL[],
        doc        TSVECTOR,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        UNIQUE (user_id, name_key, type_key)
      );
      CREATE INDEX graph_entities_doc ON graph_entities USING GIN (doc);

      CREATE TABLE graph_observations (
        seq               BIGSERIAL PRIMARY KEY,
        id                TEXT NOT NULL UNIQUE,
        user_id           TEXT NOT NULL,
        entity_id         TEXT NOT NULL REFERENCES graph_entities(id) ON DELETE CASCADE,
        content           TEXT NOT NULL,
        predicate         TEXT,
        value             TEXT,
        confidence        DOUBLE PRECISION NOT NULL DEFAULT 1 CHECK (confidence >= 0 AND confidence <= 1),
        source_memory_ids TEXT NOT NULL DEFAULT '[]',
        valid_at          BIGINT NOT NULL,
        invalid_at        BIGINT,
        created_at        BIGINT NOT NULL,
        expired_at        BIGINT,
        superseded_by     TEXT,
        vector            REAL[]
      );
      CREATE INDEX graph_observations_entity ON graph_observations(entity_id, valid_at);
      CREATE INDEX graph_observations_user ON graph_observations(user_id, created_at);

      CREATE TABLE graph_relations (
        seq               BIGSERIAL PRIMARY KEY,
        id                TEXT NOT NULL UNIQUE,
        user_id           TEXT NOT NULL,
        from_id           TEXT NOT NULL REFERENCES graph_entities(id) ON DELETE CASCADE,
        to_id             TEXT NOT NULL REFERENCES graph_entities(id) ON DELETE CASCADE,
        type              TEXT NOT NULL,
        weight            DOUBLE PRECISION NOT NULL DEFAULT 1 CHECK (weight > 0),
        valid_at          BIGINT NOT NULL,
        invalid_at        BIGINT,
        created_at        BIGINT NOT NULL,
        expired_at        BIGINT,
        superseded_by     TEXT,
        source_memory_ids TEXT NOT NULL DEFAULT '[]',
        source            TEXT
      );
      CREATE INDEX graph_relations_from ON graph_relations(from_id, type);
      CREATE INDEX graph_relations_to ON graph_relations(to_id);
      CREATE INDEX graph_relations_user ON graph_relations(user_id, created_at);

      CREATE TABLE graph_memory_links (
        seq        BIGSERIAL,
        memory_id  TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
        entity_id  TEXT NOT NULL REFERENCES graph_entities(id) ON DELETE CASCADE,
        user_id    TEXT NOT NULL,
        reason     TEXT NOT NULL CHECK (reason IN ('name','alias','speaker','explicit')),
        created_at BIGINT NOT NULL,
        PRIMARY KEY (memory_id, entity_id)
      );
      CREATE INDEX graph_memory_links_entity ON graph_memory_links(entity_id, created_at);

      CREATE TABLE graph_dismissals (
        user_id    TEXT NOT NULL,
        key        TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (user_id, key)
      );

      CREATE TABLE graph_name_versions (
        user_id TEXT PRIMARY KEY,
        version BIGINT NOT NULL
      );
    `,
  },
];

/** Highest schema version this build knows. */
export const PG_SCHEMA_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version;

/**
 * Applies pending migrations under the advisory lock, each in its own transaction.
 * @returns the versions this call applied (empty when another instance already did).
 * @throws Error when the database's schema is newer than this build (refuses to touch it).
 */
export async function migratePostgres(db: PgDb, now: number): Promise<number[]> {
  return db.session(async (s) => {
    await s.get('SELECT pg_advisory_lock(?)', [MIGRATION_LOCK_KEY]);
    try {
      await s.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`);
      const current = async (): Promise<number> =>
        (await s.get<{ v: number }>('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations'))!.v;
      const found = await current();
      if (found > PG_SCHEMA_VERSION) {
        throw new Error(`database schema version ${found} is newer than this mnemo (${PG_SCHEMA_VERSION}); upgrade mnemo`);
      }
      const applied: number[] = [];
      for (const m of PG_MIGRATIONS) {
        if (m.version <= found) continue;
        await s.exec('BEGIN');
        try {
          await s.exec(m.sql);
          await s.run('INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, now]);
          await s.exec('COMMIT');
        } catch (error) {
          await s.exec('ROLLBACK');
          throw error;
        }
        applied.push(m.version);
      }
      return applied;
    } finally {
      await s.get('SELECT pg_advisory_unlock(?)', [MIGRATION_LOCK_KEY]);
    }
  });
}
