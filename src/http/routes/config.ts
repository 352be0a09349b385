/**
 * `GET /api/v1/config`: what the server runs on, for the dashboard's Settings — version,
 * auth mode, the request's user, storage (kind, vector search, schema version), embedder
 * (provider, model, dimensions, whether vectors work), categorizer (LLM or rules) and
 * which optional endpoints exist (`features`). Never a secret, a file path, a URL or a
 * key: the embedder and categorizer are reported by their ids (`provider:model`), which
 * hold neither (local model folders are reduced to their base name).
 * User-level: a key bound to an app gets 403.
 */
import { Hono } from 'hono';
import { type AppEnv, assertUserLevel, type HttpDeps } from '../context.js';

/** Optional endpoints this server offers (all of them, in this build). */
const FEATURES = Object.freeze({ activity: true, keys: true, export: true, import: true });

/** `local:use-lite-512` → provider `local`, model `use-lite-512`; `openai:m:256` → model `m`. */
function splitId(id: string): { provider: string; model: string | null } {
  const [provider, model] = id.split(':');
  return { provider: provider!, model: model || null };
}

/** The config router (mounted at `/api/v1/config`). */
export function configRoutes(deps: HttpDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/', async (c) => {
    assertUserLevel(c);
    const info = await deps.memory.info();
    const llm = info.categorizer?.startsWith('llm:') ?? false;
    return c.json({
      version: deps.version ?? null,
      auth: deps.auth.required ? 'required' : 'off',
      user_id: c.get('identity').userId,
      storage: { kind: info.storage.kind, vector_search: info.storage.vectorSearch, schema_version: info.storage.schemaVersion },
      embedder: info.embedder
        ? { ...splitId(info.embedder.id), dimensions: info.embedder.dimensions || null, ok: info.embedder.ok }
        : { provider: null, model: null, dimensions: null, ok: false },
      categorizer: { llm, model: llm ? info.categorizer!.slice('llm:'.length) : null },
      features: FEATURES,
    });
  });
  return routes;
}
