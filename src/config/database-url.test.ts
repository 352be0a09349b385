/** Database locations: URL detection, password redaction, and config precedence for PostgreSQL URLs. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from './config.js';
import { isPostgresUrl, redactUrl } from './database-url.js';

describe('database locations', () => {
  it('tells PostgreSQL URLs from file paths', () => {
    assert.equal(isPostgresUrl('postgres://u@h/db'), true);
    assert.equal(isPostgresUrl('postgresql://u@h/db'), true);
    assert.equal(isPostgresUrl('./postgres.sqlite'), false);
    assert.equal(isPostgresUrl('/var/lib/mnemo/memory.sqlite'), false);
  });

  it('never shows a password', () => {
    assert.equal(redactUrl('postgres://me:s3cret@db:5432/x?sslmode=require'), 'postgres://me:***@db:5432/x?sslmode=require');
    assert.equal(redactUrl('postgres://me@db/x?password=s3cret'), 'postgres://me@db/x?password=***');
    assert.ok(!redactUrl('postgres://me:p%40ss@db/x').includes('p%40ss'));
    assert.equal(redactUrl('./memory.sqlite'), './memory.sqlite');
  });

  it('config: --database-url beats --db, MNEMO_DATABASE_URL beats MNEMO_DB, flags beat env', () => {
    const env = { MNEMO_DB: '/tmp/a.sqlite', MNEMO_DATABASE_URL: 'postgres://env@h/db' };
    assert.equal(loadConfig(env).db, 'postgres://env@h/db');
    assert.equal(loadConfig({ MNEMO_DB: 'postgres://viadb@h/db' }).db, 'postgres://viadb@h/db');
    assert.equal(loadConfig(env, { db: '/tmp/flag.sqlite' }).db, '/tmp/flag.sqlite');
    assert.equal(loadConfig(env, { db: '/tmp/flag.sqlite', databaseUrl: 'postgres://flag@h/db' }).db, 'postgres://flag@h/db');
  });
});
