/**
 * Webhooks (mem0's `/api/v1/webhooks/...`): stored per project, delivered on memory
 * events (`memory_add`, `memory_update`, `memory_delete`) as a JSON POST.
 *
 * Safety (SSRF): a target must be `http(s)`, its host must be on the server's allow-list
 * ({@link WebhookPolicy.allowHosts}; empty by default, so nothing is delivered until the
 * operator lists hosts), and every address the host resolves to must be public unless
 * {@link WebhookPolicy.allowPrivate} is set: loopback, private (RFC 1918), link-local,
 * CGNAT, unique-local, multicast and unspecified addresses are refused. The check runs
 * when a webhook is saved and again before every delivery, and the connection is pinned
 * to the address that was checked (no second DNS answer can swap it). Redirects are not
 * followed. Delivery is bounded: {@link DEFAULT_ATTEMPTS} attempts with exponential
 * backoff and a per-attempt timeout, at most {@link MAX_CONCURRENT_DELIVERIES} at once
 * with a bounded queue; failures are logged, never retried forever, and never fail the
 * write that caused the event.
 *
 * Failure contract: `Webhooks.create/update` and `checkTarget` throw
 * `MnemoError('INVALID_INPUT')` naming the reason; delivery never throws.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { z } from 'zod';
import { MnemoError } from '../core/errors.js';
import { type Webhook, type WebhookEvent, WebhookEventSchema } from '../core/platform.js';
import type { MemoryEvent, MemoryEvents } from './events.js';
import type { GovernanceContext } from './governance-context.js';
import { parseInput } from './inputs.js';

/** Attempts per delivery (1 + 2 retries), as bounded retries should be. */
export const DEFAULT_ATTEMPTS = 3;
/** Wait before the first retry, ms; doubled for each next one. */
export const DEFAULT_BACKOFF_MS = 500;
/** Longest wait for a receiver's answer per attempt, ms. */
export const DEFAULT_TIMEOUT_MS = 5_000;
/** Deliveries in flight at once (a burst of writes must not open a socket per event). */
export const MAX_CONCURRENT_DELIVERIES = 8;
/** Deliveries waiting beyond those; past this, new ones are dropped and logged (bounded memory). */
export const MAX_QUEUED_DELIVERIES = 10_000;

/** Where webhooks may be delivered (server configuration). */
export interface WebhookPolicy {
  /**
   * Hosts a webhook may target: exact names or IPs (`hooks.example.com`, `127.0.0.1`),
   * `*.example.com` for subdomains, or `*` for any host. @default [] (no webhook can be saved)
   */
  allowHosts: string[];
  /** Accept targets resolving to loopback/private addresses (local receivers, tests). @default false */
  allowPrivate?: boolean | undefined;
  /** @default DEFAULT_ATTEMPTS */
  attempts?: number | undefined;
  /** @default DEFAULT_BACKOFF_MS */
  backoffMs?: number | undefined;
  /** @default DEFAULT_TIMEOUT_MS */
  timeoutMs?: number | undefined;
  /** Resolves a host to its addresses. @default dns.lookup with `all: true` */
  resolve?: ((host: string) => Promise<string[]>) | undefined;
}

/** Addresses that are not on the public internet (IANA special-purpose registries). */
const NON_PUBLIC = (() => {
  const b = new BlockList();
  for (const [net, bits] of [
    ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
    ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
  ] as const) b.addSubnet(net, bits, 'ipv4');
  for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) b.addSubnet(net, bits, 'ipv6');
  return b;
})();

/** Whether `address` (IPv4 or IPv6 literal) is loopback, private, link-local or otherwise not public. */
export function isNonPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return NON_PUBLIC.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function hostAllowed(host: string, allow: string[]): boolean {
  const h = host.toLowerCase();
  return allow.some((a) => {
    const p = a.trim().toLowerCase().replace(/^\[|\]$/g, '');
    return p === '*' || p === h || (p.startsWith('*.') && h.endsWith(p.slice(1)));
  });
}

/**
 * Checks a webhook target against the policy and resolves it.
 * @returns the parsed URL and the checked addresses (connect to these only).
 * @throws MnemoError INVALID_INPUT naming the reason (scheme, host not allowed, private address, no address).
 */
