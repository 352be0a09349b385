/**
 * mem0 OpenMemory's backup export (`POST /api/v1/backup/export`, `routers/backup.py`), a
 * zip `memories_export_<user>.zip` holding:
 * - `memories.json`: `{user, apps[{id, name}], categories[{id, name}], memories[{id,
 *   app_id, content, metadata|metadata_, state, created_at, updated_at, archived_at,
 *   deleted_at, category_ids?}], memory_categories[{memory_id, category_id}],
 *   status_history[{memory_id, changed_by, old_state, new_state, changed_at}],
 *   access_controls[], export_meta{version:"1"}}` (times: Python isoformat, UTC);
 * - `memories.jsonl.gz`: one `{id, content, metadata, created_at, updated_at, state, app,
 *   categories[names]}` per line (read when `memories.json` is absent, or given alone).
 *
 * Kept: text, state (active/paused/archived; deleted memories are skipped and counted),
 * times, app name, category names, metadata, status history. The zip is read with fflate.
 */
import { strFromU8, unzipSync } from 'fflate';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { MnemoError } from '../../core/errors.js';
import type { ImportMemory } from '../../engine/transfer.js';
import type { ImportFormat, ParsedImport } from '../import-types.js';
import { emptyImport } from '../import-types.js';
import { peerTime } from '../time.js';
import { appName, categoryNames, isObject, JsonObject, jsonLines, optText, parseJson, parseShape, withSource } from './common.js';

const FORMAT = 'openmemory';
const id = z.union([z.string(), z.number()]).transform(String);
const time = z.union([z.string(), z.number()]).nullable().optional();
const State = z.enum(['active', 'paused', 'archived', 'deleted']);

const MemoriesJson = z.object({
  apps: z.array(z.object({ id, name: z.string() })).default([]),
  categories: z.array(z.object({ id, name: z.string() })).default([]),
  memories: z.array(z.object({
    id: id.optional(),
    app_id: id.nullable().optional(),
    content: z.string({ error: 'content must be a string' }),
    metadata: JsonObject.nullable().optional(),
    metadata_: JsonObject.nullable().optional(),
    state: State.default('active'),
    created_at: time,
    updated_at: time,
    category_ids: z.array(id).nullable().optional(),
  }), { error: 'memories must be a list' }),
  memory_categories: z.array(z.object({ memory_id: id, category_id: id })).default([]),
  status_history: z.array(z.object({
    memory_id: id, changed_by: id.nullable().optional(), old_state: State.nullable().optional(), new_state: State, changed_at: time,
  })).default([]),
});

const JsonlLine = z.object({
  id: id.optional(),
  content: z.string({ error: 'content must be a string' }),
  metadata: JsonObject.nullable().optional(),
  created_at: time,
  updated_at: time,
  state: State.default('active'),
  app: optText,
  categories: z.array(z.string()).nullable().optional(),
});

/** Reads `memories.json` (the full relational export). */
function fromMemoriesJson(json: unknown): ParsedImport {
  const doc = parseShape(MemoriesJson, json, 'OpenMemory memories.json');
  const out = emptyImport(FORMAT);
  const apps = new Map(doc.apps.map((a) => [a.id, a.name]));
  const categories = new Map(doc.categories.map((c) => [c.id, c.name]));
  const categoriesOf = new Map<string, string[]>();
  for (const link of doc.memory_categories) {
    const name = categories.get(link.category_id);
    if (name !== undefined) categoriesOf.set(link.memory_id, [...(categoriesOf.get(link.memory_id) ?? []), name]);
  }
  const statusOf = new Map<string, typeof doc.status_history>();
  for (const change of doc.status_history) statusOf.set(change.memory_id, [...(statusOf.get(change.memory_id) ?? []), change]);

  for (const [i, m] of doc.memories.entries()) {
    const ref = `memories[${i}]`;
    if (m.state === 'deleted') {
      out.skipped.push({ ref, reason: 'deleted in OpenMemory' });
      continue;
    }
    const createdAt = peerTime(m.created_at, `${ref}.created_at`);
    const updatedAt = peerTime(m.updated_at, `${ref}.updated_at`) ?? createdAt;
    const names = [
      ...(m.id === undefined ? [] : categoriesOf.get(m.id) ?? []),
      ...(m.category_ids ?? []).flatMap((c) => (categories.has(c) ? [categories.get(c)!] : [])),
    ];
    const history = (m.id === undefined ? [] : statusOf.get(m.id) ?? []).map((c, j) => ({
      oldState: c.old_state ?? null, newState: c.new_state, changedBy: c.changed_by ?? null,
      createdAt: peerTime(c.changed_at, `status_history (memory ${m.id}, #${j}).changed_at`) ?? createdAt ?? 0,
    })).sort((a, b) => a.createdAt - b.createdAt);
    const app = m.app_id === undefined || m.app_id === null ? null : appName(apps.get(m.app_id));
    out.memories.push({ ref, memory: withStatus({
      content: m.content, state: m.state, createdAt, updatedAt, app,
      categories: categoryNames(names), metadata: withSource(m.metadata ?? m.metadata_, FORMAT, m.id),
    }, history) });
  }
  return out;
}

