/**
 * mnemo's own export format.
 *
 * **Version 2** (written by `mnemo export`, `GET /api/v1/export?version=2`):
 * ```
 * {"format": "mnemo-export", "version": 2, "user_id": "alice", "exported_at": 1732700000000,
 *  "memories": [{"id", "content", "created_at", "updated_at", "state", "app", "categories",
 *                "metadata", "agent_id", "run_id",
 *                "history": [{"id", "event", "old_memory", "new_memory", "app", "created_at"}],
 *                "status_history": [{"old_state", "new_state", "changed_by", "created_at"}],
 *                "expires_at" (only for memories that expire)}],
 *  "graph": {"entities", "observations", "relations"}}
 * ```
 * `graph` is the knowledge graph as engine/graph/graph-transfer.ts exports it.
 * All times are Unix epoch **milliseconds**. States are `active | paused | archived`
 * (deleted memories are not exported). History rows are oldest first.
 *
 * **JSON Lines** (`--jsonl`, for large stores): the first line is the header
 * `{"format": "mnemo-export", "version": 2, "user_id", "exported_at"}`, then one memory
 * object (the shape above) per line, and last a `{"graph": {...}}` line; a reader never
 * holds the whole file.
 *
 * **Round trip**: importing a v2 file into a database that does not hold its ids keeps ids,
 * texts, times, states, apps, categories, metadata, agent/run ids and both histories, so a
 * second export equals the first except `exported_at`. Ids already taken (ids are global)
 * get new ones; a text already stored in the same scope is skipped.
 *
 * **Version 1** (`GET /api/v1/export`): `{version: 1, user_id, exported_at, memories: [{id,
 * content, created_at, updated_at, state, app_name, categories, metadata_, agent_id, run_id,
 * expires_at?}], graph?}` with times in Unix seconds; imported too.
 */
import { z } from 'zod';
import { MAX_ID_CHARS } from '../core/limits.js';
import { MetadataSchema } from '../core/memory.js';
import type { ExportedMemory, ImportMemory } from '../engine/transfer.js';
import { isObject, jsonLines, parseShape } from './formats/common.js';
import type { ImportFormat, ParsedImport } from './import-types.js';
import { emptyImport } from './import-types.js';

/** The `format` tag of a v2 envelope. */
export const MNEMO_EXPORT_FORMAT = 'mnemo-export';
/** The current envelope version. */
export const MNEMO_EXPORT_VERSION = 2;

/** One memory of a v2 envelope (wire shape, times epoch ms). */
export interface EnvelopeMemory {
  id: string;
  content: string;
  created_at: number;
  updated_at: number;
  state: string;
  app: string | null;
  categories: string[];
  metadata: Record<string, unknown>;
  agent_id: string | null;
  run_id: string | null;
  history: Array<{ id: string; event: string; old_memory: string | null; new_memory: string | null; app: string | null; created_at: number }>;
  status_history: Array<{ old_state: string | null; new_state: string; changed_by: string | null; created_at: number }>;
  expires_at?: number;
}

/** The header of a v2 envelope (the whole JSON document minus `memories`, or the first JSONL line). */
export function envelopeHeader(userId: string, exportedAt: number): Record<string, unknown> {
  return { format: MNEMO_EXPORT_FORMAT, version: MNEMO_EXPORT_VERSION, user_id: userId, exported_at: exportedAt };
}

/** A memory with its history in the v2 wire shape. */
export function toEnvelopeMemory(m: ExportedMemory): EnvelopeMemory {
  const r = m.record;
  return {
    id: r.id, content: r.memory, created_at: Date.parse(r.createdAt), updated_at: Date.parse(r.updatedAt ?? r.createdAt), state: r.state,
    app: r.app, categories: r.categories, metadata: r.metadata, agent_id: r.agentId, run_id: r.runId,
    history: m.history.map((h) => ({ id: h.id, event: h.event, old_memory: h.oldMemory, new_memory: h.newMemory, app: h.app, created_at: Date.parse(h.createdAt) })),
    status_history: m.statusHistory.map((c) => ({ old_state: c.oldState, new_state: c.newState, changed_by: c.changedBy, created_at: Date.parse(c.createdAt) })),
    ...(r.expiresAt ? { expires_at: Date.parse(r.expiresAt) } : {}),
  };
}

/**
 * The export as text chunks: one JSON document, or JSON Lines with `jsonl`.
 * @example for await (const chunk of writeEnvelope(memory.exportWithHistory({ userId }), userId, Date.now())) out.write(chunk)
 */
export async function* writeEnvelope(
  memories: AsyncIterable<ExportedMemory>, userId: string, exportedAt: number, options: { jsonl?: boolean; graph?: () => Promise<unknown> } = {},
): AsyncGenerator<string> {
  const header = envelopeHeader(userId, exportedAt);
  if (options.jsonl) {
    yield `${JSON.stringify(header)}\n`;
    for await (const m of memories) yield `${JSON.stringify(toEnvelopeMemory(m))}\n`;
    if (options.graph) yield `${JSON.stringify({ graph: await options.graph() })}\n`;
    return;
  }
  yield `${JSON.stringify(header).slice(0, -1)},"memories":[`;
  let first = true;
  for await (const m of memories) {
    yield `${first ? '' : ','}\n${JSON.stringify(toEnvelopeMemory(m))}`;
    first = false;
  }
  yield options.graph ? `\n],"graph":${JSON.stringify(await options.graph())}}\n` : '\n]}\n';
}

