/**
 * The official MCP memory server's store (`@modelcontextprotocol/server-memory`,
 * `memory.jsonl`): one JSON object per line, either
 * `{"type":"entity","name","entityType","observations":[...]}` or
 * `{"type":"relation","from","to","relationType"}`; no ids, no times. Entities are unique
 * by name (repeated names are merged), relations by (from, to, relationType).
 *
 * Concurrent writers corrupt these files (issues #1819, #3173, #4797), often by joining
 * two objects on one line: such a line is split at `}{` when every part then parses; any
 * other bad line is counted as failed with its number, and the rest is imported. Lines of
 * an unknown `type` are skipped, as the server itself does. Everything goes to mnemo's
 * knowledge graph (import-file.ts); the file holds no memories as such.
 */
import { z } from 'zod';
import type { GraphEntity, GraphRelation, ImportFormat, ParsedImport } from '../import-types.js';
import { emptyImport } from '../import-types.js';
import { isObject, jsonLines, parseJson } from './common.js';

const FORMAT = 'mcp-memory';

const Entity = z.object({ type: z.literal('entity'), name: z.string().min(1), entityType: z.string().default('entity'), observations: z.array(z.string()).default([]) });
const Relation = z.object({ type: z.literal('relation'), from: z.string().min(1), to: z.string().min(1), relationType: z.string().min(1) });

/** The objects of one line: itself, or its parts when two or more objects were written onto it. */
function recover(raw: string): unknown[] | null {
  const parts = raw.trim().split(/}\s*{/);
  if (parts.length < 2) return null;
  try {
    return parts.map((p, i) => parseJson(`${i === 0 ? '' : '{'}${p}${i === parts.length - 1 ? '' : '}'}`));
  } catch {
    return null;
  }
}

function parse(text: string): ParsedImport {
  const out = emptyImport(FORMAT, true);
  const entities = new Map<string, GraphEntity>();
  const relations = new Map<string, GraphRelation>();
  const lines = text.split(/\r?\n/);
  for (const { line, value, error } of jsonLines(text)) {
    const ref = `line ${line}`;
    const values = error === undefined ? [value] : recover(lines[line - 1]!);
    if (values === null) { out.failed.push({ ref, reason: error! }); continue; }
    for (const v of values) {
      if (!isObject(v)) { out.failed.push({ ref, reason: 'not a JSON object' }); continue; }
      if (v.type === 'entity') {
        const e = Entity.safeParse(v);
        if (!e.success) { out.failed.push({ ref, reason: `bad entity: ${e.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` }); continue; }
        const known = entities.get(e.data.name);
        if (known) known.observations.push(...e.data.observations.filter((o) => !known.observations.some((k) => k.content === o)).map((content) => ({ content })));
        else entities.set(e.data.name, { name: e.data.name, entityType: e.data.entityType, observations: [...new Set(e.data.observations)].map((content) => ({ content })) });
      } else if (v.type === 'relation') {
        const r = Relation.safeParse(v);
        if (!r.success) { out.failed.push({ ref, reason: `bad relation: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` }); continue; }
        relations.set(JSON.stringify([r.data.from, r.data.to, r.data.relationType]), { from: r.data.from, to: r.data.to, relationType: r.data.relationType });
      } else {
        out.skipped.push({ ref, reason: `unknown type ${JSON.stringify(v.type)}` });
      }
    }
  }
  out.graph = { entities: [...entities.values()], relations: [...relations.values()] };
  return out;
}

/** The official MCP memory server's JSONL. */
export const mcpMemoryFormat: ImportFormat = {
  id: FORMAT,
  label: 'official MCP memory server JSONL (memory.jsonl: entity and relation lines)',
  detect: (_file, peek) => peek.json === undefined && peek.firstLine !== undefined && (peek.firstLine.type === 'entity' || peek.firstLine.type === 'relation'),
  parse: (_file, peek) => parse(peek.text ?? ''),
};
