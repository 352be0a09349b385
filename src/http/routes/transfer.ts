/**
 * Export and import of one user's memories (Settings → export/import).
 *
 * - `GET /api/v1/export` → `{version: 1, user_id, exported_at, memories: [{id, content,
 *   created_at, updated_at, state, app_name, categories, metadata_, agent_id, run_id,
 *   expires_at (only for memories that expire)}]}`
 *   (times in Unix seconds; deleted memories left out), streamed page by page as an
 *   attachment, so a large export never sits in memory whole.
 * - The export also carries the knowledge graph as `graph: {entities, observations,
 *   relations}` (engine/graph/graph-transfer.ts); import restores it when present.
 * - `POST /api/v1/import` with that body (other fields ignored; `version` must be 1 when
 *   given) → `{imported, skipped[, notice]}`. Memories get new ids and are re-embedded;
 *   state, times, app, categories, metadata, agent and run are kept; a text already stored
 *   in the same scope is skipped. The whole body is validated before anything is written
 *   and the write is one transaction: bad input → 400 naming the record, nothing stored.
 *   The body limit of this route is IMPORT_BODY_LIMIT_BYTES (64 MiB), not the server's.
 *   The target user is the key's (or `?user_id=` with auth off), never the file's
 *   `user_id`, so one user's export can be moved to another user.
 *
 * Both need a user-level identity (a key bound to an app gets 403: an export would read
 * past the app's access rules). Neither is logged as reads.
 */
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import { MetadataSchema } from '../../core/memory.js';
import { type AppEnv, assertUserLevel, type HttpDeps, resolveUser } from '../context.js';
import { IMPORT_BODY_LIMIT_BYTES, limitBody } from '../middleware/body-limit.js';
import { readJson } from '../request.js';
import { GraphExportSchema } from '../../engine/graph/graph-transfer.js';
import { parseInput } from '../../engine/inputs.js';
import { toExportedMemory } from './openmemory-wire.js';
import { MAX_ID_CHARS } from '../../core/limits.js';

/** The path of the import route (app.ts exempts it from the server-wide body limit). */
export const IMPORT_PATH = '/api/v1/import';

const time = z.union([z.number(), z.string()]);
const text = z.string().max(MAX_ID_CHARS).nullable().optional();

/** An export file as import reads it (unknown fields, e.g. `id` and `user_id`, ignored). */
const ImportFileSchema = z.object({
  version: z.literal(1, { error: 'version must be 1 (a mnemo export)' }).optional(),
  memories: z.array(z.object({
    content: z.string({ error: 'content must be a string' }),
    created_at: time.optional(),
    updated_at: time.optional(),
    state: z.enum(['active', 'paused', 'archived']).optional(),
    app_name: text,
    categories: z.array(z.string()).optional(),
    metadata_: MetadataSchema.nullable().optional(),
    agent_id: text,
    run_id: text,
    expires_at: time.nullable().optional(),
  }), { error: 'memories must be a list' }),
  /** The knowledge graph (engine/graph/graph-transfer.ts); absent in older exports. */
  graph: z.unknown().optional(),
});

/** The export and import routes (mounted at `/api/v1`). */
export function transferRoutes(deps: HttpDeps): Hono<AppEnv> {
  const { memory } = deps;
  const routes = new Hono<AppEnv>();

  routes.get('/export', async (c) => {
    assertUserLevel(c);
    const userId = resolveUser(c, c.req.query('user_id'));
    const memories = memory.exportAll({ userId });
    // Read the first page before the status line is sent, so a storage failure is a JSON error.
    let next = await memories.next();
    c.header('Content-Type', 'application/json; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="mnemo-export-${userId.replace(/[^\w.-]/g, '_')}.json"`);
    return stream(c, async (out) => {
      await out.write(`{"version":1,"user_id":${JSON.stringify(userId)},"exported_at":${Math.floor(Date.now() / 1000)},"memories":[`);
      for (let first = true; !next.done; first = false, next = await memories.next()) {
        await out.write(`${first ? '' : ','}${JSON.stringify(toExportedMemory(next.value))}`);
      }
      await out.write(`],"graph":${JSON.stringify(await memory.graph.exportAll({ userId }))}}`);
    });
  });

  routes.post('/import', limitBody(IMPORT_BODY_LIMIT_BYTES), async (c) => {
    assertUserLevel(c);
    const userId = resolveUser(c, c.req.query('user_id'));
    const body = await readJson(c, ImportFileSchema, 'import file');
    // Validate the graph before the memories are written, so a bad graph stores nothing.
    const graphData = body.graph === undefined || body.graph === null ? null : parseInput(GraphExportSchema, body.graph, 'graph');
    const result = await memory.importAll(body.memories.map((m) => ({
      content: m.content, createdAt: m.created_at, updatedAt: m.updated_at, state: m.state, app: m.app_name,
      categories: m.categories, metadata: m.metadata_ ?? undefined, agentId: m.agent_id, runId: m.run_id,
      ...(m.expires_at === undefined ? {} : { expiresAt: m.expires_at }),
    })), { userId });
    // An empty graph (every export has one) changes nothing and adds nothing to the reply.
    if (graphData === null || (graphData.entities.length === 0 && graphData.observations.length === 0 && graphData.relations.length === 0)) return c.json(result);
    const graph = await memory.graph.importAll(graphData, { userId });
    return c.json({ ...result, graph });
  });

  return routes;
}
