/**
 * Domain types of mem0's platform features that mnemo serves (issue 16): feedback on a
 * memory, project settings, webhooks and export jobs. Times are ISO-8601 UTC strings.
 */
import { z } from 'zod';

/** mem0's feedback values (`mem0/client/main.py`, `VALID_FEEDBACK_VALUES`). */
export const FeedbackValueSchema = z.enum(['POSITIVE', 'NEGATIVE', 'VERY_NEGATIVE']);
/** @see FeedbackValueSchema */
export type FeedbackValue = z.infer<typeof FeedbackValueSchema>;

/** One feedback given on a memory; `feedback: null` clears a judgement but keeps the reason. */
export interface FeedbackEntry {
  id: string;
  memoryId: string;
  userId: string;
  feedback: FeedbackValue | null;
  reason: string | null;
  createdAt: string;
}

/** Memory events a webhook can subscribe to (mem0's webhook event types). */
export const WebhookEventSchema = z.enum(['memory_add', 'memory_update', 'memory_delete']);
/** @see WebhookEventSchema */
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;

/** A stored webhook (mem0's shape, camelCased). */
export interface Webhook {
  /** Integer id, as mem0's `webhook_id`. */
  id: number;
  projectId: string;
  name: string;
  url: string;
  eventTypes: WebhookEvent[];
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Settings of the (single) project of a mnemo database. */
export interface ProjectSettings {
  /** mem0's `custom_categories`: `[{name: description}]`; `null` = the built-in taxonomy. */
  customCategories: Array<Record<string, string>> | null;
  /** mem0's `custom_instructions`: guidance for the (LLM) categorizer; `null` = none. */
  customInstructions: string | null;
}

/** An export job: created, then read back (mem0's two-step export). */
export interface MemoryExport {
  id: string;
  userId: string;
  /** The JSON schema the export follows. */
  schema: unknown;
  filters: Record<string, unknown>;
  status: 'COMPLETED' | 'FAILED';
  /** The exported document, shaped by `schema`. */
  result: unknown;
  createdAt: string;
}
