/**
 * mem0's entities (users, agents, runs): `GET /v1/entities/` lists the caller's user and
 * the agents and runs its memories name, with memory counts, as `{count, next, previous,
 * results: [{id, name, type, total_memories, created_at, updated_at, owner,
 * organization, metadata}]}`; `DELETE /v1/entities/{type}/{id}/` and
 * `/v2/entities/{type}/{id}/` delete every memory of that user, agent or run (within the
 * caller's user). A key only ever sees and deletes its own user (another user → 403).
 * `app` entities are not deletable here (400): an app is a writer, not a memory scope;
 * pause it through the REST API instead.
 *
 * Counting reads the active memories through `getAll`, which logs them as `list` reads
 * by the caller (see NEEDS-from-mem0-helper.md for the engine call that would avoid it).
 */
import { Hono } from 'hono';
import { MnemoError } from '../../../core/errors.js';
import type { MemoryRecord } from '../../../core/memory.js';
import type { AppEnv, HttpDeps } from '../../context.js';
import { compileFilters } from './filters.js';
import { listMemories } from './query.js';
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
    const userId = scopeOf(c, {}).userId;
    const { rows } = await listMemories(memory, { userId }, compileFilters(undefined), {}, readerApp(c), { offset: 0, limit: Number.MAX_SAFE_INTEGER });
    const entities = entitiesOf(userId, rows);
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
      const userId = scopeOf(c, {}).userId;
      await memory.deleteAll({ userId, ...(type === 'agent' ? { agentId: id } : { runId: id }), ...base });
    } else if (type === 'app') {
      throw new MnemoError('INVALID_INPUT', 'deleting app entities is not supported by mnemo; pause the app or delete its memories by id');
    } else {
      throw new MnemoError('INVALID_INPUT', `unknown entity type ${JSON.stringify(type)}; expected user, agent or run`);
    }
    return c.json({ message: 'Entity deleted successfully!' });
  });
  return routes;
}

/** The user, then its agents and runs (by name), with counts and first/last memory times. */
function entitiesOf(userId: string, rows: MemoryRecord[]): Mem0Entity[] {
  const groups = new Map<string, Mem0Entity>();
  const bump = (type: Mem0Entity['type'], name: string, m: MemoryRecord) => {
    const key = `${type}\0${name}`;
    const e = groups.get(key) ?? {
      id: name, name, type, total_memories: 0, created_at: m.createdAt, updated_at: m.updatedAt, owner: userId, organization: null, metadata: {},
    };
    e.total_memories += 1;
    if (m.createdAt < e.created_at) e.created_at = m.createdAt;
    if (m.updatedAt > e.updated_at) e.updated_at = m.updatedAt;
    groups.set(key, e);
  };
  for (const m of rows) {
    bump('user', userId, m);
    if (m.agentId !== null) bump('agent', m.agentId, m);
    if (m.runId !== null) bump('run', m.runId, m);
  }
  const order = { user: 0, agent: 1, run: 2 };
  return [...groups.values()].sort((a, b) => order[a.type] - order[b.type] || a.name.localeCompare(b.name));
}
