/**
 * Must-show 4 of issue 10: the real clients' existing tests (mem0ai JS clients 2.x and
 * 3.x in test/mem0-client.test.ts, the MCP SDK client over Streamable HTTP in
 * test/mcp-http.test.ts) pass against `mnemo serve` on PostgreSQL. Runs those test files
 * unchanged in a child `node --test` with `MNEMO_TEST_SERVE_POSTGRES_URL` set, which makes
 * test/support/serve-process.ts start every server on the PostgreSQL server (a fresh
 * schema each), and asserts the child passed with no failure. Needs a real PostgreSQL
 * server (`MNEMO_TEST_POSTGRES_URL`, set by CI's .ci/run); skips with the reason otherwise.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import pg from 'pg';
import { PROJECT_ROOT } from './support/cli-path.js';
import { serverSkipReason, serverUrl } from './support/postgres-servers.js';

const run = promisify(execFile);
const skip = await serverSkipReason();

describe('real clients against mnemo serve on PostgreSQL', { skip: skip ?? false }, () => {
  it('mem0ai (2.x, 3.x) and MCP over HTTP pass their tests unchanged', async (t) => {
    const files = ['mem0-client.test.js', 'mcp-http.test.js'].map((f) => join(PROJECT_ROOT, 'dist', 'test', f));
    let stdout = '';
    let schemas = 0;
    try {
      ({ stdout } = await run(process.execPath, ['--test', '--test-reporter=tap', ...files], {
        // Without NODE_TEST_CONTEXT, which would make the nested runner report to this one in its binary format.
        env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_TEST_CONTEXT')), MNEMO_TEST_SERVE_POSTGRES_URL: serverUrl() }, maxBuffer: 64 * 1024 * 1024, timeout: 300_000,
      }));
    } catch (error) {
      stdout = (error as { stdout?: string }).stdout ?? '';
      assert.fail(`the client tests failed on PostgreSQL:\n${stdout.split('\n').filter((l) => /not ok|error|expected|actual/.test(l)).slice(0, 40).join('\n')}`);
    } finally {
      // Drop the schemas the child's servers made.
      const admin = new pg.Client({ connectionString: serverUrl() });
      await admin.connect();
      const { rows } = await admin.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'serve\\_%'");
      schemas = rows.length;
      for (const r of rows) await admin.query(`DROP SCHEMA "${r.nspname}" CASCADE`);
      await admin.end();
    }
    const pass = Number(/^# pass (\d+)/m.exec(stdout)?.[1] ?? 0);
    const fail = Number(/^# fail (\d+)/m.exec(stdout)?.[1] ?? -1);
    t.diagnostic(`client tests on PostgreSQL: ${pass} passed, ${fail} failed, ${schemas} server schemas`);
    assert.equal(fail, 0);
    assert.ok(schemas > 0, 'the servers ran on PostgreSQL (they made their schemas)');
    assert.ok(pass >= 5, `only ${pass} client tests ran`);
  });
});
