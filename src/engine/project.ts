/**
 * mem0's project, as mnemo has one per database: its settings (`custom_categories`,
 * `custom_instructions`, which the categorizer uses), the users holding memories, the
 * owner of a memory id (for project-level callers, which name no user on by-id calls),
 * and memory times that only mem0 callers change (re-dating, expiry).
 *
 * Failure contract: `update` throws `MnemoError('INVALID_INPUT')` naming the field;
 * `setTimes` throws `NOT_FOUND` for an id absent from the user's memories.
 */
import { z } from 'zod';
import { parseTime } from '../core/clock.js';
import { MnemoError } from '../core/errors.js';
import type { ProjectSettings } from '../core/platform.js';
import { type CategorizeContext, type Categorizer, type CategorizerGuidance, FALLBACK_CATEGORY, KeywordCategorizer } from './categorizer.js';
import type { GovernanceContext } from './governance-context.js';
import { MemoryIdSchema, parseInput, UserIdSchema } from './inputs.js';

/** Most custom categories accepted (mem0 documents no limit; this bounds the prompt and the scan). */
const MAX_CUSTOM_CATEGORIES = 50;
/** Longest `custom_instructions`, characters. */
const MAX_INSTRUCTIONS_CHARS = 10_000;

const CustomCategoriesSchema = z.array(
  z.record(z.string().trim().min(1).max(64), z.string().max(1000)).refine((o) => Object.keys(o).length === 1, 'each custom category is one {name: description} object'),
).max(MAX_CUSTOM_CATEGORIES);

/** A settings change (mem0's `custom_categories`, `custom_instructions`; `null` resets one). */
export const ProjectUpdateSchema = z.object({
  customCategories: CustomCategoriesSchema.nullable().optional(),
  customInstructions: z.string().max(MAX_INSTRUCTIONS_CHARS).nullable().optional(),
});

/** The project of a database (reach it as `memory.project`). */
export class Project {
  constructor(private readonly ctx: GovernanceContext) {}

  /** The current settings; unset ones are `null`. */
  async settings(): Promise<ProjectSettings> {
    const s = await (await this.ctx.store()).platform.getSettings();
    return {
      customCategories: (s.custom_categories as ProjectSettings['customCategories'] | undefined) ?? null,
      customInstructions: (s.custom_instructions as string | null | undefined) ?? null,
    };
  }

  /**
   * Changes settings; absent fields keep their value.
   * @example await memory.project.update({ customCategories: [{ cooking: 'recipes and meals' }] })
   * @throws MnemoError INVALID_INPUT for a malformed value.
   */
  async update(patch: z.input<typeof ProjectUpdateSchema>): Promise<ProjectSettings> {
    const p = parseInput(ProjectUpdateSchema, patch, 'project settings');
    const values: Record<string, unknown> = {};
    if (p.customCategories !== undefined) values.custom_categories = p.customCategories;
    if (p.customInstructions !== undefined) values.custom_instructions = p.customInstructions;
    if (Object.keys(values).length > 0) await (await this.ctx.store()).platform.putSettings(values, this.ctx.clock.now());
    return this.settings();
  }

  /** The settings as categorizer guidance (`undefined` when nothing is set). */
  async guidance(): Promise<CategorizerGuidance | undefined> {
    const s = await this.settings();
    if (!s.customCategories && !s.customInstructions) return undefined;
    return {
      ...(s.customCategories ? { categories: s.customCategories.map((o) => { const [name, description] = Object.entries(o)[0]!; return { name: name.toLowerCase(), description }; }) } : {}),
      ...(s.customInstructions ? { instructions: s.customInstructions } : {}),
    };
  }

  /** The user owning memory `id` (deleted included), or `null` for an unknown id. */
  async owner(id: string): Promise<string | null> {
    const memoryId = parseInput(MemoryIdSchema, id, 'memory id');
    return (await this.ctx.store()).platform.memoryOwner(memoryId);
  }

  /** Users holding memories, sorted. */
  async users(): Promise<string[]> {
    return (await this.ctx.store()).platform.userIds();
  }

  /**
   * Re-dates a memory of `userId`: `createdAt` (mem0's update `timestamp`: ISO, Date or Unix
   * seconds) and/or `expiresAt` (`null` = never).
   * @throws MnemoError NOT_FOUND; INVALID_INPUT for an unparsable time.
   */
  async setTimes(id: string, userId: string, times: { createdAt?: string | number | Date; expiresAt?: string | number | Date | null }): Promise<void> {
    const memoryId = parseInput(MemoryIdSchema, id, 'memory id');
    const user = parseInput(UserIdSchema, userId, 'userId');
    const change: { createdAt?: number; expiresAt?: number | null } = {};
    if (times.createdAt !== undefined) change.createdAt = parseTime(times.createdAt, 'timestamp');
    if (times.expiresAt !== undefined) change.expiresAt = times.expiresAt === null ? null : parseTime(times.expiresAt, 'expiration_date');
    const store = await this.ctx.store();
    if (!(await store.platform.setMemoryTimes(memoryId, user, change, this.ctx.clock.now()))) {
      throw new MnemoError('NOT_FOUND', `memory ${memoryId} not found`);
    }
  }
}

/**
 * A categorizer that follows the project's settings: with `custom_categories` set, only
 * those are assigned (an LLM categorizer gets them and the instructions in its prompt; the
 * keyword categorizer matches each category's name and description words); otherwise the
 * wrapped categorizer runs unchanged.
 */
export class ProjectCategorizer implements Categorizer {
  readonly id: string;
  constructor(private readonly base: Categorizer, private readonly ctx: GovernanceContext) {
    this.id = base.id;
  }

  async categorize(texts: string[], guidance?: CategorizerGuidance, context?: CategorizeContext): Promise<string[][]> {
    const g = guidance ?? await new Project(this.ctx).guidance();
    if (!g) return this.base.categorize(texts, undefined, context);
    if (!(this.base instanceof KeywordCategorizer) || !g.categories) return this.base.categorize(texts, g, context);
    const custom = new KeywordCategorizer(Object.fromEntries(g.categories.map((c) => [c.name, stemsOf(`${c.name} ${c.description}`)])));
    const own = new Set(g.categories.map((c) => c.name));
    return texts.map((t) => custom.categorizeOne(t).filter((c) => own.has(c) || c !== FALLBACK_CATEGORY));
  }
}

/** Words of a category's name and description as keyword stems (4+ letters, cut to 6 so inflections match). */
function stemsOf(text: string): string[] {
  const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4 && !STOPWORDS.has(w));
  return [...new Set(words.map((w) => w.slice(0, 6)))];
}

const STOPWORDS = new Set(['about', 'with', 'from', 'that', 'this', 'their', 'other', 'things', 'related', 'such', 'like', 'into', 'what', 'when', 'where', 'which', 'them', 'they', 'have', 'will', 'more', 'also']);