/**
 * Adds the status history; when it does not start with the creation or end in the current
 * state, the missing rows are added so the trail is complete.
 */
function withStatus(
  memory: ImportMemory & { state: 'active' | 'paused' | 'archived' },
  changes: Array<{ oldState: z.infer<typeof State> | null; newState: z.infer<typeof State>; changedBy: string | null; createdAt: number }>,
): ImportMemory {
  if (changes.length === 0) return memory;
  const created = typeof memory.createdAt === 'number' ? memory.createdAt : changes[0]!.createdAt;
  const rows = changes[0]!.oldState === null ? [...changes] : [{ oldState: null, newState: changes[0]!.oldState!, changedBy: memory.app ?? null, createdAt: created }, ...changes];
  const last = rows[rows.length - 1]!;
  if (last.newState !== memory.state) {
    rows.push({ oldState: last.newState, newState: memory.state, changedBy: null, createdAt: typeof memory.updatedAt === 'number' ? memory.updatedAt : last.createdAt });
  }
  return { ...memory, statusHistory: rows };
}

/** Reads `memories.jsonl.gz`'s text: bad lines are counted as failed, the rest imported. */
export function fromJsonl(text: string, format = FORMAT): ParsedImport {
  const out = emptyImport(format, true);
  for (const { line, value, error } of jsonLines(text)) {
    const ref = `line ${line}`;
    if (error !== undefined) { out.failed.push({ ref, reason: error }); continue; }
    const parsed = JsonlLine.safeParse(value);
    if (!parsed.success) {
      out.failed.push({ ref, reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ') });
      continue;
    }
    const m = parsed.data;
    if (m.state === 'deleted') { out.skipped.push({ ref, reason: 'deleted in OpenMemory' }); continue; }
    try {
      const createdAt = peerTime(m.created_at, `${ref}.created_at`);
      out.memories.push({ ref, memory: {
        content: m.content, state: m.state, createdAt, updatedAt: peerTime(m.updated_at, `${ref}.updated_at`) ?? createdAt,
        app: appName(m.app), categories: categoryNames(m.categories), metadata: withSource(m.metadata, format, m.id),
      } });
    } catch (e) {
      out.failed.push({ ref, reason: (e as Error).message });
    }
  }
  return out;
}

/** The files of an OpenMemory zip that matter, or null when it has neither. */
function openZip(bytes: Uint8Array): { json?: Uint8Array; jsonlGz?: Uint8Array } | null {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => /(^|\/)memories\.(json|jsonl\.gz)$/.test(f.name) });
  } catch (error) {
    throw new MnemoError('INVALID_INPUT', `not a readable zip file: ${(error as Error).message}`);
  }
  const pick = (suffix: string) => Object.entries(files).find(([n]) => n === suffix || n.endsWith(`/${suffix}`))?.[1];
  const json = pick('memories.json');
  const jsonlGz = pick('memories.jsonl.gz');
  if (!json && !jsonlGz) return null;
  return { ...(json ? { json } : {}), ...(jsonlGz ? { jsonlGz } : {}) };
}

/** The OpenMemory export zip (or its memories.json / memories.jsonl.gz alone). */
export const openMemoryFormat: ImportFormat = {
  id: 'openmemory',
  label: 'mem0 OpenMemory export (zip with memories.json or memories.jsonl.gz)',
  detect: (file, peek) => {
    if (peek.zip) return openZip(file.bytes) !== null;
    if (isObject(peek.json)) return Array.isArray(peek.json.memories) && ('export_meta' in peek.json || 'memory_categories' in peek.json || 'status_history' in peek.json);
    return peek.gzip && peek.firstLine !== undefined && typeof peek.firstLine.content === 'string' && 'state' in peek.firstLine;
  },
  parse: (file, peek) => {
    if (peek.zip) {
      const files = openZip(file.bytes);
      if (!files) throw new MnemoError('INVALID_INPUT', 'the zip holds neither memories.json nor memories.jsonl.gz (not an OpenMemory export)');
      if (files.json) {
        let json: unknown;
        try { json = parseJson(strFromU8(files.json)); } catch (error) {
          throw new MnemoError('INVALID_INPUT', `memories.json in the zip is not valid JSON: ${(error as Error).message}`);
        }
        return fromMemoriesJson(json);
      }
      return fromJsonl(gunzipSync(files.jsonlGz!).toString('utf8'));
    }
    if (peek.json !== undefined) return fromMemoriesJson(peek.json);
    return fromJsonl(peek.text ?? '');
  },
};
