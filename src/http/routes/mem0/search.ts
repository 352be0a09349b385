/**
 * mem0's search: `POST /v1/memories/search/`, `/v2/memories/search/`, `/v3/memories/search/`.
 * Runs mnemo's hybrid search (BM25 + vectors, degrading to keywords with a notice) in
 * the caller's user scope with mem0's `filters`, `top_k`/`limit` (default 10, max 1000),
 * `threshold` (minimum calibrated score in [0, 1], retrieval/calibration.ts; no default
 * threshold is applied, as mem0 v1/v2; 0.1 is mnemo's measured relevance floor,
 * `DEFAULT_RELEVANCE_FLOOR`), `categories`, `metadata`
 * (top-level equality), `fields` (projection), `show_expired` (memories past their
 * `expiration_date` are left out unless it is true) and `only_metadata_based_search`
 * (the memories the metadata/filters keep, newest first, each with score 1; the query
 * is not used). `rerank`/`keyword_search` are accepted
 * hints without effect. Shapes: v1/v2 → an array of memories with `score` (`{results}`
 * with `output_format: "v1.1"`); v3 → `{results}`.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { MnemoError } from '../../../core/errors.js';
import { MetadataInputSchema as MetadataSchema } from '../../../engine/inputs.js';
import { MAX_LIMIT, parseInput, ThresholdSchema } from '../../../engine/inputs.js';
import type { AppEnv, HttpDeps } from '../../context.js';
import { compileFilters } from './filters.js';
import { listMemories, searchMemories } from './query.js';
import { checkFields, notice, optBool, readBody, readerApp, rejectTopLevelScope, SCOPE_KEYS, scopeOf, slashed, stringList } from './request.js';
import { pickFields, toMem0Memory } from './wire.js';

const OPTION_KEYS = ['query', 'filters', 'top_k', 'limit', 'threshold', 'fields', 'categories', 'metadata', 'only_metadata_based_search', 'show_expired'];

const SearchBodySchema = z.object({
  query: z.string({ error: 'query must be a string' }),
  top_k: z.number().int().min(1).max(MAX_LIMIT).optional(),
  limit: z.number().int().min(1).max(MAX_LIMIT).optional(),
  threshold: ThresholdSchema.nullable().optional(),
  metadata: MetadataSchema.nullable().optional(),
  only_metadata_based_search: z.boolean().nullable().optional(),
});

/** Routes of the three search endpoints. */
export function searchRoutes(deps: HttpDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const search = async (c: Context<AppEnv>, version: 'v1' | 'v2' | 'v3') => {
    const body = await readBody(c);
    if (version === 'v3') rejectTopLevelScope(body);
    checkFields(body, version === 'v3' ? OPTION_KEYS : [...SCOPE_KEYS, ...OPTION_KEYS], 'search');
    const input = parseInput(SearchBodySchema, body, 'search request');
    const metadata = input.metadata ?? undefined;
    const filters = metadata && Object.keys(metadata).length > 0
      ? (body.filters ? { AND: [body.filters, { metadata }] } : { metadata })
      : body.filters;
    const plan = compileFilters(filters);
    const scope = scopeOf(c, body, plan.userId);
    const categories = stringList(body.categories, 'categories');
    const extra = { ...(categories ? { categories } : {}), showExpired: optBool(body, 'show_expired') === true };
    const limit = input.top_k ?? input.limit ?? 10;
    if (input.only_metadata_based_search === true) {
      // mem0's metadata-only search: the memories the filters keep, newest first, the query unused.
      if (!filters) throw new MnemoError('INVALID_INPUT', 'only_metadata_based_search needs metadata or filters');
      const { rows } = await listMemories(deps.memory, scope, plan, extra, readerApp(c), { offset: 0, limit });
      const results = pickFields(rows.map((m) => ({ ...toMem0Memory(m), score: 1 })), stringList(body.fields, 'fields'));
      return c.json(version === 'v3' || body.output_format === 'v1.1' ? { results } : results);
    }
    const { hits, notice: why } = await searchMemories(
      deps.memory, input.query, scope, plan, extra, readerApp(c),
      { limit, threshold: input.threshold ?? undefined },
    );
    notice(c, why);
    const results = pickFields(hits.map(toMem0Memory), stringList(body.fields, 'fields'));
    return c.json(version === 'v3' || body.output_format === 'v1.1' ? { results } : results);
  };
  routes.on('POST', slashed('/v1/memories/search/'), (c) => search(c, 'v1'));
  routes.on('POST', slashed('/v2/memories/search/'), (c) => search(c, 'v2'));
  routes.on('POST', slashed('/v3/memories/search/'), (c) => search(c, 'v3'));
  return routes;
}
