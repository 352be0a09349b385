/**
 * mem0's entities (users, agents, runs): `GET /v1/entities/` lists the caller's user and
 * the agents and runs its memories name, with memory counts, as `{count, next, previous,
 * results: [{id, name, type, total_memories, created_at, updated_at, owner,
 * organization, metadata}]}`; `DELETE /v1/entities/{type}/{id}/` and
 * `/v2/entities/{type}/{id}/` delete every memory of that user, agent or run (within the
 * caller's user). A per-user key only ever sees and deletes its own user (another user →
 * 403); a project-level caller (project key, or auth off) naming no `user_id` sees and
 * deletes across every user, as mem0's project keys do.
 * `app` entities are not deletable here (400): an app is a writer, not a memory scope;
 * pause it through the REST API instead.
 *
 * Counts come from `memory.entities` (GROUP BY in the store, within the caller app's
 * access rules): no memory is read, so nothing lands in the access log.
 */
import { Hono } from 'hono';
import { MnemoError } from '../../../core/errors.js';
import type { EntitySummary } from '../../../core/memory.js';
import { actsForAnyUser, type AppEnv, type HttpDeps } from '../../context.js';
import { PAGE_SIZE, pageOf, readerApp, pathParam, scopeOf, slashed } from './request.js';
import { paginated } from './wire.js';

/** One entity in mem0's shape. */
interface Mem0Entity {
  id: string;
  name: string;
  type: 'user' | 'agent' | 'run';
  total_memories: number;
  created_at: string;
  updated_at: string;
  owner: string;
  organization: null;
  metadata: Record<string, unknown>;
}

/** Routes of the entity endpoints. */
export function entitiesRoutes(deps: HttpDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const { memory } = deps;

  routes.on('GET', slashed('/v1/entities/'), async (c) => {
    const caller = readerApp(c);
    const named = c.req.query('user_id');
    // A project-level caller naming no user sees the entities of every user (mem0's project view).
    // A user_id naming someone other than the key's user is 403 (resolveUser), never ignored.
    const users = named === undefined && actsForAnyUser(c) ? await memory.project.users() : [scopeOf(c, { user_id: named }).userId];
    const entities: Mem0Entity[] = [];
    for (const userId of users) {
      entities.push(...(await memory.entities({ userId, ...(caller === undefined ? {} : { caller }) })).map((e) => toMem0Entity(userId, e)));
    }
    const page = pageOf(c) ?? { page: 1, pageSize: Math.max(PAGE_SIZE.default, entities.length) };
    const start = (page.page - 1) * page.pageSize;
    return c.json(paginated(c.req.url, page, entities.length, entities.slice(start, start + page.pageSize)));
  });

  routes.on('DELETE', [...slashed('/v1/entities/:type/:id/'), ...slashed('/v2/entities/:type/:id/')], async (c) => {
    const type = pathParam(c, 'type');
    const id = pathParam(c, 'id');
    const caller = readerApp(c);
    const base = caller === undefined ? {} : { caller };
    if (type === 'user') {
      await memory.deleteAll({ userId: scopeOf(c, { user_id: id }).userId, ...base });
    } else if (type === 'agent' || type === 'run') {
      const users = c.req.query('user_id') === undefined && actsForAnyUser(c) ? await memory.project.users() : [scopeOf(c, {}).userId];
      for (const userId of users) await memory.deleteAll({ userId, ...(type === 'agent' ? { agentId: id } : { runId: id }), ...base });
    } else if (type === 'app') {
      throw new MnemoError('INVALID_INPUT', 'deleting app entities is not supported by mnemo; pause the app or delete its memories by id');
    } else {
      throw new MnemoError('INVALID_INPUT', `unknown entity type ${JSON.stringify(type)}; expected user, agent or run`);
    }
    return c.json({ message: 'Entity deleted successfully!' });
  });
  return routes;
}

/** An engine entity in mem0's shape. */
function toMem0Entity(owner: string, e: EntitySummary): Mem0Entity {
  return {
    id: e.id, name: e.id, type: e.type, total_memories: e.memories, created_at: e.createdAt, updated_at: e.updatedAt,
    owner, organization: null, metadata: {},
  };
}
