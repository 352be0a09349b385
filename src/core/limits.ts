/**
 * Limits of mnemo's inputs, named once. Every layer (SDK schemas, REST and mem0 routes,
 * MCP tools, the SQLite filter compiler) imports them from here instead of re-typing the
 * numbers. Each is a design choice of mnemo (not a SQLite or protocol limit) unless its
 * docstring says otherwise.
 */

/** Longest id (user, agent, run, app, caller), characters. */
export const MAX_ID_CHARS = 256;
/** Longest memory text accepted, characters. Longer text is rejected, not truncated. */
export const MAX_MEMORY_CHARS = 20_000;
/** Longest search query accepted, characters. */
export const MAX_QUERY_CHARS = 4_000;
/** Largest page of list / search results, and the most items of one `add` batch. */
export const MAX_LIMIT = 1_000;
/** Longest category name, characters. */
export const MAX_CATEGORY_CHARS = 64;
/** Most categories on one memory. */
export const MAX_CATEGORIES = 32;
/** Longest metadata key a filter may name, characters (see {@link METADATA_KEY}). */
export const MAX_METADATA_KEY_CHARS = 64;
/**
 * Metadata keys a filter may name: letters, digits, `_`, `.`, `-`, at most 64. The SQLite
 * store puts the key into a JSON path (`$."key"`), so quotes and backslashes are refused.
 */
export const METADATA_KEY = /^[A-Za-z0-9_.-]{1,64}$/;
