/**
 * mem0's Python `MemoryClient`/`AsyncMemoryClient` against a real `mnemo serve` (issue 16).
 * The Python package cannot be installed here, so this test is its double: it replays the
 * exact requests the client sends (method, path, headers incl. `Mem0-User-ID`, query
 * encoded as httpx encodes it, JSON body), read from mem0's `mem0/client/main.py` and
 * `project.py` of the 1.x line (1.0.11: `org_id`/`project_id` copied from the ping into
 * every later request, v1/v2 endpoints) and the 2.x line (2.0.18: v3 endpoints, entity ids
 * in `filters`, typed options), and asserts that every field the client reads is present
 * and typed as it expects:
 * - construction (`_validate_api_key`): `org_id`, `project_id` non-empty strings (else
 *   `Project(...)` raises "org_id and project_id must be set"), `user_email` string or
 *   null; the async client pings `{host}/v1/ping/` with `requests`, so a host with a
 *   trailing slash sends `//v1/ping/`, which must answer JSON;
 * - errors: `detail` (the client puts it in its exception message);
 * - `delete_users()`: `results[].type` and `results[].name` of `users()`.
 * Also the issue's other Must-shows: a project key for three users never mixes them and a
 * per-user key still gets 403 (2); expiry hidden from search and list and shown with
 * `show_expired` (3); a webhook reaches a local receiver allowed by configuration, and a
 * private target is refused without it (4).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from './support/serve-process.js';

type Any = Record<string, any>;

/** Python `repr` of a JSON-like value, as httpx puts a dict query parameter on the wire (`str(value)`). */
function pyRepr(v: unknown): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(v as object).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
}

/** httpx's query encoding of `params` (None dropped, bools lowercase, lists repeated, dicts as repr). */
function httpxQuery(params: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) {
      q.append(k, item === true ? 'true' : item === false ? 'false' : typeof item === 'object' ? pyRepr(item) : String(item));
    }
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * One mem0 Python client: the headers it sets at construction (`Authorization: Token`,
 * `Mem0-User-ID` = md5 of the key), httpx's base-URL joining, and, on 1.x, the org and
 * project ids from the ping added to every request's params (`_prepare_params`).
 */
class PyClient {
  readonly headers: Record<string, string>;
  org: string | null = null;
  project: string | null = null;
  constructor(readonly host: string, readonly apiKey: string, readonly line: '1.x' | '2.x') {
    this.headers = { authorization: `Token ${apiKey}`, 'mem0-user-id': createHash('md5').update(apiKey).digest('hex'), 'user-agent': 'python-httpx/0.28.1' };
  }

