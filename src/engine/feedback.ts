/**
 * Feedback on memories (mem0's `POST /v1/feedback/`): `POSITIVE`, `NEGATIVE`,
 * `VERY_NEGATIVE` or `null`, with an optional reason, stored per memory and shown on the
 * memory's page in the dashboard; kept for use as a ranking signal.
 *
 * Failure contract: `add` throws `MnemoError('NOT_FOUND')` for a memory the user does not
 * have (another user's id included) and `INVALID_INPUT` for a bad value; nothing is stored then.
 */
import { z } from 'zod';
import { MnemoError } from '../core/errors.js';
import { type FeedbackEntry, FeedbackValueSchema } from '../core/platform.js';
import type { GovernanceContext } from './governance-context.js';
import { MemoryIdSchema, parseInput, UserIdSchema } from './inputs.js';

/** Longest feedback reason, characters. */
const MAX_REASON_CHARS = 2_000;

const FeedbackInputSchema = z.object({
  feedback: FeedbackValueSchema.nullable(),
  reason: z.string().max(MAX_REASON_CHARS).nullable().optional(),
});

/** Feedback of memories (reach it as `memory.feedback`). */
export class Feedback {
  constructor(private readonly ctx: GovernanceContext) {}

  /**
   * Records feedback on a memory of `userId`.
   * @example await memory.feedback.add(id, 'alice', { feedback: 'NEGATIVE', reason: 'outdated' })
   */
  async add(memoryId: string, userId: string, input: { feedback: string | null; reason?: string | null | undefined }): Promise<FeedbackEntry> {
    const id = parseInput(MemoryIdSchema, memoryId, 'memory_id');
    const user = parseInput(UserIdSchema, userId, 'userId');
    const value = parseInput(FeedbackInputSchema, { ...input, feedback: typeof input.feedback === 'string' ? input.feedback.toUpperCase() : input.feedback }, 'feedback');
    const store = await this.ctx.store();
    if (!(await store.getMemory(id, user))) throw new MnemoError('NOT_FOUND', `memory ${id} not found`);
    return store.platform.addFeedback({ id: crypto.randomUUID(), memoryId: id, userId: user, feedback: value.feedback, reason: value.reason ?? null, at: this.ctx.clock.now() });
  }

  /** Feedback on one memory of `userId`, oldest first (empty for unknown ids). */
  async list(memoryId: string, userId: string): Promise<FeedbackEntry[]> {
    const id = parseInput(MemoryIdSchema, memoryId, 'memory_id');
    const user = parseInput(UserIdSchema, userId, 'userId');
    return (await this.ctx.store()).platform.listFeedback(id, user);
  }
}
