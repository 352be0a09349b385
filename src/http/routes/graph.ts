/**
 * `/api/v1/entities` and `/api/v1/relations`: the knowledge graph over REST, for the
 * dashboard and scripts. Every call is scoped to the caller's user (`resolveUser`);
 * writes go through `memory.graph` (engine/graph/graph.ts) with the caller's app.
 * - `GET /entities` (type, q = name substring, page/size), `POST /entities`
 * - `GET /entities/:id` (every fact and relation it ever had, for a timeline; link count)
 * - `DELETE /entities/:id`, `GET /entities/:id/memories` (linked memories)
 * - `POST /entities/:id/observations`, `POST /entities/:id/observations/:oid/supersede`
 * - `GET /entities/:id/changes?from&to`
 * - `GET /relations?as_of` (the graph at a time: entities and relations), `POST /relations`
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { MnemoError } from '../../core/errors.js';
import { MAX_ID_CHARS } from '../../core/limits.js';
import { type AppEnv, type HttpDeps, resolveApp, resolveUser } from '../context.js';
import { paging, PagingSchema, readJson, readQuery } from '../request.js';
import { entityJson, observationJson, relationJson } from './graph-wire.js';
import { toMemoryResponse } from './openmemory-wire.js';

const User = z.object({ user_id: z.string().optional() });
const ListSchema = PagingSchema.extend({ user_id: z.string().optional(), type: z.string().max(256).optional(), q: z.string().max(256).optional() });
const CreateSchema = User.extend({
  entities: z.array(z.object({
    name: z.string(), type: z.string(), aliases: z.array(z.string()).optional(), summary: z.string().nullable().optional(),
    observations: z.array(z.string()).optional(),
  })).min(1, 'entities must not be empty'),
});
const ObserveSchema = User.extend({
  observations: z.array(z.object({
    content: z.string(), predicate: z.string().optional(), value: z.string().optional(), confidence: z.number().optional(),
    valid_at: z.string().optional(), invalid_at: z.string().optional(),
  })).min(1, 'observations must not be empty'),
});
const SupersedeSchema = User.extend({ superseded_by: z.string().max(MAX_ID_CHARS).optional(), invalid_at: z.string().optional() });
const RelateSchema = User.extend({
  relations: z.array(z.object({
    from: z.string(), to: z.string(), type: z.string(), weight: z.number().optional(), valid_at: z.string().optional(),
    invalid_at: z.string().optional(), exclusive: z.boolean().optional(),
  })).min(1, 'relations must not be empty'),
});

/** The writer scope of a request. */
function scope(c: Parameters<typeof resolveUser>[0], requested?: string): { userId: string; caller?: string } {
  const app = resolveApp(c);
  return app === null ? { userId: resolveUser(c, requested) } : { userId: resolveUser(c, requested), caller: app };
}

