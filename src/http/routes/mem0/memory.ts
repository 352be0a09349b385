/**
 * One mem0 memory by id: `GET|PUT|DELETE /v1/memories/{id}/` and
 * `GET /v1/memories/{id}/history/`, always in the caller's user scope: another user's id
 * is `NOT_FOUND` (404), so existence never leaks.
 *
 * `PUT` takes `text` and/or `metadata` (a metadata-only update keeps the text and its
 * vector, and is not a read; the engine records it as an UPDATE in history; neither →
 * 400). `timestamp` (re-dating a memory) is not
 * supported → 400. `DELETE`'s `delete_linked` is accepted: mnemo has no superseded
 * chains, so there is nothing linked to delete.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { MnemoError } from '../../../core/errors.js';
import { MetadataInputSchema as MetadataSchema } from '../../../engine/inputs.js';
import { parseInput } from '../../../engine/inputs.js';
import type { AppEnv, HttpDeps } from '../../context.js';
import { checkFields, queryFields, readBody, readerApp, pathParam, scopeOf, slashed } from './request.js';
import { toMem0History, toMem0Memory } from './wire.js';

const UpdateBodySchema = z.object({
  text: z.string({ error: 'text must be a string' }).optional(),
  metadata: MetadataSchema.optional(),
});

/** Routes of a single memory. */
export function memoryRoutes(deps: HttpDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const { memory } = deps;
  /** The caller's user and app (for history and the access log). */
  const who = (c: Parameters<typeof scopeOf>[0]) => {
    const caller = readerApp(c);
    return { userId: scopeOf(c, {}).userId, ...(caller === undefined ? {} : { caller }) };
  };

  routes.on('GET', slashed('/v1/memories/:id/'), async (c) => {
    return c.json(toMem0Memory(await memory.get(pathParam(c, 'id'), who(c))));
  });

  routes.on('PUT', slashed('/v1/memories/:id/'), async (c) => {
    const body = await readBody(c);
    if (body.timestamp !== undefined && body.timestamp !== null) throw new MnemoError('INVALID_INPUT', 'timestamp is not supported by mnemo (update)');
    checkFields(body, ['text', 'metadata', 'timestamp'], 'update');
    const input = parseInput(UpdateBodySchema, body, 'update request');
    const updated = await memory.update(pathParam(c, 'id'), input.text, { ...who(c), ...(input.metadata ? { metadata: input.metadata } : {}) });
    return c.json({ ...toMem0Memory(updated), text: updated.memory });
  });

  routes.on('DELETE', slashed('/v1/memories/:id/'), async (c) => {
    checkFields(queryFields(c), ['delete_linked'], 'delete');
    await memory.delete(pathParam(c, 'id'), who(c));
    return c.json({ message: 'Memory deleted successfully!' });
  });

  routes.on('GET', slashed('/v1/memories/:id/history/'), async (c) => {
    const opts = who(c);
    const rows = await memory.history(pathParam(c, 'id'), opts);
    return c.json(rows.map((h) => toMem0History(h, opts.userId)));
  });
  return routes;
}
