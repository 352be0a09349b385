/**
 * Validation of SDK inputs with zod. Every public engine method parses its arguments
 * here first, so bad input fails with `INVALID_INPUT` before anything is written.
 */
import { z } from 'zod';
import { MnemoError } from '../core/errors.js';
import { MemoryStateSchema, type Metadata } from '../core/memory.js';
import {
  checkMetadata, hasProtoKey, jsonDepth, MAX_CATEGORIES, MAX_CATEGORY_CHARS, MAX_FILTER_DEPTH, MAX_ID_CHARS, MAX_LIMIT, MAX_MEMORY_CHARS, MAX_QUERY_CHARS,
} from '../core/limits.js';

export { MAX_LIMIT, MAX_MEMORY_CHARS, MAX_QUERY_CHARS } from '../core/limits.js';

/**
 * Metadata as input: a plain JSON object within the limits of src/core/limits.ts (depth,
 * size, key count; no `__proto__`/`constructor`/`prototype` keys). Checked on the value
 * as given (not a copy), so a `__proto__` key cannot slip through as a prototype.
 */
export const MetadataInputSchema = z
  .custom<Metadata>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), { error: 'metadata must be a JSON object' })
  .superRefine((v, ctx) => {
    const problem = checkMetadata(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * Metadata as an MCP tool argument: a JSON object (the published JSON Schema is a plain
 * object), refused when it holds a `__proto__` key, checked on the raw value before the
 * record copy would drop it; the engine then applies {@link MetadataInputSchema}.
 */
export const ToolMetadataSchema = z.preprocess((v, ctx) => {
  if (hasProtoKey(v)) ctx.addIssue({ code: 'custom', message: 'metadata: key "__proto__" is not allowed' });
  return v;
}, z.record(z.string(), z.unknown()));

/** A filter value (metadata equality filters) no deeper than {@link MAX_FILTER_DEPTH}. */
export const MetadataFilterSchema = MetadataInputSchema.refine((v) => jsonDepth(v, MAX_FILTER_DEPTH) <= MAX_FILTER_DEPTH, `filter is nested deeper than ${MAX_FILTER_DEPTH} levels`);

const id = (field: string) => z.string({ error: `${field} must be a string` }).trim().min(1, `${field} must not be empty`).max(MAX_ID_CHARS, `${field} is longer than ${MAX_ID_CHARS} characters`);
const time = z.union([z.string(), z.number(), z.date()]);

/** Scope fields (user is required). */
export const ScopeSchema = z.object({
  userId: id('userId'),
  agentId: id('agentId').optional(),
  runId: id('runId').optional(),
});

/** The caller's identity for history and the access log (an app name). */
const caller = z.string().max(MAX_ID_CHARS).optional();
/**
 * Whether the read is recorded in the access log. The REST API turns it off for the
 * user reading directly (no app), so browsing does not flood the log. @default true
 */
const log = z.boolean().default(true);

/** Memory text: non-empty after trimming, at most {@link MAX_MEMORY_CHARS}. */
export const MemoryTextSchema = z
  .string({ error: 'text must be a string' })
  .refine((s) => s.trim().length > 0, 'text must not be empty')
  .refine((s) => s.length <= MAX_MEMORY_CHARS, `text is longer than ${MAX_MEMORY_CHARS} characters`);

/** A search query: non-empty after trimming, at most {@link MAX_QUERY_CHARS} (the one query limit of every surface). */
export const QueryTextSchema = z
  .string({ error: 'query must be a string' })
  .refine((s) => s.trim().length > 0, 'query must not be empty')
  .refine((s) => s.length <= MAX_QUERY_CHARS, `query is longer than ${MAX_QUERY_CHARS} characters`);

/** One message of a conversation (mem0's message shape) with optional per-message extras. */
export const MessageSchema = z.object({
  role: z.enum(['user', 'assistant', 'system', 'tool']).default('user'),
  content: MemoryTextSchema,
  name: z.string().optional(),
  metadata: MetadataInputSchema.optional(),
  timestamp: time.optional(),
});

/** Input of `add`: one text, or a batch of texts/messages. */
export const AddInputSchema = z.union([
  MemoryTextSchema,
  z.array(z.union([MemoryTextSchema, MessageSchema])).min(1, 'messages must not be empty').max(MAX_LIMIT),
]);

/** Options of `add`. */
export const AddOptionsSchema = ScopeSchema.extend({
  app: caller,
  caller,
  metadata: MetadataInputSchema.optional(),
  categories: z.array(z.string().min(1).max(MAX_CATEGORY_CHARS)).max(MAX_CATEGORIES).optional(),
  timestamp: time.optional(),
  /** When the memories expire (mem0's `expiration_date`); `null` = never. */
  expiresAt: time.nullable().optional(),
  /**
   * Categorizer guidance for this call only (mem0's per-request `custom_categories` and
   * `custom_instructions`); overrides the project's settings. Ignored when `categories` is given.
   */
  guidance: z.object({
    categories: z.array(z.object({ name: z.string().trim().min(1).max(64), description: z.string().max(1000) })).max(50).optional(),
    instructions: z.string().max(10_000).optional(),
  }).optional(),
});

/** Filters shared by search and getAll. */
export const FilterOptionsSchema = ScopeSchema.extend({
  app: z.string().optional(),
  caller,
  log,
  categories: z.array(z.string()).optional(),
  metadata: MetadataFilterSchema.optional(),
  from: time.optional(),
  to: time.optional(),
  states: z.array(MemoryStateSchema.exclude(['deleted'])).min(1).optional(),
  /** Include memories past their expiry (mem0's `show_expired`). @default false */
  showExpired: z.boolean().default(false),
});

/** A search threshold: a number in [0, 1] (scores are calibrated probabilities). */
export const ThresholdSchema = z.number({ error: 'threshold must be a number between 0 and 1' })
  .min(0, 'threshold must be between 0 and 1 (scores are probabilities)')
  .max(1, 'threshold must be between 0 and 1 (scores are probabilities)');

/** Options of `search`. */
export const SearchOptionsSchema = FilterOptionsSchema.extend({
  limit: z.number().int().min(1).max(MAX_LIMIT).default(10),
  /**
   * Least calibrated score a hit must have (retrieval/calibration.ts), in [0, 1].
   * `DEFAULT_RELEVANCE_FLOOR` (0.1) is the measured default for "relevant only".
   */
  threshold: ThresholdSchema.optional(),
  mode: z.enum(['hybrid', 'keyword', 'vector']).default('hybrid'),
  fusion: z.enum(['convex', 'rrf']).default('convex'),
  /**
   * Score each memory with its conversation neighbours as context (retrieval/context.ts)
   * where the store supports it; `false` ranks each memory on its own text only.
   * @default true
   */
  context: z.boolean().default(true),
});

/** Options of `getAll`. */
export const ListOptionsSchema = FilterOptionsSchema.extend({
  limit: z.number().int().min(1).max(MAX_LIMIT).default(100),
  offset: z.number().int().min(0).default(0),
  orderBy: z.enum(['created_at', 'updated_at', 'content', 'app']).default('created_at'),
  /** Case-insensitive substring of the text (OpenMemory's `search_query`). */
  contains: z.string().max(MAX_QUERY_CHARS).optional(),
  order: z.enum(['asc', 'desc']).default('desc'),
});

/** Options of `activity`. */
export const ActivityOptionsSchema = z.object({
  userId: id('userId'),
  app: id('app').optional(),
  limit: z.number().int().min(1).max(MAX_LIMIT).default(10),
  offset: z.number().int().min(0).default(0),
});

/** Options of single-memory calls (get, update, delete, history). */
export const ByIdOptionsSchema = z.object({ userId: id('userId'), caller, log });

/** A memory id: a UUID. */
export const MemoryIdSchema = z.string({ error: 'memory id must be a string' }).uuid('memory id must be a UUID');

/**
 * Parses `value` with `schema`, turning a zod failure into `MnemoError('INVALID_INPUT')`
 * whose message names each offending field.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
  throw new MnemoError('INVALID_INPUT', `invalid ${what}: ${issues.join('; ')}`, { data: { issues } });
}

/** A user id. */
export const UserIdSchema = id('userId');
/** An app name. */
export const AppNameSchema = id('app');
/** Page size of `related`. */
export const RelatedLimitSchema = z.number().int().min(1).max(100).default(5);