  /** `_prepare_params`: 1.x adds org/project when both are known; None values dropped. */
  params(kwargs: Record<string, unknown> = {}): Record<string, unknown> {
    const out: Record<string, unknown> = { ...kwargs };
    if (this.line === '1.x' && this.org && this.project) { out.org_id = this.org; out.project_id = this.project; }
    return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== null && v !== undefined));
  }

  /** One request; `path` is joined to the base URL as httpx does (a leading slash or not). */
  async send(method: string, path: string, opts: { params?: Record<string, unknown>; json?: unknown } = {}): Promise<{ status: number; body: any; type: string }> {
    const base = this.host.replace(/\/+$/, '');
    const url = `${base}/${path.replace(/^\//, '')}${httpxQuery(opts.params ?? {})}`;
    const res = await fetch(url, {
      method,
      headers: { ...this.headers, ...(opts.json === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(opts.json === undefined ? {} : { body: JSON.stringify(opts.json) }),
    });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, type, body: type.includes('json') ? JSON.parse(text) : text };
  }

  /** Like `send`, asserting a 2xx (`response.raise_for_status()`). */
  async ok(method: string, path: string, opts: { params?: Record<string, unknown>; json?: unknown } = {}): Promise<any> {
    const r = await this.send(method, path, opts);
    assert.ok(r.status >= 200 && r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    assert.match(r.type, /application\/json/, `${method} ${path} answers JSON`);
    return r.body;
  }

  /** `MemoryClient.__init__` → `_validate_api_key` → `Project(...)._validate_org_project`. */
  async construct(): Promise<void> {
    const data = await this.ok('GET', '/v1/ping/', { params: this.params() });
    checkPing(data);
    if (data.org_id && data.project_id) { this.org = data.org_id; this.project = data.project_id; }
    assert.ok(this.org && this.project, 'Project() would raise: org_id and project_id must be set');
  }
}

/** Fields `_validate_api_key` reads from the ping. */
function checkPing(data: Any): void {
  assert.equal(data.status, 'ok');
  assert.equal(typeof data.org_id, 'string');
  assert.ok(data.org_id.length > 0);
  assert.equal(typeof data.project_id, 'string');
  assert.ok(data.project_id.length > 0);
  assert.ok(data.user_email === null || typeof data.user_email === 'string', 'user_email is a string or null');
}

/** The fields of a mem0 memory the clients and their users read. */
function checkMemory(m: Any): void {
  for (const k of ['id', 'memory', 'user_id', 'hash', 'created_at', 'updated_at']) assert.equal(typeof m[k], 'string', `memory.${k}`);
  assert.equal(typeof m.metadata, 'object');
  assert.ok(Array.isArray(m.categories), 'memory.categories');
  for (const k of ['agent_id', 'run_id', 'app_id', 'expiration_date']) assert.ok(m[k] === null || typeof m[k] === 'string', `memory.${k}`);
}

/** An add event (`results[]` of v1.1 and v3). */
function checkEvent(e: Any): void {
  assert.equal(typeof e.id, 'string');
  assert.match(e.event, /^(ADD|UPDATE|DELETE|NOOP)$/);
  assert.equal(typeof e.memory, 'string');
}

/** mem0's paginated envelope. */
function checkPage(p: Any): void {
  assert.equal(typeof p.count, 'number');
  assert.ok(p.next === null || typeof p.next === 'string');
  assert.ok(p.previous === null || typeof p.previous === 'string');
  assert.ok(Array.isArray(p.results));
  p.results.forEach(checkMemory);
}

/** A local webhook receiver: collects JSON bodies. */
function receiver(): Promise<{ server: Server; url: string; got: Any[]; next(n: number): Promise<void> }> {
  const got: Any[] = [];
  const waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => { got.push(JSON.parse(body)); res.end('ok'); waiters.splice(0).forEach((w) => w()); });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    resolve({
      server, url: `http://127.0.0.1:${port}/hook`, got,
      next: async (n) => { while (got.length < n) await new Promise<void>((r) => { waiters.push(r); setTimeout(r, 200); }); },
    });
  }));
}

let open: TestServer; // auth off, webhooks allowed to 127.0.0.1 (private allowed)
let secured: TestServer; // --auth, webhooks allowed to any host but never private
before(async () => {
  [open, secured] = await Promise.all([
    startServer(['--webhook-hosts', '127.0.0.1', '--webhook-allow-private']),
    startServer(['--auth', '--webhook-hosts', '*']),
  ]);
});
after(async () => { await Promise.all([open.stop(), secured.stop()]); });