/** The entities router (mounted at `/api/v1/entities`). */
export function entitiesRoutes(deps: HttpDeps): Hono<AppEnv> {
  const { memory } = deps;
  const routes = new Hono<AppEnv>();

  routes.get('/', async (c) => {
    const q = readQuery(c, ListSchema);
    const p = paging(q);
    const userId = resolveUser(c, q.user_id);
    const { rows, total } = await memory.graph.listEntities({ userId, type: q.type, contains: q.q, limit: p.limit, offset: p.offset });
    const counts = await Promise.all(rows.map(async (e) => (await memory.graph.links(e.id, { userId, limit: 1 })).total));
    return c.json({ total, page: p.page, page_size: p.size, entities: rows.map((e, i) => entityJson(e, { memories: counts[i] })) });
  });

  routes.post('/', async (c) => {
    const body = await readJson(c, CreateSchema);
    const res = await memory.graph.createEntities(body.entities.map((e) => ({
      name: e.name, type: e.type, aliases: e.aliases ?? [], summary: e.summary ?? null, observations: e.observations ?? [],
    })), scope(c, body.user_id));
    return c.json({ created: res.created.map((e) => entityJson(e)), existing: res.existing.map((e) => entityJson(e)) }, 201);
  });

  routes.get('/:id', async (c) => {
    const userId = resolveUser(c, c.req.query('user_id'));
    const e = await memory.graph.entity(c.req.param('id'), { userId });
    return c.json(entityJson(e, { memories: e.links, observations: e.observations.map(observationJson), relations: e.relations.map(relationJson) }));
  });

  routes.delete('/:id', async (c) => {
    const s = scope(c, c.req.query('user_id'));
    const e = await memory.graph.entity(c.req.param('id'), { userId: s.userId });
    await memory.graph.deleteEntities([e.name], s);
    return c.json({ status: 'success', deleted: e.id });
  });

  routes.get('/:id/memories', async (c) => {
    const q = readQuery(c, PagingSchema.extend({ user_id: z.string().optional() }));
    const p = paging(q);
    const userId = resolveUser(c, q.user_id);
    const links = await memory.graph.links(c.req.param('id'), { userId, limit: p.limit, offset: p.offset });
    const found = await Promise.all(links.rows.map((l) => memory.get(l.memoryId, { userId, log: false }).catch(() => null)));
    const records = new Map(found.flatMap((m) => (m ? [[m.id, m] as const] : [])));
    return c.json({
      total: links.total, page: p.page, page_size: p.size,
      memories: links.rows.flatMap((l) => { const m = records.get(l.memoryId); return m ? [{ ...toMemoryResponse(m), link_reason: l.reason }] : []; }),
    });
  });

  routes.post('/:id/observations', async (c) => {
    const body = await readJson(c, ObserveSchema);
    const s = scope(c, body.user_id);
    const e = await memory.graph.entity(c.req.param('id'), { userId: s.userId });
    const res = await memory.graph.addObservations(body.observations.map((o) => ({
      entityName: e.name, entityType: e.type, content: o.content, ...(o.predicate ? { predicate: o.predicate } : {}), ...(o.value ? { value: o.value } : {}),
      ...(o.confidence !== undefined ? { confidence: o.confidence } : {}), ...(o.valid_at ? { validAt: o.valid_at } : {}), ...(o.invalid_at ? { invalidAt: o.invalid_at } : {}),
    })), s);
    return c.json({ added: res.added.map(observationJson), skipped: res.skipped, closed: res.closed, ...(res.notice ? { notice: res.notice } : {}) }, 201);
  });

  routes.post('/:id/observations/:oid/supersede', async (c) => {
    const body = await readJson(c, SupersedeSchema);
    const s = scope(c, body.user_id);
    const e = await memory.graph.entity(c.req.param('id'), { userId: s.userId });
    if (!e.observations.some((o) => o.id === c.req.param('oid'))) throw new MnemoError('NOT_FOUND', `observation ${c.req.param('oid')} not found`);
    const o = await memory.graph.supersedeObservation(c.req.param('oid'), { ...s, ...(body.superseded_by ? { by: body.superseded_by } : {}), ...(body.invalid_at ? { invalidAt: body.invalid_at } : {}) });
    return c.json(observationJson(o));
  });

  routes.get('/:id/changes', async (c) => {
    const q = readQuery(c, User.extend({ from: z.string(), to: z.string() }));
    const userId = resolveUser(c, q.user_id);
    const e = await memory.graph.entity(c.req.param('id'), { userId });
    const ch = await memory.graph.changes(e.name, { userId, from: q.from, to: q.to });
    const item = (x: (typeof ch.started)[number]) => ('content' in x ? { fact: observationJson(x) } : { relation: relationJson(x) });
    return c.json({ entity: entityJson(ch.entity), started: ch.started.map(item), ended: ch.ended.map(item) });
  });

  return routes;
}

/** The relations router (mounted at `/api/v1/relations`). */
export function relationsRoutes(deps: HttpDeps): Hono<AppEnv> {
  const { memory } = deps;
  const routes = new Hono<AppEnv>();

  routes.get('/', async (c) => {
    const q = readQuery(c, User.extend({ as_of: z.string().optional() }));
    const g = await memory.graph.read({ ...scope(c, q.user_id), ...(q.as_of ? { asOf: q.as_of } : {}) });
    return c.json({ entities: g.entities.map((e) => entityJson(e, { observations: e.observations.map(observationJson) })), relations: g.relations.map(relationJson) });
  });

  routes.post('/', async (c) => {
    const body = await readJson(c, RelateSchema);
    const res = await memory.graph.createRelations(body.relations.map((r) => ({
      from: r.from, to: r.to, type: r.type, ...(r.weight ? { weight: r.weight } : {}), ...(r.valid_at ? { validAt: r.valid_at } : {}),
      ...(r.invalid_at ? { invalidAt: r.invalid_at } : {}), ...(r.exclusive ? { exclusive: true } : {}),
    })), scope(c, body.user_id));
    return c.json({ created: res.created.map(relationJson), skipped: res.skipped, closed: res.closed }, 201);
  });

  return routes;
}
