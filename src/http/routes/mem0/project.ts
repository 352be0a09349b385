/**
 * mem0's project endpoints and ids. mnemo has one organisation and one project per
 * database, named {@link ORG_ID} and {@link PROJECT_ID}; `GET /v1/ping/` reports them, so
 * mem0's Python client (which refuses to construct without both) works, and both
 * clients send them back on later calls (ignored there).
 *
 * - `GET /api/v1/orgs/organizations/{org}/projects/{project}/` → `{id, name, org_id,
 *   custom_categories, custom_instructions, enable_graph: false, retrieval_criteria: []}`,
 *   only the `fields` asked for (repeated or comma-separated query parameter) when given.
 * - `PATCH` (and `PUT`) the same path `{custom_categories?, custom_instructions?}` →
 *   `{message, ...project}`. The categorizer uses both for new memories (engine/project.ts).
 *   `enable_graph: true` and a non-empty `retrieval_criteria` are refused (400): mnemo has
 *   neither. Extraction settings (`inclusion_prompt`, `exclusion_prompt`, `memory_depth`,
 *   `usecase_setting`, `multilingual`) are accepted and named in `X-Mnemo-Notice` as
 *   ignored: mnemo does no LLM extraction. Project settings apply to every user, so only a project-level caller (a
 *   project key, or auth off) may change them; a per-user key gets 403.
 * Another org or project id → 404.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { MnemoError } from '../../../core/errors.js';
import type { ProjectSettings } from '../../../core/platform.js';
import { actsForAnyUser, type AppEnv, assertUserLevel, type HttpDeps } from '../../context.js';
import { checkFields, notice, pathParam, readBody, slashed } from './request.js';

/** The organisation id mnemo reports (mem0 clients need a non-empty one). */
export const ORG_ID = 'mnemo';
/** The project id mnemo reports: the one project of this database. */
export const PROJECT_ID = 'default';

/**
 * Refuses an org/project path that is not this database's.
 * @throws MnemoError NOT_FOUND
 */
export function assertThisProject(c: Context<AppEnv>, org?: string): void {
  const project = pathParam(c, 'project');
  if ((org !== undefined && org !== ORG_ID) || project !== PROJECT_ID) {
    throw new MnemoError('NOT_FOUND', `no project ${org === undefined ? '' : `${org}/`}${project}; this server has ${ORG_ID}/${PROJECT_ID}`);
  }
}

/**
 * Refuses callers that act for one user only: project-wide changes need a project key (or auth off).
 * @throws MnemoError FORBIDDEN
 */
export function assertProjectLevel(c: Context<AppEnv>): void {
  assertUserLevel(c);
  if (!actsForAnyUser(c)) throw new MnemoError('FORBIDDEN', `${c.req.method} ${c.req.path} changes the whole project; it needs a project key (mnemo keys create --project)`);
}

function projectBody(s: ProjectSettings): Record<string, unknown> {
  return {
    id: PROJECT_ID, name: PROJECT_ID, org_id: ORG_ID, custom_categories: s.customCategories ?? [], custom_instructions: s.customInstructions,
    enable_graph: false, retrieval_criteria: [],
  };
}

/** mem0 sends `custom_categories` as `[{name: description}]`; plain names are accepted too. */
function categoriesOf(value: unknown): Array<Record<string, string>> | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (!Array.isArray(value)) throw new MnemoError('INVALID_INPUT', 'custom_categories must be a list of {name: description} objects');
  return value.map((v) => (typeof v === 'string' ? { [v]: v } : v as Record<string, string>));
}

/** Routes of the project endpoints. */
export function projectRoutes(deps: HttpDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const { memory } = deps;
  const path = slashed('/api/v1/orgs/organizations/:org/projects/:project/');

  routes.on('GET', path, async (c) => {
    assertThisProject(c, pathParam(c, 'org'));
    const body = projectBody(await memory.project.settings());
    const fields = (c.req.queries('fields') ?? []).flatMap((f) => f.split(',')).map((f) => f.trim()).filter(Boolean);
    return c.json(fields.length === 0 ? body : Object.fromEntries(fields.filter((f) => f in body).map((f) => [f, body[f]])));
  });

  routes.on(['PATCH', 'PUT'], path, async (c) => {
    assertThisProject(c, pathParam(c, 'org'));
    assertProjectLevel(c);
    const body = await readBody(c);
    const extraction = ['inclusion_prompt', 'exclusion_prompt', 'memory_depth', 'usecase_setting', 'multilingual'];
    checkFields(body, ['custom_categories', 'custom_instructions', 'retrieval_criteria', 'enable_graph', ...extraction], 'project update');
    const ignored = extraction.filter((k) => body[k] !== undefined && body[k] !== null);
    notice(c, ignored.length > 0 ? `${ignored.join(', ')} ignored: mnemo stores text verbatim (no LLM extraction)` : undefined);
    if (body.enable_graph === true) throw new MnemoError('INVALID_INPUT', 'enable_graph is not supported by mnemo (project update)');
    if (Array.isArray(body.retrieval_criteria) && body.retrieval_criteria.length > 0) throw new MnemoError('INVALID_INPUT', 'retrieval_criteria is not supported by mnemo (project update)');
    const customCategories = categoriesOf(body.custom_categories);
    const instructions = body.custom_instructions;
    if (instructions !== undefined && instructions !== null && typeof instructions !== 'string') throw new MnemoError('INVALID_INPUT', 'custom_instructions must be a string');
    const settings = await memory.project.update({
      ...(customCategories === undefined ? {} : { customCategories }),
      ...(instructions === undefined ? {} : { customInstructions: instructions as string | null }),
    });
    return c.json({ message: 'Updated project settings', ...projectBody(settings) });
  });
  return routes;
}