describe('mem0 Python client 2.x (v3 endpoints) replayed against mnemo serve, dummy key, auth off', () => {
  test('construction (sync and async, trailing-slash host), add, get_all, search, get, update, history, batch, feedback, exports, summary, project, delete', async () => {
    const py = new PyClient(open.url, 'dummy-key', '2.x');
    await py.construct();
    // AsyncMemoryClient pings with requests.get(f"{self.host}/v1/ping/"): a trailing slash doubles it.
    const asyncPing = await new PyClient(`${open.url}/`, 'dummy-key', '2.x').send('GET', `${open.url}//v1/ping/`.replace(open.url, ''));
    assert.equal(asyncPing.status, 200);
    assert.match(asyncPing.type, /application\/json/, '//v1/ping/ answers JSON, not the dashboard');
    checkPing(asyncPing.body);

    // add(messages, user_id=...) and add(messages, AddMemoryOptions(filters=..., metadata=...))
    const added = await py.ok('POST', '/v3/memories/add/', { json: { messages: [{ role: 'user', content: 'I am allergic to peanuts' }], user_id: 'u1', metadata: { src: 'chat' } } });
    assert.ok(Array.isArray(added.results));
    added.results.forEach(checkEvent);
    const peanut = added.results[0].id as string;
    const viaFilters = await py.ok('POST', '/v3/memories/add/', { json: { messages: [{ role: 'user', content: 'I run every Tuesday' }], filters: { user_id: 'u1', agent_id: 'coach' }, infer: false } });
    const tuesday = viaFilters.results[0].id as string;
    await py.ok('POST', '/v3/memories/add/', { json: { messages: 'My sister lives in Oslo', user_id: 'u1', run_id: 'trip' } });

    // get_all(filters=..., page=1, page_size=2) → query page/page_size, body filters
    const page = await py.ok('POST', '/v3/memories/', { params: { page: 1, page_size: 2 }, json: { filters: { user_id: 'u1' } } });
    checkPage(page);
    assert.equal(page.count, 3);
    assert.equal(page.results.length, 2);
    // get_all(GetAllMemoryOptions(filters=..., metadata=...)): metadata narrows the list
    const byMeta = await py.ok('POST', '/v3/memories/', { json: { filters: { user_id: 'u1' }, metadata: { src: 'chat' } } });
    assert.deepEqual(byMeta.results.map((m: Any) => m.id), [peanut]);
    // get_all(filters=..., top_k=1) in the body (mem0's migration guide)
    const top = await py.ok('POST', '/v3/memories/', { json: { filters: { AND: [{ user_id: 'u1' }, { agent_id: 'coach' }] }, top_k: 1 } });
    checkPage(top);
    assert.deepEqual(top.results.map((m: Any) => m.id), [tuesday]);

    // search(query, filters=..., top_k=...)
    const found = await py.ok('POST', '/v3/memories/search/', { json: { query: 'peanuts allergy', filters: { user_id: 'u1' }, top_k: 5, rerank: false } });
    assert.ok(Array.isArray(found.results));
    found.results.forEach((m: Any) => { checkMemory(m); assert.equal(typeof m.score, 'number'); });
    assert.equal(found.results[0].id, peanut);

    // search(query, SearchMemoryOptions(filters=..., metadata=..., only_metadata_based_search=True))
    const metaOnly = await py.ok('POST', '/v3/memories/search/', { json: { query: 'anything', filters: { user_id: 'u1' }, metadata: { src: 'chat' }, only_metadata_based_search: true } });
    assert.deepEqual(metaOnly.results.map((m: Any) => [m.id, typeof m.score]), [[peanut, 'number']]);

    // get / update(text, metadata, timestamp) / history — no user named: the memory's owner
    checkMemory(await py.ok('GET', `/v1/memories/${peanut}/`, { params: py.params() }));
    const updated = await py.ok('PUT', `/v1/memories/${peanut}/`, { params: py.params(), json: { text: 'I am allergic to peanuts and cashews', metadata: { src: 'doctor' }, timestamp: 1_700_000_000 } });
    checkMemory(updated);
    assert.equal(updated.memory, 'I am allergic to peanuts and cashews');
    assert.equal(updated.created_at, new Date(1_700_000_000_000).toISOString(), 'timestamp re-dates the memory');
    const history = await py.ok('GET', `/v1/memories/${peanut}/history/`, { params: py.params() });
    assert.ok(Array.isArray(history));
    for (const h of history) {
      assert.equal(typeof h.memory_id, 'string');
      assert.match(h.event, /^(ADD|UPDATE|DELETE)$/);
      assert.ok(h.old_memory === null || typeof h.old_memory === 'string');
      assert.ok(h.new_memory === null || typeof h.new_memory === 'string');
    }
    assert.deepEqual(history.map((h: Any) => h.event), ['ADD', 'UPDATE']);

    // users() → delete_users() reads results[].type / results[].name
    const users = await py.ok('GET', '/v1/entities/', { params: py.params() });
    assert.ok(Array.isArray(users.results));
    for (const e of users.results) { assert.equal(typeof e.type, 'string'); assert.equal(typeof e.name, 'string'); assert.equal(typeof e.total_memories, 'number'); }
    assert.ok(users.results.some((e: Any) => e.type === 'user' && e.name === 'u1'));

    // batch_update / feedback
    const batch = await py.ok('PUT', '/v1/batch/', { json: { memories: [{ memory_id: tuesday, text: 'I run every Tuesday and Friday' }] } });
    assert.equal(typeof batch.message, 'string');
    const feedback = await py.ok('POST', '/v1/feedback/', { json: { memory_id: tuesday, feedback: 'POSITIVE', feedback_reason: 'accurate' } });
    assert.equal(feedback.feedback, 'POSITIVE');
    assert.equal(feedback.memory_id, tuesday);
    const stored = await fetch(`${open.url}/api/v1/memories/${tuesday}/feedback?user_id=u1`).then((r) => r.json()) as Any;
    assert.deepEqual(stored.feedback.map((f: Any) => [f.feedback, f.reason]), [['POSITIVE', 'accurate']], 'feedback is stored per memory');
    const badFeedback = await py.send('POST', '/v1/feedback/', { json: { memory_id: tuesday, feedback: 'MEH', feedback_reason: null } });
    assert.equal(badFeedback.status, 400);

    // create_memory_export(schema, user_id=...) then get_memory_export(user_id=...)
    const schema = JSON.stringify({ type: 'object', properties: { total: { type: 'integer' }, facts: { type: 'array', items: { type: 'object', properties: { memory: { type: 'string' }, src: { type: 'string' }, agent_id: {} } } } } });
    const job = await py.ok('POST', '/v1/exports/', { json: { schema, user_id: 'u1' } });
    assert.equal(typeof job.id, 'string');
    assert.equal(typeof job.message, 'string');
    const exported = await py.ok('POST', '/v1/exports/get/', { json: { user_id: 'u1' } });
    assert.equal(exported.total, 3);
    assert.deepEqual(Object.keys(exported.facts[0]).sort(), ['agent_id', 'memory', 'src']);
    assert.ok(exported.facts.some((f: Any) => f.memory === 'I am allergic to peanuts and cashews' && f.src === 'doctor'));
    const byId = await py.ok('POST', '/v1/exports/get/', { json: { memory_export_id: job.id, user_id: 'u1' } });
    assert.deepEqual(byId, exported);

    // get_summary(filters={...})
    const summary = await py.ok('POST', '/v1/summary/', { json: { filters: { user_id: 'u1' } } });
    assert.equal(summary.total_memories, 3);
    assert.equal(typeof summary.summary, 'string');
    assert.ok(Array.isArray(summary.categories) && summary.categories.every((c: Any) => typeof c.name === 'string' && typeof c.count === 'number'));
    summary.recent_memories.forEach(checkMemory);

    // client.project.update(custom_categories=..., custom_instructions=...) / .get(fields=[...])
    const projectPath = `/api/v1/orgs/organizations/${py.org}/projects/${py.project}/`;
    const patched = await py.ok('PATCH', projectPath, { json: { custom_categories: [{ beekeeping: 'bees, hives, honey and apiary work' }], custom_instructions: 'Label hobbies precisely.' } });
    assert.equal(typeof patched.message, 'string');
    const project = await py.ok('GET', projectPath, { params: { fields: ['custom_categories', 'custom_instructions'] } });
    assert.deepEqual(project, { custom_categories: [{ beekeeping: 'bees, hives, honey and apiary work' }], custom_instructions: 'Label hobbies precisely.' });
    const hive = await py.ok('POST', '/v3/memories/add/', { json: { messages: 'I checked my hives and collected honey', user_id: 'u1' } });
    checkMemory(await py.ok('GET', `/v1/memories/${hive.results[0].id}/`));
    assert.deepEqual((await py.ok('GET', `/v1/memories/${hive.results[0].id}/`)).categories, ['beekeeping'], 'the categorizer uses the custom categories');
    // add(..., custom_categories=[...]) for one call overrides the project's categories
    const garden = await py.ok('POST', '/v3/memories/add/', { json: { messages: 'Planted tomatoes in the garden soil', user_id: 'u1', custom_categories: [{ gardening: 'plants, garden and soil' }] } });
    assert.deepEqual((await py.ok('GET', `/v1/memories/${garden.results[0].id}/`)).categories, ['gardening']);
    await py.ok('DELETE', `/v1/memories/${garden.results[0].id}/`);
    await py.ok('PATCH', projectPath, { json: { custom_categories: null } });

    // batch_delete / delete / delete_all(filters=DeleteAllMemoryOptions(filters=...)) sent as a Python repr
    const bd = await py.ok('DELETE', '/v1/batch/', { json: { memories: [{ memory_id: hive.results[0].id }] } });
    assert.equal(typeof bd.message, 'string');
    await py.ok('DELETE', `/v1/memories/${peanut}/`, { params: py.params() });
    const gone = await py.send('GET', `/v1/memories/${peanut}/`);
    assert.equal(gone.status, 404);
    assert.equal(typeof gone.body.detail, 'string', 'error bodies carry mem0\'s detail');
    const byFilter = await py.ok('DELETE', '/v1/memories/', { params: { filters: { user_id: 'u1', agent_id: 'coach' } } });
    assert.equal(byFilter.deleted, 1);
    const unreadable = await py.send('DELETE', '/v1/memories/', { params: { filters: '{user_id: u1' } });
    assert.equal(unreadable.status, 400);
    assert.match(unreadable.body.detail, /filters/, 'the refusal names the field');
    await py.ok('POST', '/v3/memories/add/', { json: { messages: 'written by the crm app', user_id: 'u1', app_id: 'crm' } });
    assert.equal((await py.ok('DELETE', '/v1/memories/', { params: { user_id: 'u1', app_id: 'crm' } })).deleted, 1, 'delete_all(app_id=...) deletes that app\'s memories');
    const left = await py.ok('POST', '/v3/memories/', { json: { filters: { user_id: 'u1' } } });
    assert.deepEqual(left.results.map((m: Any) => m.memory), ['My sister lives in Oslo']);
    await py.ok('DELETE', '/v2/entities/user/u1/', { params: py.params() });
    assert.equal((await py.ok('POST', '/v3/memories/', { json: { filters: { user_id: 'u1' } } })).count, 0);
  });
});

