/**
 * Unit tests of webhooks (webhooks.ts): the SSRF checks on resolved addresses (a public
 * name resolving to a private address is refused), the allow-list, delivery pinned to the
 * checked address, bounded retries, and that a failing receiver never fails a write.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { MnemoError } from '../core/errors.js';
import { Memory } from './memory.js';
import { checkTarget, isNonPublicAddress, WebhookDispatcher, type WebhookPolicy } from './webhooks.js';

const refused = (pattern: RegExp) => (e: unknown) => e instanceof MnemoError && e.code === 'INVALID_INPUT' && pattern.test(e.message);

describe('webhook targets', () => {
  it('classifies addresses', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '224.0.0.1', 'not-an-ip']) {
      assert.equal(isNonPublicAddress(a), true, a);
    }
    for (const a of ['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8']) assert.equal(isNonPublicAddress(a), false, a);
  });

  it('checks the addresses a name resolves to, not the name', async () => {
    const policy: WebhookPolicy = { allowHosts: ['hooks.example.com'], resolve: async () => ['93.184.216.34', '10.0.0.5'] };
    await assert.rejects(checkTarget('https://hooks.example.com/x', policy), refused(/private or loopback/));
    const ok = await checkTarget('https://hooks.example.com/x', { ...policy, resolve: async () => ['93.184.216.34'] });
    assert.deepEqual(ok.addresses, ['93.184.216.34']);
    const allowed = await checkTarget('https://hooks.example.com/x', { ...policy, allowPrivate: true });
    assert.deepEqual(allowed.addresses, ['93.184.216.34', '10.0.0.5']);
  });

  it('accepts only allow-listed hosts, http(s), and no credentials', async () => {
    const resolve = async () => ['93.184.216.34'];
    await assert.rejects(checkTarget('https://other.example.com/x', { allowHosts: ['hooks.example.com'], resolve }), refused(/allow-list/));
    await assert.rejects(checkTarget('https://a.example.com/x', { allowHosts: [], resolve }), refused(/allow-list/));
    assert.ok(await checkTarget('https://a.example.com/x', { allowHosts: ['*.example.com'], resolve }));
    assert.ok(await checkTarget('https://a.example.com/x', { allowHosts: ['*'], resolve }));
    await assert.rejects(checkTarget('file:///etc/passwd', { allowHosts: ['*'], resolve }), refused(/http or https/));
    await assert.rejects(checkTarget('https://u:p@a.example.com/', { allowHosts: ['*'], resolve }), refused(/credentials/));
    await assert.rejects(checkTarget('http://[::1]:8080/', { allowHosts: ['*'], resolve }), refused(/private or loopback/));
    await assert.rejects(checkTarget('not a url', { allowHosts: ['*'], resolve }), refused(/valid URL/));
  });
});

describe('webhook delivery', () => {
  let server: Server;
  let port = 0;
  const hits: Array<{ path: string; body: Record<string, unknown> }> = [];
  let status = 200;
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => { hits.push({ path: req.url ?? '', body: JSON.parse(body) }); res.statusCode = status; res.end(); });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('delivers add and delete events, pinned to the checked address, with bounded retries', async () => {
    const memory = new Memory({ path: ':memory:', embedder: null });
    // The name resolves (fake DNS) to loopback, where the receiver listens: delivery connects to that address.
    const policy: WebhookPolicy = { allowHosts: ['receiver.test'], allowPrivate: true, resolve: async () => ['127.0.0.1'], backoffMs: 10, attempts: 3 };
    const logs: string[] = [];
    const dispatcher = new WebhookDispatcher(memory.webhooks, memory.events, policy, (m) => logs.push(m));
    dispatcher.start();
    try {
      await memory.webhooks.create('default', { name: 'all', url: `http://receiver.test:${port}/in`, eventTypes: ['memory_add', 'memory_delete'] }, policy);
      const { results: [added] } = await memory.add('I like figs', { userId: 'ann' });
      await dispatcher.idle();
      assert.equal(hits.length, 1);
      assert.equal(hits[0]!.path, '/in');
      assert.deepEqual(hits[0]!.body.event_details, { id: added!.id, event: 'ADD', data: { memory: 'I like figs' } });
      await memory.add('I like figs', { userId: 'ann' }); // exact duplicate: no event
      await memory.update(added!.id, 'I like dates', { userId: 'ann' }); // not subscribed
      await dispatcher.idle();
      assert.equal(hits.length, 1, 'no-ops and unsubscribed events are not sent');
      await memory.delete(added!.id, { userId: 'ann' });
      await dispatcher.idle();
      assert.equal(hits[1]!.body.event_type, 'memory_delete');

      status = 503;
      await memory.add('I like plums', { userId: 'ann' });
      await dispatcher.idle();
      assert.equal(hits.length, 2 + 3, 'a failing receiver gets exactly `attempts` tries');
      assert.match(logs.join('\n'), /not delivered: HTTP 503/);
      status = 400;
      await memory.add('I like pears', { userId: 'ann' });
      await dispatcher.idle();
      assert.equal(hits.length, 6, 'a 4xx answer is final');
    } finally {
      status = 200;
      await dispatcher.stop();
      await memory.close();
    }
  });

  it('refuses at delivery a stored target that now resolves to a private address', async () => {
    const memory = new Memory({ path: ':memory:', embedder: null });
    let answer = ['93.184.216.34'];
    const policy: WebhookPolicy = { allowHosts: ['hooks.example.com'], resolve: async () => answer, backoffMs: 1 };
    const logs: string[] = [];
    const dispatcher = new WebhookDispatcher(memory.webhooks, memory.events, policy, (m) => logs.push(m));
    dispatcher.start();
    try {
      await memory.webhooks.create('default', { name: 'x', url: `http://hooks.example.com:${port}/in`, eventTypes: ['memory_add'] }, policy);
      answer = ['127.0.0.1']; // DNS rebinding after the check at creation
      const before = hits.length;
      const added = await memory.add('rebinding attempt', { userId: 'ann' });
      assert.equal(added.results[0]!.event, 'ADD', 'the write succeeds whatever the webhook does');
      await dispatcher.idle();
      assert.equal(hits.length, before, 'nothing reached the loopback receiver');
      assert.match(logs.join('\n'), /private or loopback/);
    } finally {
      await dispatcher.stop();
      await memory.close();
    }
  });
});
