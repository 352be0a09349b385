/**
 * The dashboard's files are served compressed when the browser accepts it (issue 13:
 * static assets were served uncompressed), with their cache headers; client routes get
 * `index.html`; API paths fall through untouched.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import { Hono } from 'hono';
import { webRoutes } from './web.js';

describe('webRoutes compression', () => {
  const root = mkdtempSync(join(tmpdir(), 'mnemo-web-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'assets'));
  const script = `console.log(${JSON.stringify('mnemo '.repeat(2000))});\n`;
  writeFileSync(join(root, 'assets', 'index-abc123.js'), script);
  writeFileSync(join(root, 'index.html'), `<!doctype html><div id="root"></div>${'<!-- padding -->'.repeat(100)}`);
  const app = new Hono();
  app.route('/', webRoutes({ root }));
  app.get('/api/v1/ping', (c) => c.json({ ok: true }));

  it('gzips assets for browsers that accept it, and keeps the cache headers', async () => {
    const res = await app.request('/assets/index-abc123.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    assert.match(res.headers.get('cache-control') ?? '', /immutable/);
    const body = Buffer.from(await res.arrayBuffer());
    assert.ok(body.length < script.length / 10, `${body.length} bytes compressed of ${script.length}`);
    assert.equal(gunzipSync(body).toString(), script);
  });

  it('serves plain bytes to clients that do not accept compression, and index.html for client routes', async () => {
    const plain = await app.request('/assets/index-abc123.js');
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.equal(await plain.text(), script);
    const page = await app.request('/memories/abc', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(page.headers.get('content-encoding'), 'gzip');
    assert.match(gunzipSync(Buffer.from(await page.arrayBuffer())).toString(), /<div id="root">/);
    assert.deepEqual(await (await app.request('/api/v1/ping')).json(), { ok: true });
  });
});
