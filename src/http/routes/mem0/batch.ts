/**
 * mem0's batch endpoints, at most 1000 memories per request (mem0's limit):
 * - `PUT /v1/batch/` `{memories: [{memory_id, text?, metadata?}]}` → `{message:
 *   "Successfully updated N memories"}`. The whole request is validated before any
 *   write; the updates then run one by one, so an id that is not the caller's (404)
 *   stops the batch after the earlier items were updated (not atomic; the error says
 *   how many were).
 * - `DELETE /v1/batch/` `{memories: [{memory_id}]}` → `{message: "Successfully deleted
 *   N memories", not_found: [...]}`: found ids are deleted in one transaction per owner,
 *   ids that are not the caller's are listed, not silently counted.
 * A project-level caller (project key, or auth off) acts for each memory's owner.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { MnemoError } from '../../../core/errors.js';
import { MetadataInputSchema as MetadataSchema } from '../../../engine/inputs.js';
import { MemoryIdSchema, MemoryTextSchema, parseInput } from '../../../engine/inputs.js';
import type { AppEnv, HttpDeps } from '../../context.js';
import { readBody, readerApp, slashed, userOfMemory } from './request.js';

/** Largest batch, memories (mem0's documented maximum). */
const MAX_BATCH = 1000;

const BatchUpdateSchema = z.object({
  memories: z.array(z.object({ memory_id: MemoryIdSchema, text: MemoryTextSchema.optional(), metadata: MetadataSchema.optional() }).strict()
    .refine((m) => m.text !== undefined || m.metadata !== undefined, 'each memory needs text or metadata'))
    .min(1, 'memories must not be empty').max(MAX_BATCH),
}).strict();
const BatchDeleteSchema = z.object({
  memories: z.array(z.object({ memory_id: MemoryIdSchema }).strict()).min(1, 'memories must not be empty').max(MAX_BATCH),
}).strict();

/** Routes of the batch endpoints. */
export function batchRoutes(deps: HttpDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const { memory } = deps;

  routes.on('PUT', slashed('/v1/batch/'), async (c) => {
    const input = parseInput(BatchUpdateSchema, await readBody(c), 'batch update');
    const caller = readerApp(c);
    let done = 0;
    for (const item of input.memories) {
      try {
        const opts = { userId: await userOfMemory(c, memory, item.memory_id), ...(caller === undefined ? {} : { caller }) };
        const text = item.text ?? (await memory.get(item.memory_id, opts)).memory;
        await memory.update(item.memory_id, text, { ...opts, ...(item.metadata ? { metadata: item.metadata } : {}) });
      } catch (error) {
        if (error instanceof MnemoError) {
          throw new MnemoError(error.code, `${error.message} (batch stopped: ${done} of ${input.memories.length} memories were updated)`, { cause: error, data: { updated: done } });
        }
        throw error;
      }
      done += 1;
    }
    return c.json({ message: `Successfully updated ${done} memories` });
  });

  routes.on('DELETE', slashed('/v1/batch/'), async (c) => {
    const input = parseInput(BatchDeleteSchema, await readBody(c), 'batch delete');
    const caller = readerApp(c);
    const ids = [...new Set(input.memories.map((m) => m.memory_id))];
    // Grouped by owner: a project-level caller may delete memories of several users at once.
    const byUser = new Map<string, string[]>();
    for (const id of ids) {
      const userId = await userOfMemory(c, memory, id).catch((error: unknown) => {
        if (error instanceof MnemoError && error.code === 'NOT_FOUND') return null;
        throw error;
      });
      if (userId !== null) byUser.set(userId, [...(byUser.get(userId) ?? []), id]);
    }
    const deleted: string[] = [];
    for (const [userId, own] of byUser) deleted.push(...await memory.setState(own, 'deleted', { userId, ...(caller === undefined ? {} : { caller }) }));
    const gone = new Set(deleted);
    return c.json({ message: `Successfully deleted ${deleted.length} memories`, not_found: ids.filter((id) => !gone.has(id)) });
  });
  return routes;
}
