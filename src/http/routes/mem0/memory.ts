/**
 * One mem0 memory by id: `GET|PUT|DELETE /v1/memories/{id}/` and
 * `GET /v1/memories/{id}/history/`, always in the caller's user scope: another user's id
 * is `NOT_FOUND` (404), so existence never leaks.
 *
 * `PUT` takes `text` and/or `metadata` (a metadata-only update keeps the text and its
 * vector, and is not a read; the engine records it as an UPDATE in history),
 * `timestamp` (re-dates the memory: its `created_at`, ISO or Unix seconds) and
 * `expiration_date` (`null` = never); none of them → 400. `DELETE`'s `delete_linked` is
 * accepted: mnemo has no superseded chains, so there is nothing linked to delete.
 *
 * A project-level caller (project key, or auth off) naming no `user_id` acts for the
 * memory's owner (see `userOfMemory`); a per-user key only ever reaches its own.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { MnemoError } from '../../../core/errors.js';
import { MetadataInputSchema as MetadataSchema } from '../../../engine/inputs.js';
import { parseInput } from '../../../engine/inputs.js';
import type { AppEnv, HttpDeps } from '../../context.js';
import { checkFields, expirationOf, queryFields, readBody, readerApp, pathParam, slashed, userOfMemory } from './request.js';
import { toMem0History, toMem0Memory } from './wire.js';

const UpdateBodySchema = z.object({
  text: z.string({ error: 'text must be a string' }).optional(),
  metadata: MetadataSchema.optional(),
});

/** Routes of a single memory. */
export function memoryRoutes(deps: HttpDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const { memory } = deps;
  /** The caller's user (the memory's owner for project-level callers) and app (for history and the access log). */
  const who = async (c: Parameters<typeof readerApp>[0]) => {
    const caller = readerApp(c);
    return { userId: await userOfMemory(c, memory, pathParam(c, 'id')), ...(caller === undefined ? {} : { caller }) };
  };

  routes.on('GET', slashed('/v1/memories/:id/'), async (c) => {
    return c.json(toMem0Memory(await memory.get(pathParam(c, 'id'), await who(c))));
  });

  routes.on('PUT', slashed('/v1/memories/:id/'), async (c) => {
    const body = await readBody(c);
    checkFields(body, ['text', 'metadata', 'timestamp', 'expiration_date'], 'update');
    const input = parseInput(UpdateBodySchema, body, 'update request');
    const id = pathParam(c, 'id');
    const opts = await who(c);
    const timestamp = body.timestamp ?? undefined;
    const expires = body.expiration_date;
    if (input.text === undefined && input.metadata === undefined && timestamp === undefined && expires === undefined) {
      throw new MnemoError('INVALID_INPUT', 'update needs text, metadata, timestamp or expiration_date');
    }
    if (timestamp !== undefined && typeof timestamp !== 'string' && typeof timestamp !== 'number') throw new MnemoError('INVALID_INPUT', 'timestamp must be an ISO time or Unix seconds');
    let updated = input.text !== undefined || input.metadata !== undefined
      ? await memory.update(id, input.text, { ...opts, ...(input.metadata ? { metadata: input.metadata } : {}) })
      : await memory.get(id, { ...opts, log: false });
    if (timestamp !== undefined || expires !== undefined) {
      await memory.project.setTimes(id, opts.userId, {
        ...(timestamp === undefined ? {} : { createdAt: timestamp as string | number }),
        ...(expires === undefined ? {} : { expiresAt: expires === null ? null : expirationOf(expires)! }),
      });
      updated = await memory.get(id, { ...opts, log: false });
    }
    return c.json({ ...toMem0Memory(updated), text: updated.memory });
  });

  routes.on('DELETE', slashed('/v1/memories/:id/'), async (c) => {
    checkFields(queryFields(c), ['delete_linked'], 'delete');
    await memory.delete(pathParam(c, 'id'), await who(c));
    return c.json({ message: 'Memory deleted successfully!' });
  });

  routes.on('GET', slashed('/v1/memories/:id/history/'), async (c) => {
    const opts = await who(c);
    const rows = await memory.history(pathParam(c, 'id'), opts);
    return c.json(rows.map((h) => toMem0History(h, opts.userId)));
  });
  return routes;
}
