/**
 * mem0 platform / OSS `get_all` output: `{results: [...]}` (OSS and platform v1.1+) or a
 * bare list (platform v1). Each item: `{id, memory, hash?, metadata?, categories?,
 * created_at, updated_at?, user_id?, agent_id?, run_id?, app_id?}`; times are ISO strings.
 * Kept: text, times, categories, metadata, agent and run; the writer app is the item's
 * `app_id` or `mem0`. The file's `user_id` is not: the import's user owns the memories.
 */
import { z } from 'zod';
import type { ImportFormat, ParsedImport } from '../import-types.js';
import { emptyImport } from '../import-types.js';
import { peerTime } from '../time.js';
import { appName, categoryNames, isObject, JsonObject, optText, parseShape, withSource } from './common.js';

const Item = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  memory: z.string({ error: 'memory must be a string' }),
  metadata: JsonObject.nullable().optional(),
  categories: z.array(z.string()).nullable().optional(),
  created_at: z.union([z.string(), z.number()]).nullable().optional(),
  updated_at: z.union([z.string(), z.number()]).nullable().optional(),
  agent_id: optText,
  run_id: optText,
  app_id: optText,
});

function items(json: unknown): unknown[] | undefined {
  if (Array.isArray(json)) return json;
  if (isObject(json) && Array.isArray(json.results)) return json.results;
  return undefined;
}

/** The mem0 get_all format. */
export const mem0Format: ImportFormat = {
  id: 'mem0',
  label: 'mem0 platform / OSS get_all JSON ({results: [...]} or a list)',
  detect: (_file, peek) => {
    const list = items(peek.json);
    return list !== undefined && list.length > 0 && isObject(list[0]) && typeof list[0].memory === 'string';
  },
  parse: (_file, peek): ParsedImport => {
    const parsed = parseShape(z.array(Item), items(peek.json) ?? peek.json, 'mem0 get_all file (results)');
    const out = emptyImport('mem0');
    for (const [i, m] of parsed.entries()) {
      const createdAt = peerTime(m.created_at, `results[${i}].created_at`);
      out.memories.push({
        ref: `results[${i}]`,
        memory: {
          content: m.memory,
          createdAt,
          updatedAt: peerTime(m.updated_at, `results[${i}].updated_at`) ?? createdAt,
          categories: categoryNames(m.categories),
          metadata: withSource(m.metadata, 'mem0', m.id),
          agentId: m.agent_id ?? null,
          runId: m.run_id ?? null,
          app: appName(m.app_id) ?? 'mem0',
        },
      });
    }
    return out;
  },
};
