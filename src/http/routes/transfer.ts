/**
 * Export and import of one user's memories (Settings → export/import).
 *
 * - `GET /api/v1/export` → `{version: 1, user_id, exported_at, memories: [{id, content,
 *   created_at, updated_at, state, app_name, categories, metadata_, agent_id, run_id,
 *   expires_at (only for memories that expire)}], graph: {entities, observations,
 *   relations}}` (times in Unix seconds; deleted memories left out; the knowledge graph
 *   from engine/graph/graph-transfer.ts), streamed page by page as an attachment, so a
 *   large export never sits in memory whole.
 *   `?version=2` → mnemo's export envelope v2 (src/transfer/mnemo-envelope.ts: times in
 *   epoch ms, edit and state history included, an exact round trip); add `&jsonl=true`
 *   for JSON Lines (a header line, then one memory per line).
 * - `POST /api/v1/import` with a file as the body (any format of src/transfer/formats:
 *   mnemo v1/v2 JSON or JSONL, mem0 OpenMemory's zip or its memories.json /
 *   memories.jsonl.gz, mem0 get_all JSON, local-memory-mcp's envelope, the MCP memory
 *   server's JSONL, OMEGA's export; detected, or `?format=<id>`), `?dry_run=true` to
 *   change nothing → `{format, dryRun, imported, skipped, failed, reasons: {skipped,
 *   failed}, parsedGraph: {entities, relations}, graph?: {entities, observations,
 *   relations, skipped}[, notice]}` (`graph`: what went into the knowledge graph). State, times, app, categories and
 *   metadata are kept; a text already stored in the same scope is skipped (so importing
 *   twice imports nothing). A broken JSON document → 400 naming the field, nothing stored;
 *   bad lines of a JSON Lines file are counted as failed. The body limit of this route
 *   is IMPORT_BODY_LIMIT_BYTES (64 MiB), not the server's. The target user is the key's
 *   (or `?user_id=` with auth off), never the file's, so one user's export can be moved
 *   to another user.
 *
 * Both need a user-level identity (a key bound to an app gets 403: an export would read
 * past the app's access rules). Neither is logged as reads.
 */
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { type AppEnv, assertUserLevel, type HttpDeps, resolveUser } from '../context.js';
import { IMPORT_BODY_LIMIT_BYTES, limitBody } from '../middleware/body-limit.js';
import { importFile } from '../../transfer/import-file.js';
import { writeEnvelope } from '../../transfer/mnemo-envelope.js';
import { toExportedMemory } from './openmemory-wire.js';

/** The path of the import route (app.ts exempts it from the server-wide body limit). */
export const IMPORT_PATH = '/api/v1/import';

/** The export and import routes (mounted at `/api/v1`). */
export function transferRoutes(deps: HttpDeps): Hono<AppEnv> {
  const { memory } = deps;
  const routes = new Hono<AppEnv>();

  routes.get('/export', async (c) => {
    assertUserLevel(c);
    const userId = resolveUser(c, c.req.query('user_id'));
    const fileName = `mnemo-export-${userId.replace(/[^\w.-]/g, '_')}`;
    if (c.req.query('version') === '2') {
      const jsonl = c.req.query('jsonl') === 'true';
      const chunks = writeEnvelope(memory.exportWithHistory({ userId }), userId, Date.now(), { jsonl, graph: () => memory.graph.exportAll({ userId }) });
      // Read the first chunks before the status line is sent, so a storage failure is a JSON error.
      const head = [await chunks.next(), await chunks.next()];
      c.header('Content-Type', jsonl ? 'application/x-ndjson; charset=utf-8' : 'application/json; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="${fileName}.${jsonl ? 'jsonl' : 'json'}"`);
      return stream(c, async (out) => {
        for (const r of head) if (!r.done) await out.write(r.value);
        for await (const chunk of chunks) await out.write(chunk);
      });
    }
    const memories = memory.exportAll({ userId });
    // Read the first page before the status line is sent, so a storage failure is a JSON error.
    let next = await memories.next();
    c.header('Content-Type', 'application/json; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${fileName}.json"`);
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
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const report = await importFile(memory, { bytes, name: c.req.query('filename') }, {
      userId, format: c.req.query('format') ?? 'auto', dryRun: c.req.query('dry_run') === 'true',
    });
    return c.json(report);
  });

  return routes;
}
