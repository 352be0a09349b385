/**
 * OMEGA's export (`sqlite_store.py`): `{version: "omega-sqlite-v1", exported_at,
 * node_count, session_count, nodes[{id, content, metadata, created_at, access_count,
 * last_accessed, ttl_seconds}]}`. `metadata.event_type` (decision, lesson, ...) becomes the
 * memory's category; metadata, access count, last access and TTL are kept in metadata.
 */
import { z } from 'zod';
import { MnemoError } from '../../core/errors.js';
import type { ImportFormat, ParsedImport } from '../import-types.js';
import { emptyImport } from '../import-types.js';
import { peerTime } from '../time.js';
import { categoryNames, isObject, JsonObject, parseShape, withSource } from './common.js';

const FORMAT = 'omega';
const time = z.union([z.string(), z.number()]).nullable().optional();

const Export = z.object({
  version: z.literal('omega-sqlite-v1', { error: 'version must be "omega-sqlite-v1"' }),
  nodes: z.array(z.object({
    id: z.union([z.string(), z.number()]).optional(),
    content: z.string({ error: 'content must be a string' }),
    metadata: JsonObject.nullable().optional(),
    created_at: time,
    access_count: z.number().nullable().optional(),
    last_accessed: time,
    ttl_seconds: z.number().nullable().optional(),
  }), { error: 'nodes must be a list' }),
});

function parse(json: unknown): ParsedImport {
  const doc = parseShape(Export, json, 'OMEGA export');
  const out = emptyImport(FORMAT);
  for (const [i, n] of doc.nodes.entries()) {
    const ref = `nodes[${i}]`;
    const meta = n.metadata ?? {};
    const extra = Object.fromEntries(Object.entries({
      access_count: n.access_count, last_accessed: peerTime(n.last_accessed, `${ref}.last_accessed`), ttl_seconds: n.ttl_seconds,
    }).filter(([, v]) => v !== null && v !== undefined));
    const type = typeof meta.event_type === 'string' ? [meta.event_type] : undefined;
    out.memories.push({ ref, memory: {
      content: n.content, createdAt: peerTime(n.created_at, `${ref}.created_at`), app: 'omega',
      categories: categoryNames(type), metadata: withSource({ ...meta, ...extra }, FORMAT, n.id),
    } });
  }
  return out;
}

/** OMEGA's export. */
export const omegaFormat: ImportFormat = {
  id: FORMAT,
  label: 'OMEGA export (version "omega-sqlite-v1", nodes[])',
  detect: (_file, peek) => isObject(peek.json) && peek.json.version === 'omega-sqlite-v1',
  parse: (_file, peek) => {
    if (peek.json === undefined) throw new MnemoError('INVALID_INPUT', 'an OMEGA export must be one JSON document');
    return parse(peek.json);
  },
};