describe('mem0 Python client 1.x (v1/v2 endpoints, org/project ids in every call) replayed', () => {
  test('add v1.1, get_all v1 (top_k) and v2 (page alone), search v1/v2, update, delete_all, delete_users', async () => {
    const py = new PyClient(open.url, 'dummy-key', '1.x');
    await py.construct();
    // add(): output_format v1.1, version v2, org_id/project_id in the body (an assistant turn that states
    // something, so both turns are kept without an LLM; acknowledgements are not: issue 13)
    const added = await py.ok('POST', '/v1/memories/', { json: { messages: [{ role: 'user', content: 'I drink oolong tea' }, { role: 'assistant', content: 'Oolong is a partly oxidised tea.' }], user_id: 'v1user', output_format: 'v1.1', version: 'v2', org_id: py.org, project_id: py.project } });
    assert.ok(Array.isArray(added.results));
    added.results.forEach(checkEvent);
    // get_all(user_id=..., top_k=1) → GET /v1/memories/ with params
    const v1 = await py.ok('GET', '/v1/memories/', { params: py.params({ user_id: 'v1user', top_k: 1 }) });
    assert.ok(Array.isArray(v1));
    assert.equal(v1.length, 1);
    v1.forEach(checkMemory);
    // get_all(version='v2', filters=..., page=1) without page_size → page in the JSON body
    const v2 = await py.ok('POST', '/v2/memories/', { json: py.params({ filters: { user_id: 'v1user' }, page: 1 }) });
    checkPage(v2);
    assert.equal(v2.count, 2);
    // search(query, version='v2', filters=..., top_k=...)
    const s2 = await py.ok('POST', '/v2/memories/search/', { json: { query: 'tea', ...py.params({ filters: { user_id: 'v1user' }, top_k: 3 }) } });
    assert.ok(Array.isArray(s2));
    s2.forEach(checkMemory);
    const s1 = await py.ok('POST', '/v1/memories/search/', { json: { query: 'oolong', ...py.params({ user_id: 'v1user' }) } });
    assert.equal(s1[0].memory, 'I drink oolong tea');
    // update(memory_id, text=...) with org/project params
    checkMemory(await py.ok('PUT', `/v1/memories/${s1[0].id}/`, { params: py.params(), json: { text: 'I drink green tea' } }));
    // feedback, create/get export and get_summary with org/project ids in the bodies
    assert.equal((await py.ok('POST', '/v1/feedback/', { json: { memory_id: s1[0].id, feedback: 'VERY_NEGATIVE', feedback_reason: null } })).feedback, 'VERY_NEGATIVE');
    const job = await py.ok('POST', '/v1/exports/', { json: { schema: { type: 'array', items: { properties: { memory: {} } } }, ...py.params({ user_id: 'v1user' }) } });
    assert.equal(typeof job.id, 'string');
    assert.deepEqual(await py.ok('POST', '/v1/exports/get/', { json: py.params({ memory_export_id: job.id, user_id: 'v1user' }) }), [{ memory: 'Oolong is a partly oxidised tea.' }, { memory: 'I drink green tea' }]);
    assert.equal((await py.ok('POST', '/v1/summary/', { json: py.params({ filters: { user_id: 'v1user' } }) })).total_memories, 2);
    // get_project(fields=[...]) / update_project(custom_instructions=..., version=...) (deprecated client methods)
    const projectPath = `/api/v1/orgs/organizations/${py.org}/projects/${py.project}/`;
    assert.equal(typeof (await py.ok('PATCH', projectPath, { json: py.params({ custom_instructions: 'Keep drinks precise.', version: 'v2' }) })).message, 'string');
    assert.deepEqual(await py.ok('GET', projectPath, { params: py.params({ fields: ['custom_instructions'] }) }), { custom_instructions: 'Keep drinks precise.' });
    assert.equal((await py.send('GET', `/api/v1/orgs/organizations/${py.org}/projects/elsewhere/`)).status, 404);
    // get_webhooks(project_id) with a relative path, as 1.x writes it
    assert.ok(Array.isArray(await py.ok('GET', `api/v1/webhooks/projects/${py.project}/`)));
    // delete_all(user_id=..., metadata={...}): the dict goes on the query string as a Python repr
    await py.ok('POST', '/v1/memories/', { json: { messages: [{ role: 'user', content: 'temporary note' }], user_id: 'v1user', metadata: { tag: 'tmp' }, output_format: 'v1.1', org_id: py.org, project_id: py.project } });
    assert.equal((await py.ok('DELETE', '/v1/memories/', { params: py.params({ user_id: 'v1user', metadata: { tag: 'tmp' } }) })).deleted, 1);
    // delete_all(user_id=...) and delete_users(user_id=...)
    assert.equal(typeof (await py.ok('DELETE', '/v1/memories/', { params: py.params({ user_id: 'v1user' }) })).message, 'string');
    await py.ok('POST', '/v1/memories/', { json: { messages: [{ role: 'user', content: 'again' }], user_id: 'v1user', output_format: 'v1.1', org_id: py.org, project_id: py.project } });
    await py.ok('DELETE', '/v2/entities/user/v1user/', { params: py.params() });
    assert.deepEqual(await py.ok('GET', '/v1/memories/', { params: py.params({ user_id: 'v1user' }) }), []);
  });
});