export async function checkTarget(url: string, policy: WebhookPolicy): Promise<{ url: URL; addresses: string[] }> {
  let target: URL;
  try { target = new URL(url); } catch { throw new MnemoError('INVALID_INPUT', 'webhook url is not a valid URL'); }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new MnemoError('INVALID_INPUT', 'webhook url must be http or https');
  if (target.username || target.password) throw new MnemoError('INVALID_INPUT', 'webhook url must not carry credentials');
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (!hostAllowed(host, policy.allowHosts)) {
    throw new MnemoError('INVALID_INPUT', `webhook host ${host} is not on the server's allow-list (mnemo serve --webhook-hosts)`);
  }
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await (policy.resolve ?? defaultResolve)(host);
  } catch (cause) {
    throw new MnemoError('INVALID_INPUT', `webhook host ${host} does not resolve`, { cause });
  }
  if (addresses.length === 0) throw new MnemoError('INVALID_INPUT', `webhook host ${host} does not resolve`);
  if (!policy.allowPrivate && addresses.some(isNonPublicAddress)) {
    throw new MnemoError('INVALID_INPUT', `webhook host ${host} resolves to a private or loopback address, refused (mnemo serve --webhook-allow-private to allow)`);
  }
  return { url: target, addresses };
}

async function defaultResolve(host: string): Promise<string[]> {
  return (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);
}

const NameSchema = z.string().trim().min(1, 'name must not be empty').max(256);
const UrlSchema = z.string().max(2048);
const EventsSchema = z.array(WebhookEventSchema, { error: 'event_types must be a list of memory_add, memory_update, memory_delete' }).min(1).max(3);

/** Stored webhooks (reach them as `memory.webhooks`). */
export class Webhooks {
  constructor(private readonly ctx: GovernanceContext) {}

  /** Saves a webhook after checking its target. @throws MnemoError INVALID_INPUT */
  async create(projectId: string, input: { name: string; url: string; eventTypes: string[] }, policy: WebhookPolicy): Promise<Webhook> {
    const name = parseInput(NameSchema, input.name, 'name');
    const url = parseInput(UrlSchema, input.url, 'url');
    const eventTypes = [...new Set(parseInput(EventsSchema, input.eventTypes, 'event_types'))];
    await checkTarget(url, policy);
    return (await this.ctx.store()).platform.createWebhook({ projectId, name, url, eventTypes, at: this.ctx.clock.now() });
  }

  /** Webhooks of a project, oldest first. */
  async list(projectId: string): Promise<Webhook[]> {
    return (await this.ctx.store()).platform.listWebhooks(projectId);
  }

  /** Changes a webhook (a new url is checked). @throws MnemoError NOT_FOUND, INVALID_INPUT */
  async update(id: number, patch: { name?: string | undefined; url?: string | undefined; eventTypes?: string[] | undefined }, policy: WebhookPolicy): Promise<Webhook> {
    const change: { name?: string; url?: string; eventTypes?: WebhookEvent[] } = {};
    if (patch.name !== undefined) change.name = parseInput(NameSchema, patch.name, 'name');
    if (patch.url !== undefined) {
      change.url = parseInput(UrlSchema, patch.url, 'url');
      await checkTarget(change.url, policy);
    }
    if (patch.eventTypes !== undefined) change.eventTypes = [...new Set(parseInput(EventsSchema, patch.eventTypes, 'event_types'))];
    const updated = await (await this.ctx.store()).platform.updateWebhook(id, change, this.ctx.clock.now());
    if (!updated) throw new MnemoError('NOT_FOUND', `webhook ${id} not found`);
    return updated;
  }

  /** Deletes a webhook. @throws MnemoError NOT_FOUND */
  async delete(id: number): Promise<void> {
    if (!(await (await this.ctx.store()).platform.deleteWebhook(id))) throw new MnemoError('NOT_FOUND', `webhook ${id} not found`);
  }

  /** Every active webhook subscribed to `event`. */
  async subscribed(event: WebhookEvent): Promise<Webhook[]> {
    return (await (await this.ctx.store()).platform.listWebhooks()).filter((w) => w.isActive && w.eventTypes.includes(event));
  }
}

