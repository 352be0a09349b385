/**
 * Must-show 2 of issue 10: three `mnemo serve --db postgres://...` processes on one
 * database, started at the same moment. Migrations are applied once (one instance says
 * it applied them, the others none; `schema_migrations` holds each version once); 20
 * clients spread over the three instances add and search for 20 s with no error; every
 * acknowledged add is visible through every instance; a key created through one
 * instance authenticates on the others; an app paused on one is paused on all.
 *
 * Needs a real PostgreSQL server (`MNEMO_TEST_POSTGRES_URL`, set by CI's .ci/run); skips
 * with the reason otherwise. Each run uses a fresh schema (`?schema=`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { serverSkipReason, serverUrl } from './support/postgres-servers.js';
import { startServer, type TestServer } from './support/serve-process.js';

const INSTANCES = 3;
const CLIENTS = 20;
const DURATION_MS = 20_000;

const skip = await serverSkipReason();

describe('several mnemo serve instances on one PostgreSQL database', { skip: skip ?? false }, () => {
  it('migrate once, serve 20 clients for 20 s without errors, share writes, keys and pauses', async (t) => {
    const schema = `multi_${process.pid}_${Date.now().toString(36)}`;
    const url = new URL(serverUrl());
    url.searchParams.set('schema', schema);
    const db = url.toString();
    const started = await Promise.allSettled(Array.from({ length: INSTANCES }, () => startServer(['--auth'], { db })));
    const servers: TestServer[] = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      // Stop the instances that did start, or their processes keep this test file alive.
      await Promise.all(servers.map((s) => s.stop()));
      throw failed.reason;
    }
    const admin = new pg.Client({ connectionString: serverUrl() });
    await admin.connect();
    try {
      // Migrations: each version recorded once; exactly one instance applied them.
      const versions = (await admin.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`)).rows.map((r: { version: number }) => r.version);
      assert.deepEqual(versions, [1, 2]);
      const appliers = servers.filter((s) => /migrations applied here: 1,2/.test(s.stderr()));
      assert.equal(appliers.length, 1, `one instance migrates: ${servers.map((s) => s.stderr()).join(' | ')}`);
      if (url.password) assert.ok(servers.every((s) => !s.stderr().includes(`:${url.password}@`) && s.stderr().includes(':***@')), 'the password is never printed');

      // A key made with the CLI on the shared database, then one made through instance 0.
      const root = await servers[0]!.key('load');
      const auth = (token: string) => ({ authorization: `Token ${token}`, 'content-type': 'application/json' });
      const created = await fetch(`${servers[0]!.url}/api/v1/keys`, { method: 'POST', headers: auth(root), body: JSON.stringify({ name: 'made on instance 0' }) });
      assert.equal(created.status, 201, await created.clone().text());
      const { token } = await created.json() as { token: string };
      for (const s of servers.slice(1)) {
        const ok = await fetch(`${s.url}/api/v1/memories?user_id=load`, { headers: auth(token) });
        assert.equal(ok.status, 200, 'a key created through instance 0 authenticates here');
        await ok.arrayBuffer();
        const bad = await fetch(`${s.url}/api/v1/memories?user_id=load`, { headers: auth(`${token}x`) });
        assert.equal(bad.status, 401);
        await bad.arrayBuffer();
      }

      // Load: 20 clients over the three instances.
      const acked = new Set<string>();
      const errors: string[] = [];
      let searches = 0;
      const deadline = Date.now() + DURATION_MS;
      const client = async (n: number) => {
        const base = servers[n % INSTANCES]!.url;
        for (let i = 0; Date.now() < deadline; i++) {
          const add = await fetch(`${base}/api/v1/memories`, {
            method: 'POST', headers: { ...auth(token), 'x-mnemo-app': `client-${n}` },
            body: JSON.stringify({ text: `client ${n} fact ${i}: likes number ${n * 100_000 + i}`, user_id: 'load' }),
          });
          const body = await add.json() as { id?: string };
          if (add.status !== 201 || !body.id) errors.push(`add ${add.status} ${JSON.stringify(body)}`);
          else acked.add(body.id);
          const search = await fetch(`${base}/v1/memories/search/`, {
            method: 'POST', headers: auth(token), body: JSON.stringify({ query: `client ${n} fact`, user_id: 'load' }),
          });
          await search.arrayBuffer();
          if (search.status !== 200) errors.push(`search ${search.status}`);
          searches++;
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
      t.diagnostic(`${acked.size} adds and ${searches} searches over ${INSTANCES} instances in ${DURATION_MS} ms`);
      assert.deepEqual(errors.slice(0, 5), [], `${errors.length} requests failed`);
      assert.ok(acked.size > CLIENTS && searches > CLIENTS);

      // Every acknowledged add is visible through every instance.
      for (const s of servers) {
        const seen = new Set<string>();
        for (let page = 1; ; page++) {
          const res = await fetch(`${s.url}/api/v1/memories?user_id=load&page=${page}&size=100`, { headers: auth(token) });
          const body = await res.json() as { items: Array<{ id: string }> };
          body.items.forEach((m) => seen.add(m.id));
          if (body.items.length < 100) break;
        }
        assert.deepEqual([...acked].filter((id) => !seen.has(id)), [], `every acknowledged add is visible through ${s.url}`);
      }

      // An app paused through instance 0 is paused on every instance (its key, made through instance 1, is refused everywhere).
      const appKey = await fetch(`${servers[1]!.url}/api/v1/keys`, { method: 'POST', headers: auth(token), body: JSON.stringify({ app: 'cursor', name: 'cursor key' }) });
      assert.equal(appKey.status, 201, await appKey.clone().text());
      const cursor = (await appKey.json() as { token: string }).token;
      for (const s of servers) {
        const before = await fetch(`${s.url}/api/v1/memories`, { method: 'POST', headers: auth(cursor), body: JSON.stringify({ text: `cursor before the pause on ${s.url}` }) });
        assert.equal(before.status, 201, `cursor writes on ${s.url} before the pause`);
        await before.arrayBuffer();
      }
      const paused = await fetch(`${servers[0]!.url}/api/v1/apps/cursor`, { method: 'PUT', headers: auth(token), body: JSON.stringify({ is_active: false }) });
      assert.equal(paused.status, 200, await paused.clone().text());
      for (const s of servers) {
        const add = await fetch(`${s.url}/api/v1/memories`, { method: 'POST', headers: auth(cursor), body: JSON.stringify({ text: `cursor after the pause on ${s.url}` }) });
        assert.equal(add.status, 403, `a paused app is refused on ${s.url}`);
        await add.arrayBuffer();
      }
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await admin.end();
    }
  });
});
