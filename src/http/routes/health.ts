/**
 * `GET /healthz`: liveness and the state of storage, embedder and vector index, from
 * `memory.stats()`. Public (no key), so it reports states and the schema version, never
 * a path, a key, a user or a memory count. 200 when storage answers (`status: "degraded"`
 * when vectors are off), 503 when it does not.
 */
import { Hono } from 'hono';
import type { AppEnv, HttpDeps } from '../context.js';

/** The health router (mounted at `/`). */
export function healthRoutes(deps: HttpDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/healthz', async (c) => {
    const base = { version: deps.version ?? null, auth: deps.auth.required ? 'required' : 'off' };
    let stats;
    try {
      stats = await deps.memory.stats();
    } catch {
      return c.json({ ...base, status: 'unavailable', storage: { ok: false } }, 503);
    }
    const vectorsOk = stats.vectorNotice === null;
    return c.json({
      ...base,
      status: vectorsOk ? 'ok' : 'degraded',
      storage: { ok: true, schemaVersion: stats.schemaVersion },
      embedder: { id: stats.embedder, ok: stats.embedder !== null && vectorsOk },
      vectorIndex: {
        ok: vectorsOk,
        space: stats.vectorSpace,
        missingVectors: stats.missingVectors,
        notice: stats.vectorNotice,
      },
    });
  });
  return routes;
}