const EVENT_OF: Record<MemoryEvent['kind'], WebhookEvent> = { add: 'memory_add', update: 'memory_update', delete: 'memory_delete' };

/**
 * Delivers memory events to subscribed webhooks under a {@link WebhookPolicy}. One POST per
 * changed memory, body `{event_type, webhook_id, user_id, app_id, event_details: {id,
 * event, data: {memory}}, timestamp}` (mem0's `event_details` shape).
 * @example const d = new WebhookDispatcher(memory.webhooks, memory.events, policy); d.start(); ... await d.stop();
 */
export class WebhookDispatcher {
  private readonly pending = new Set<Promise<void>>();
  private readonly queue: Array<() => Promise<void>> = [];
  private running = 0;
  private off: (() => void) | undefined;

  constructor(
    private readonly webhooks: Webhooks,
    private readonly events: MemoryEvents,
    private readonly policy: WebhookPolicy,
    private readonly log: (message: string) => void = (m) => console.error(m),
  ) {}

  /** Starts listening to memory events. */
  start(): void {
    this.off ??= this.events.on((e) => this.track(this.dispatch(e)));
  }

  /** Stops listening and waits for deliveries in progress. */
  async stop(): Promise<void> {
    this.off?.();
    this.off = undefined;
    await this.idle();
  }

  /** Resolves when no delivery is in progress. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private track(p: Promise<void>): void {
    const done = p.catch((error) => this.log(`webhook dispatch failed: ${(error as Error).message}`)).finally(() => this.pending.delete(done));
    this.pending.add(done);
  }

  private async dispatch(e: MemoryEvent): Promise<void> {
    const type = EVENT_OF[e.kind];
    const hooks = await this.webhooks.subscribed(type);
    for (const hook of hooks) {
      for (const change of e.changes) {
        if (change.event === 'NONE') continue;
        const body = JSON.stringify({
          event_type: type, webhook_id: hook.id, user_id: e.userId, app_id: e.app, timestamp: new Date().toISOString(),
          event_details: { id: change.id, event: change.event, data: { memory: change.memory } },
        });
        this.enqueue(() => this.deliver(hook, body), hook);
      }
    }
  }

  /** Runs `job` when a delivery slot is free; drops it (logged) when the queue is full. */
  private enqueue(job: () => Promise<void>, hook: Webhook): void {
    if (this.queue.length >= MAX_QUEUED_DELIVERIES) {
      this.log(`webhook ${hook.id} (${hook.name}) event dropped: ${MAX_QUEUED_DELIVERIES} deliveries already queued`);
      return;
    }
    this.queue.push(job);
    this.pump();
  }

  private pump(): void {
    while (this.running < MAX_CONCURRENT_DELIVERIES && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running++;
      this.track(job().finally(() => { this.running--; this.pump(); }));
    }
  }

  /** POSTs `body` with bounded retries; logs the final failure. */
  private async deliver(hook: Webhook, body: string): Promise<void> {
    const attempts = this.policy.attempts ?? DEFAULT_ATTEMPTS;
    let last = '';
    for (let i = 0; i < attempts; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, (this.policy.backoffMs ?? DEFAULT_BACKOFF_MS) * 2 ** (i - 1)));
      try {
        const target = await checkTarget(hook.url, this.policy);
        const status = await post(target.url, target.addresses[0]!, body, this.policy.timeoutMs ?? DEFAULT_TIMEOUT_MS);
        if (status >= 200 && status < 300) return;
        last = `HTTP ${status}`;
        if (status >= 400 && status < 500 && status !== 408 && status !== 429) break;
      } catch (error) {
        last = (error as Error).message;
        if (error instanceof MnemoError) break; // refused by policy: retrying cannot help
      }
    }
    this.log(`webhook ${hook.id} (${hook.name}) not delivered: ${last}`);
  }
}

/** One POST connected to `address` only (the checked one); resolves with the status. */
function post(url: URL, address: string, body: string, timeoutMs: number): Promise<number> {
  const lookup: LookupFunction = (_host, options, callback) => {
    const family = isIP(address);
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method: 'POST', lookup, timeout: timeoutMs,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'mnemo-webhooks' },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
