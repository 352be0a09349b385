/**
 * mem0's feedback: `POST /v1/feedback/` `{memory_id, feedback: "POSITIVE" | "NEGATIVE" |
 * "VERY_NEGATIVE" | null, feedback_reason?}` → `{id, memory_id, feedback,
 * feedback_reason, created_at, message}`. Stored per memory (engine/feedback.ts) and shown
 * on the memory's page in the dashboard (`GET /api/v1/memories/{id}/feedback`, REST).
 * Another user's memory id → 404; an unknown value → 400, nothing stored.
 */
import { Hono } from 'hono';
import { MnemoError } from '../../../core/errors.js';
import type { FeedbackEntry } from '../../../core/platform.js';
import type { AppEnv, HttpDeps } from '../../context.js';
import { checkFields, optString, readBody, readerApp, slashed, userOfMemory } from './request.js';

/** A feedback entry in mem0's shape. */
export function toMem0Feedback(f: FeedbackEntry): Record<string, unknown> {
  return { id: f.id, memory_id: f.memoryId, feedback: f.feedback, feedback_reason: f.reason, created_at: f.createdAt };
}

/** Routes of the feedback endpoint. */
export function feedbackRoutes(deps: HttpDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const { memory } = deps;
  routes.on('POST', slashed('/v1/feedback/'), async (c) => {
    const body = await readBody(c);
    checkFields(body, ['memory_id', 'feedback', 'feedback_reason'], 'feedback');
    const id = optString(body, 'memory_id');
    if (id === undefined) throw new MnemoError('INVALID_INPUT', 'memory_id is required');
    if (body.feedback !== undefined && body.feedback !== null && typeof body.feedback !== 'string') throw new MnemoError('INVALID_INPUT', 'feedback must be POSITIVE, NEGATIVE, VERY_NEGATIVE or null');
    const userId = await userOfMemory(c, memory, id);
    const caller = readerApp(c);
    await memory.get(id, { userId, log: false, ...(caller === undefined ? {} : { caller }) }); // 404 unless the caller may see it
    const entry = await memory.feedback.add(id, userId, { feedback: (body.feedback as string | null | undefined) ?? null, reason: optString(body, 'feedback_reason') ?? null });
    return c.json({ ...toMem0Feedback(entry), message: 'Feedback recorded' });
  });
  return routes;
}