describe('expiration_date (Must-show 3)', () => {
  test('an expired memory is hidden from search and list, and shown with show_expired', async () => {
    const py = new PyClient(open.url, 'dummy-key', '2.x');
    await py.ok('POST', '/v3/memories/add/', { json: { messages: 'The parking code was 4512', user_id: 'exp', expiration_date: '2001-01-01' } });
    await py.ok('POST', '/v3/memories/add/', { json: { messages: 'The parking code is 7788', user_id: 'exp', expiration_date: '2999-12-31' } });
    const list = await py.ok('POST', '/v3/memories/', { json: { filters: { user_id: 'exp' } } });
    assert.deepEqual(list.results.map((m: Any) => m.memory), ['The parking code is 7788']);
    assert.equal(list.results[0].expiration_date, '2999-12-31T23:59:59.999Z');
    const search = await py.ok('POST', '/v3/memories/search/', { json: { query: 'parking code', filters: { user_id: 'exp' } } });
    assert.deepEqual(search.results.map((m: Any) => m.memory), ['The parking code is 7788']);
    const v1 = await py.ok('GET', '/v1/memories/', { params: { user_id: 'exp' } });
    assert.equal(v1.length, 1);
    const all = await py.ok('POST', '/v3/memories/', { json: { filters: { user_id: 'exp' }, show_expired: true } });
    assert.deepEqual(all.results.map((m: Any) => m.memory).sort(), ['The parking code is 7788', 'The parking code was 4512']);
    const allSearch = await py.ok('POST', '/v3/memories/search/', { json: { query: 'parking code', filters: { user_id: 'exp' }, show_expired: true } });
    assert.equal(allSearch.results.length, 2);
    // update(memory_id, expiration_date=...) expires the live one too; null makes it live again
    const live = list.results[0].id as string;
    await py.ok('PUT', `/v1/memories/${live}/`, { json: { expiration_date: '2002-02-02' } });
    assert.equal((await py.ok('POST', '/v3/memories/', { json: { filters: { user_id: 'exp' } } })).count, 0);
    await py.ok('PUT', `/v1/memories/${live}/`, { json: { expiration_date: null, text: 'The parking code is 7789' } });
    assert.deepEqual((await py.ok('POST', '/v3/memories/', { json: { filters: { user_id: 'exp' } } })).results.map((m: Any) => [m.memory, m.expiration_date]), [['The parking code is 7789', null]]);
    const bad = await py.send('POST', '/v3/memories/add/', { json: { messages: 'x', user_id: 'exp', expiration_date: 'next tuesday' } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.detail, /expiration_date/);
  });
});

describe('webhooks (Must-show 4)', () => {
  test('memory events reach a local receiver allowed by configuration', async () => {
    const hook = await receiver();
    try {
      const py = new PyClient(open.url, 'dummy-key', '2.x');
      await py.construct();
      const created = await py.ok('POST', `api/v1/webhooks/projects/${py.project}/`, { json: { url: hook.url, name: 'audit', event_types: ['memory_add', 'memory_delete'] } });
      assert.equal(typeof created.webhook_id, 'number');
      assert.deepEqual(created.event_types, ['memory_add', 'memory_delete']);
      const listed = await py.ok('GET', `api/v1/webhooks/projects/${py.project}/`);
      assert.deepEqual(listed.map((w: Any) => w.name), ['audit']);
      const add = await py.ok('POST', '/v3/memories/add/', { json: { messages: 'I adopted a cat named Miso', user_id: 'hooked' } });
      await hook.next(1);
      assert.equal(hook.got[0]!.event_type, 'memory_add');
      assert.equal(hook.got[0]!.user_id, 'hooked');
      assert.deepEqual(hook.got[0]!.event_details, { id: add.results[0].id, event: 'ADD', data: { memory: 'I adopted a cat named Miso' } });
      const renamed = await py.ok('PUT', `api/v1/webhooks/${created.webhook_id}/`, { json: { name: 'audit-2', event_types: ['memory_update'] } });
      assert.equal(renamed.name, 'audit-2');
      await py.ok('PUT', `/v1/memories/${add.results[0].id}/`, { json: { text: 'I adopted a cat named Miso, she is 2' } });
      await hook.next(2);
      assert.equal(hook.got[1]!.event_type, 'memory_update');
      assert.equal(typeof (await py.ok('DELETE', `api/v1/webhooks/${created.webhook_id}/`)).message, 'string');
      assert.deepEqual(await py.ok('GET', `api/v1/webhooks/projects/${py.project}/`), []);
      const notListed = await py.send('POST', `api/v1/webhooks/projects/${py.project}/`, { json: { url: 'http://localhost:9/x', name: 'x', event_types: ['memory_add'] } });
      assert.equal(notListed.status, 400, 'a host off the allow-list is refused');
      assert.match(notListed.body.detail, /allow-list/);
    } finally {
      hook.server.close();
    }
  });

  test('a target on a private or loopback address is refused unless allowed', async () => {
    const project = await secured.key('ops', undefined, true);
    const py = new PyClient(secured.url, project, '2.x');
    await py.construct();
    for (const url of ['http://127.0.0.1:9/hook', 'http://10.1.2.3/hook', 'http://[::1]:9/hook', 'http://169.254.169.254/latest/meta-data']) {
      const refused = await py.send('POST', `api/v1/webhooks/projects/${py.project}/`, { json: { url, name: 'internal', event_types: ['memory_add'] } });
      assert.equal(refused.status, 400, url);
      assert.match(refused.body.detail, /private or loopback/, url);
    }
    assert.deepEqual(await py.ok('GET', `api/v1/webhooks/projects/${py.project}/`), [], 'nothing refused was stored');
    const alice = new PyClient(secured.url, await secured.key('alice'), '2.x');
    const forbidden = await alice.send('GET', `api/v1/webhooks/projects/default/`);
    assert.equal(forbidden.status, 403, 'a per-user key cannot see project-wide webhooks');
  });
});

describe('project keys (Must-show 2)', () => {
  test('one project key stores and searches for three users without mixing them; a per-user key still gets 403', async () => {
    const token = await secured.key('admin', undefined, true);
    const py = new PyClient(secured.url, token, '2.x');
    await py.construct();
    const facts: Record<string, string> = { customer_123: 'Customer prefers email about the invoice', customer_456: 'Customer prefers phone calls about the invoice', customer_789: 'Customer prefers letters about the invoice' };
    const ids: Record<string, string> = {};
    for (const [user, text] of Object.entries(facts)) {
      ids[user] = (await py.ok('POST', '/v3/memories/add/', { json: { messages: text, user_id: user } })).results[0].id;
    }
    for (const user of Object.keys(facts)) {
      const found = await py.ok('POST', '/v3/memories/search/', { json: { query: 'customer prefers invoice', filters: { user_id: user }, top_k: 10 } });
      assert.deepEqual(found.results.map((m: Any) => [m.user_id, m.memory]), [[user, facts[user]]], `only ${user}'s memory`);
      const listed = await py.ok('POST', '/v3/memories/', { json: { filters: { user_id: user } } });
      assert.deepEqual(listed.results.map((m: Any) => m.id), [ids[user]]);
      assert.equal((await py.ok('GET', `/v1/memories/${ids[user]}/`)).user_id, user, 'by id: the memory of its owner');
    }
    const noUser = await py.send('POST', '/v3/memories/search/', { json: { query: 'invoice' } });
    assert.equal(noUser.status, 400, 'a project key must name the user it acts for');
    assert.match(noUser.body.detail, /user_id/);

    const alice = new PyClient(secured.url, await secured.key('alice'), '2.x');
    await alice.construct();
    const foreign = await alice.send('POST', '/v3/memories/search/', { json: { query: 'invoice', filters: { user_id: 'customer_123' } } });
    assert.equal(foreign.status, 403);
    assert.equal((await alice.send('GET', `/v1/memories/${ids.customer_123}/`)).status, 404, 'another user\'s id stays hidden');
    assert.equal((await alice.send('DELETE', '/v1/memories/', { params: { user_id: '*' } })).status, 403, 'user_id="*" needs a project key');
    const patch = await alice.send('PATCH', '/api/v1/orgs/organizations/mnemo/projects/default/', { json: { custom_instructions: 'x' } });
    assert.equal(patch.status, 403, 'project settings need a project key');

    // delete_all(user_id="*") with the project key: every user's memories
    const all = await py.ok('DELETE', '/v1/memories/', { params: { user_id: '*' } });
    assert.equal(all.deleted, 3);
    for (const user of Object.keys(facts)) assert.equal((await py.ok('POST', '/v3/memories/', { json: { filters: { user_id: user } } })).count, 0);
  });
});
