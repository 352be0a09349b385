/**
 * The entry each client gets for a running server with an API key, as a snapshot per
 * client: the literal key (`--api-key-file`) in the client's documented header form, and
 * an environment-variable reference (`--api-key-env`) where the client resolves one. Also
 * the redacted form printed by `--print`, and that the dashboard's placeholder goes
 * through the very same function.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse as parseToml } from 'smol-toml';
import { findClient, httpSpec, MCP_CLIENTS, redactToken, snippet, supportsEnvKey, withAuth } from './clients.js';

const TOKEN = 'mnemo_0123456789ab_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA';
const BASE = 'http://127.0.0.1:8765';
const url = (id: string) => `${BASE}/mcp/${id}/http/lee`;
const key = (id: string) => findClient(id)!.entry(httpSpec(BASE, id, 'lee', { kind: 'key', token: TOKEN }));
const env = (id: string) => findClient(id)!.entry(httpSpec(BASE, id, 'lee', { kind: 'env', name: 'MNEMO_API_KEY' }));
const bearer = { Authorization: `Bearer ${TOKEN}` };

describe('HTTP entries with an API key (per client, as each client documents it)', () => {
  it('a literal key', () => {
    assert.deepEqual(key('claude-desktop'), {
      command: 'npx',
      args: ['-y', 'mcp-remote', url('claude-desktop'), '--header', 'Authorization:${MNEMO_AUTH_HEADER}'],
      env: { MNEMO_AUTH_HEADER: `Bearer ${TOKEN}` },
    });
    assert.deepEqual(key('claude-code'), { type: 'http', url: url('claude-code'), headers: bearer });
    assert.deepEqual(key('cursor'), { url: url('cursor'), headers: bearer });
    assert.deepEqual(key('windsurf'), { serverUrl: url('windsurf'), headers: bearer });
    assert.deepEqual(key('vscode'), { type: 'http', url: url('vscode'), headers: bearer });
    assert.deepEqual(key('cline'), { type: 'streamableHttp', url: url('cline'), disabled: false, headers: bearer });
    assert.deepEqual(key('codex'), { url: url('codex'), http_headers: bearer });
    assert.deepEqual(key('gemini'), { httpUrl: url('gemini'), headers: bearer });
    assert.deepEqual(key('zed'), { url: url('zed'), headers: bearer });
  });

  it('an environment-variable reference where the client resolves one', () => {
    assert.deepEqual(env('claude-code'), { type: 'http', url: url('claude-code'), headers: { Authorization: 'Bearer ${MNEMO_API_KEY}' } });
    assert.deepEqual(env('cursor'), { url: url('cursor'), headers: { Authorization: 'Bearer ${env:MNEMO_API_KEY}' } });
    assert.deepEqual(env('windsurf'), { serverUrl: url('windsurf'), headers: { Authorization: 'Bearer ${env:MNEMO_API_KEY}' } });
    assert.deepEqual(env('vscode'), { type: 'http', url: url('vscode'), headers: { Authorization: 'Bearer ${env:MNEMO_API_KEY}' } });
    assert.deepEqual(env('codex'), { url: url('codex'), bearer_token_env_var: 'MNEMO_API_KEY' });
    assert.deepEqual(env('gemini'), { httpUrl: url('gemini'), headers: { Authorization: 'Bearer ${MNEMO_API_KEY}' } });
    for (const id of ['claude-desktop', 'cline', 'zed']) {
      assert.equal(supportsEnvKey(findClient(id)!), false, `${id} documents no env reference`);
      assert.throws(() => env(id), /no documented way/);
    }
    assert.deepEqual(MCP_CLIENTS.filter(supportsEnvKey).map((c) => c.id), ['claude-code', 'cursor', 'windsurf', 'vscode', 'codex', 'gemini']);
  });

  it('no key: the entries stay as they were', () => {
    for (const c of MCP_CLIENTS) {
      const plain = c.entry(httpSpec(BASE, c.id, 'lee'));
      assert.ok(!JSON.stringify(plain).includes('Authorization'), c.id);
      assert.deepEqual(withAuth(c, plain, undefined), plain);
    }
  });

  it('Codex TOML snippet: http_headers is an inline table that parses back to the entry', () => {
    const codex = findClient('codex')!;
    for (const auth of [{ kind: 'key', token: TOKEN } as const, { kind: 'env', name: 'MNEMO_API_KEY' } as const]) {
      const text = snippet(codex, httpSpec(BASE, 'codex', 'lee', auth));
      const parsed = parseToml(text) as { mcp_servers: { mnemo: unknown } };
      assert.deepEqual(JSON.parse(JSON.stringify(parsed.mcp_servers.mnemo)), codex.entry(httpSpec(BASE, 'codex', 'lee', auth)));
    }
  });

  it('redacts a key to its public id', () => {
    assert.equal(redactToken(TOKEN), 'mnemo_0123456789ab_...[redacted]');
    assert.equal(redactToken('some-other-secret'), '...[redacted]');
    assert.ok(!redactToken(TOKEN).includes(TOKEN.slice(19)));
  });
});