const time = z.union([z.number(), z.string()]);
const text = z.string().max(MAX_ID_CHARS).nullable().optional();
const State = z.enum(['active', 'paused', 'archived', 'deleted']);

const V2Memory = z.object({
  id: z.string().optional(),
  content: z.string({ error: 'content must be a string' }),
  created_at: time.optional(),
  updated_at: time.optional(),
  state: z.enum(['active', 'paused', 'archived']).optional(),
  app: text,
  categories: z.array(z.string()).optional(),
  metadata: MetadataSchema.nullable().optional(),
  agent_id: text,
  run_id: text,
  history: z.array(z.object({
    id: z.string(), event: z.enum(['ADD', 'UPDATE', 'DELETE']), old_memory: z.string().nullable(), new_memory: z.string().nullable(),
    app: z.string().nullable(), created_at: time,
  })).optional(),
  status_history: z.array(z.object({ old_state: State.nullable(), new_state: State, changed_by: z.string().nullable(), created_at: time })).optional(),
  expires_at: time.nullable().optional(),
});

const V1Memory = z.object({
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
});

/** A v2 wire memory as an engine import record. */
function fromV2(m: z.infer<typeof V2Memory>): ImportMemory {
  return {
    id: m.id, content: m.content, createdAt: m.created_at, updatedAt: m.updated_at, state: m.state, app: m.app,
    categories: m.categories, metadata: m.metadata ?? undefined, agentId: m.agent_id, runId: m.run_id,
    history: m.history?.map((h) => ({ id: h.id, event: h.event, oldMemory: h.old_memory, newMemory: h.new_memory, app: h.app, createdAt: h.created_at })),
    statusHistory: m.status_history?.map((c) => ({ oldState: c.old_state, newState: c.new_state, changedBy: c.changed_by, createdAt: c.created_at })),
    ...(m.expires_at === undefined ? {} : { expiresAt: m.expires_at }),
  };
}

function parseDocument(json: unknown): ParsedImport {
  const version = isObject(json) ? json.version : undefined;
  const out = emptyImport('mnemo');
  if (version === 2) {
    const doc = parseShape(z.object({ memories: z.array(V2Memory, { error: 'memories must be a list' }) }), json, 'mnemo export (version 2)');
    doc.memories.forEach((m, i) => out.memories.push({ ref: `memories[${i}]`, memory: fromV2(m) }));
    out.nativeGraph = isObject(json) ? json.graph : undefined;
    return out;
  }
  const doc = parseShape(z.object({
    version: z.literal(1, { error: 'version must be 1 or 2 (a mnemo export)' }).optional(),
    memories: z.array(V1Memory, { error: 'memories must be a list' }),
  }), json, 'mnemo export (version 1)');
  doc.memories.forEach((m, i) => out.memories.push({ ref: `memories[${i}]`, memory: {
    content: m.content, createdAt: m.created_at, updatedAt: m.updated_at, state: m.state, app: m.app_name,
    categories: m.categories, metadata: m.metadata_ ?? undefined, agentId: m.agent_id, runId: m.run_id,
    ...(m.expires_at === undefined ? {} : { expiresAt: m.expires_at }),
  } }));
  out.nativeGraph = isObject(json) ? json.graph : undefined;
  return out;
}

function parseJsonl(textBody: string): ParsedImport {
  const out = emptyImport('mnemo', true);
  let header = true;
  for (const { line, value, error } of jsonLines(textBody)) {
    if (header) {
      header = false;
      parseShape(z.object({ format: z.literal(MNEMO_EXPORT_FORMAT), version: z.literal(2, { error: 'version must be 2' }) }), value ?? null, `mnemo export header (line ${line})`);
      continue;
    }
    const ref = `line ${line}`;
    if (error !== undefined) { out.failed.push({ ref, reason: error }); continue; }
    if (isObject(value) && 'graph' in value && !('content' in value)) { out.nativeGraph = value.graph; continue; }
    const m = V2Memory.safeParse(value);
    if (!m.success) { out.failed.push({ ref, reason: m.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ') }); continue; }
    out.memories.push({ ref, memory: fromV2(m.data) });
  }
  return out;
}

/** mnemo's own export (v1 JSON, v2 JSON, v2 JSON Lines). */
export const mnemoFormat: ImportFormat = {
  id: 'mnemo',
  label: 'mnemo export (version 1 or 2, JSON or JSON Lines)',
  detect: (_file, peek) => {
    if (isObject(peek.json)) {
      if (peek.json.format === MNEMO_EXPORT_FORMAT) return true;
      // v1 files (and hand-made ones) carry no format tag: `memories` without OpenMemory's tables.
      return (peek.json.version === 1 || peek.json.version === undefined) && 'memories' in peek.json
        && !['export_meta', 'apps', 'memory_categories', 'status_history'].some((k) => k in (peek.json as object));
    }
    return peek.json === undefined && peek.firstLine?.format === MNEMO_EXPORT_FORMAT;
  },
  parse: (_file, peek) => (peek.json !== undefined ? parseDocument(peek.json) : parseJsonl(peek.text ?? '')),
};
