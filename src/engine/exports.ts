/**
 * mem0's memory exports and summaries, without an LLM.
 *
 * Export (mem0's two-step job: `POST /v1/exports/` then `POST /v1/exports/get/`): the
 * caller gives a JSON schema; mnemo reads the matching memories at once (the job is done
 * when `create` returns) and shapes them by the schema:
 * - a schema of `type: "array"` (or with `items`) → one entry per memory;
 * - an object schema → each property filled: an array property gets one entry per
 *   memory; `count`/`total`-like integer properties the number of memories; others `null`;
 * - an entry with `properties` takes each named field from the memory (mem0 names:
 *   `id`, `memory`, `user_id`, `agent_id`, `run_id`, `app_id`, `categories`, `metadata`,
 *   `created_at`, `updated_at`, `expiration_date`), else from its metadata, else `null`;
 *   without `properties` the whole memory is given.
 * Summary (`POST /v1/summary/`): counts, categories with counts and the most recent
 * memories of the user (the knowledge-graph issue will add reflection).
 *
 * Failure contract: `create` throws `MnemoError('INVALID_INPUT')` for a schema that is not
 * a JSON object (or a string holding one); `get` throws `NOT_FOUND` when no export matches.
 */
import { MnemoError } from '../core/errors.js';
import type { MemoryRecord } from '../core/memory.js';
import type { MemoryExport } from '../core/platform.js';
import type { GovernanceContext } from './governance-context.js';
import { parseInput, UserIdSchema } from './inputs.js';
import type { ListOptions } from './memory.js';
import type { ListResult } from './search-types.js';

/** Most memories in one export or summary scan (10 pages of the engine's largest page). */
const MAX_EXPORTED = 10_000;
/** Page size of the scan (the engine's largest page). */
const PAGE = 1_000;
/** Recent memories in a summary. */
const RECENT = 5;

/** What `Memory` hands to {@link Exports}: the store, the clock and its own `getAll`. */
export interface ExportsContext extends GovernanceContext {
  list(options: ListOptions): Promise<ListResult>;
}

/** Which memories an export or summary covers (a `getAll` filter without paging). */
export type ExportScope = Omit<ListOptions, 'limit' | 'offset'>;

/** An LLM-free summary of one user's memories. */
export interface MemorySummary {
  userId: string;
  totalMemories: number;
  categories: Array<{ name: string; count: number }>;
  agents: string[];
  runs: string[];
  recent: MemoryRecord[];
  firstAt: string | null;
  lastAt: string | null;
}

/** Exports and summaries (reach them as `memory.exports`). */
export class Exports {
  constructor(private readonly ctx: ExportsContext) {}

  /** Every memory of the scope (newest first), at most {@link MAX_EXPORTED}. */
  private async all(scope: ExportScope): Promise<MemoryRecord[]> {
    const out: MemoryRecord[] = [];
    for (let offset = 0; offset < MAX_EXPORTED; offset += PAGE) {
      const { results, total } = await this.ctx.list({ ...scope, log: false, limit: PAGE, offset });
      out.push(...results);
      if (results.length === 0 || offset + PAGE >= total) break;
    }
    return out;
  }

  /**
   * Runs an export job for `scope.userId` and stores its result.
   * @example await memory.exports.create({ userId: 'alice' }, { type: 'object', properties: { memories: { type: 'array', items: { properties: { memory: {} } } } } })
   */
  async create(scope: ExportScope, schema: unknown, filters: Record<string, unknown> = {}): Promise<MemoryExport> {
    const userId = parseInput(UserIdSchema, scope.userId, 'userId');
    const parsed = parseSchema(schema);
    const memories = await this.all(scope);
    const store = await this.ctx.store();
    return store.platform.createExport({
      id: crypto.randomUUID(), userId, schema: parsed, filters, status: 'COMPLETED', result: shape(parsed, memories), at: this.ctx.clock.now(),
    });
  }

  /** One export of `userId` by id, or its newest. @throws MnemoError NOT_FOUND */
  async get(userId: string, id?: string): Promise<MemoryExport> {
    const user = parseInput(UserIdSchema, userId, 'userId');
    const found = await (await this.ctx.store()).platform.getExport(user, id);
    if (!found) throw new MnemoError('NOT_FOUND', id === undefined ? 'no memory export exists for this user; create one first' : `memory export ${id} not found`);
    return found;
  }

  /** Counts, categories, entities and recent memories of the scope. */
  async summary(scope: ExportScope): Promise<MemorySummary> {
    const userId = parseInput(UserIdSchema, scope.userId, 'userId');
    const memories = await this.all(scope);
    const counts = new Map<string, number>();
    for (const m of memories) for (const c of m.categories) counts.set(c, (counts.get(c) ?? 0) + 1);
    const times = memories.map((m) => m.createdAt).sort();
    return {
      userId,
      totalMemories: memories.length,
      categories: [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
      agents: [...new Set(memories.flatMap((m) => (m.agentId ? [m.agentId] : [])))].sort(),
      runs: [...new Set(memories.flatMap((m) => (m.runId ? [m.runId] : [])))].sort(),
      recent: memories.slice(0, RECENT),
      firstAt: times[0] ?? null,
      lastAt: times[times.length - 1] ?? null,
    };
  }
}

type Schema = Record<string, unknown>;

function isObject(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The schema as an object. @throws MnemoError INVALID_INPUT */
function parseSchema(schema: unknown): Schema {
  let value = schema;
  if (typeof schema === 'string') {
    try { value = JSON.parse(schema); } catch { throw new MnemoError('INVALID_INPUT', 'schema must be a JSON schema (an object, or a string holding one)'); }
  }
  if (!isObject(value)) throw new MnemoError('INVALID_INPUT', 'schema must be a JSON schema (an object, or a string holding one)');
  return value;
}

/** A memory's fields under mem0's names. */
function fieldsOf(m: MemoryRecord): Record<string, unknown> {
  return {
    id: m.id, memory: m.memory, user_id: m.userId, agent_id: m.agentId, run_id: m.runId, app_id: m.app, hash: m.hash,
    categories: m.categories, metadata: m.metadata, created_at: m.createdAt, updated_at: m.updatedAt, expiration_date: m.expiresAt ?? null,
  };
}

function entry(itemSchema: unknown, m: MemoryRecord): unknown {
  const fields = fieldsOf(m);
  if (!isObject(itemSchema) || !isObject(itemSchema.properties)) return fields;
  return Object.fromEntries(Object.keys(itemSchema.properties).map((k) => [k, k in fields ? fields[k] : (m.metadata[k] ?? null)]));
}

const isArraySchema = (s: unknown): boolean => isObject(s) && (s.type === 'array' || 'items' in s);
const COUNT_NAME = /^(count|total|total_memories|memory_count|num_memories)$/i;

/** The export document for `schema` (see the module header). */
function shape(schema: Schema, memories: MemoryRecord[]): unknown {
  if (isArraySchema(schema)) return memories.map((m) => entry(schema.items, m));
  if (!isObject(schema.properties)) return { memories: memories.map((m) => fieldsOf(m)) };
  return Object.fromEntries(Object.entries(schema.properties).map(([name, prop]) => {
    if (isArraySchema(prop)) return [name, memories.map((m) => entry((prop as Schema).items, m))];
    if (isObject(prop) && (prop.type === 'integer' || prop.type === 'number') && COUNT_NAME.test(name)) return [name, memories.length];
    return [name, null];
  }));
}
