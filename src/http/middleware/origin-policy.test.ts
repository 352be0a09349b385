/**
 * The origin policy in-process (`app.request`, no port): Host names, own and foreign
 * origins, `--cors` origins (allowed for memories, refused for administration),
 * `Sec-Fetch-Site` without `Origin`, and the JSON content type of writes.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Memory } from '../../engine/memory.js';
import { createHttpApp } from '../app.js';
import { defaultHosts, hostAllowed } from './origin-policy.js';

describe('origin policy', () => {
  const memory = new Memory({ path: ':memory:', embedder: null });
  const app = createHttpApp({
    memory, auth: { required: false, defaultUserId: 'alice' }, cors: ['http://app.example'],
    originPolicy: { hosts: defaultHosts('127.0.0.1'), port: 8765, cors: ['http://app.example'] },
  }, { log: () => {} });
  after(() => memory.close());
  const status = async (method: string, path: string, headers: Record<string, string>, body?: string) =>
    (await app.request(`http://127.0.0.1:8765${path}`, { method, headers: { host: '127.0.0.1:8765', ...headers }, ...(body === undefined ? {} : { body }) })).status;
  const JSON_TYPE = { 'content-type': 'application/json' };

  it('accepts the listen address and loopback names on the listen port only', () => {
    const policy = { hosts: defaultHosts('127.0.0.1'), port: 8765 };
    for (const host of ['127.0.0.1:8765', 'localhost:8765', '[::1]:8765', 'LOCALHOST:8765']) assert.ok(hostAllowed(policy, host), host);
    for (const host of ['evil.example.com', 'evil.example.com:8765', 'localhost:8766', '127.0.0.1', 'localhost.evil.com:8765']) assert.ok(!hostAllowed(policy, host), host);
    assert.ok(hostAllowed({ hosts: ['mnemo.lan:9000'], port: 8765 }, 'mnemo.lan:9000'));
  });

  it('refuses a foreign Host, a foreign or null Origin, and cross-site requests without Origin', async () => {
    assert.equal(await status('GET', '/api/v1/memories', { host: 'evil.example.com:8765' }), 403);
    assert.equal(await status('GET', '/api/v1/memories', { origin: 'http://localhost:3000' }), 403);
    assert.equal(await status('GET', '/api/v1/memories', { origin: 'null' }), 403);
    assert.equal(await status('GET', '/api/v1/memories', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' }), 403);
    assert.equal(await status('GET', '/healthz', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' }), 200, 'a link from another site still opens');
    assert.equal(await status('GET', '/api/v1/memories', { origin: 'http://127.0.0.1:8765', 'sec-fetch-site': 'same-origin' }), 200);
    assert.equal(await status('GET', '/api/v1/memories', {}), 200, 'non-browser clients send no Origin');
  });

  it('lets a --cors origin use memories but not administration', async () => {
    const cors = { origin: 'http://app.example' };
    assert.equal(await status('GET', '/api/v1/memories', cors), 200);
    assert.equal(await status('POST', '/api/v1/memories', { ...cors, ...JSON_TYPE }, '{"text":"from a listed origin"}'), 201);
    assert.equal(await status('POST', '/api/v1/keys', { ...cors, ...JSON_TYPE }, '{}'), 403);
    assert.equal(await status('GET', '/api/v1/export', cors), 403);
    assert.equal(await status('POST', '/api/v1/memories/actions/archive', { ...cors, ...JSON_TYPE }, '{"memory_ids":[]}'), 403);
    assert.equal(await status('POST', '/api/v1/keys', { origin: 'http://127.0.0.1:8765', ...JSON_TYPE }, '{}'), 201, 'the dashboard may mint keys');
  });

  it('refuses writes that are not JSON (the bodies a page can send without a preflight)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      assert.equal(await status('POST', '/api/v1/memories', { 'content-type': type }, '{"text":"simple request"}'), 415, type);
    }
    assert.equal(await status('POST', '/api/v1/memories', {}), 415, 'no body and no type');
    assert.equal((await memory.getAll({ userId: 'alice', log: false })).total, 1, 'only the listed origin stored a memory');
  });
});
