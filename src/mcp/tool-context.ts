/**
 * What every MCP tool gets: the engine, the user it acts for, and the app (MCP client)
 * it acts as; plus the one place where tool outcomes become MCP results. A failing tool
 * returns `isError: true` with the error's message (MCP spec, "Error Handling" of tools);
 * it never throws, so the server keeps running.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { MnemoError } from '../core/errors.js';
import type { Memory } from '../engine/memory.js';
import type { ScopedMemory } from '../engine/principal.js';

/** Shared state of the tools of one MCP session. */
export interface ToolContext {
  memory: Memory;
  /** The user every call is scoped to. */
  userId: string;
  /** The app name: fixed, or the connected client's `clientInfo.name` (`null` before initialize). */
  app(): string | null;
  /**
   * Answer hybrid searches from keyword search (with a notice) while the embedding model
   * loads in the background, instead of waiting for it (tools/search-memory.ts).
   */
  keywordWhileModelLoads: boolean;
}

/**
 * The engine as the session's principal (user + app, engine/principal.ts): tools call
 * the engine only through this, so every call carries the app and its access rules.
 */
export function scoped(ctx: ToolContext): ScopedMemory {
  return ctx.memory.as({ userId: ctx.userId, app: ctx.app() });
}

/** Annotations of read-only tools (MCP spec 2025-06-18, ToolAnnotations). */
export const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;
/** Annotations of tools that add or change memories without removing any. */
export const ADDITIVE = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false } as const;
/** Annotations of tools that remove memories. */
export const DESTRUCTIVE = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false } as const;

/**
 * Runs a tool body and converts its value to a compact JSON text result, or an error to
 * an `isError` result whose text starts with the error code (e.g. `NOT_FOUND: ...`);
 * unexpected errors become `INTERNAL: internal error` (detail on stderr only).
 */
export async function runTool(body: () => Promise<unknown>): Promise<CallToolResult> {
  try {
    const value = await body();
    return { content: [{ type: 'text', text: JSON.stringify(value) }] };
  } catch (error) {
    // Like the HTTP edge: a code and a safe message; an unexpected error's detail (paths,
    // SQL, stack) goes to stderr, never to the client.
    const safe = error instanceof MnemoError && error.code !== 'INTERNAL';
    if (!safe) process.stderr.write(`mnemo mcp: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    const message = safe ? `${error.code}: ${error.message}` : 'INTERNAL: internal error';
    return { content: [{ type: 'text', text: message }], isError: true };
  }
}

/** A memory trimmed for an LLM's context: no hashes or user ids, ISO time, metadata only if set. */
export function compactMemory(m: { id: string; memory: string; createdAt: string; metadata: Record<string, unknown>; categories: string[] }): Record<string, unknown> {
  const out: Record<string, unknown> = { id: m.id, memory: m.memory, created_at: m.createdAt };
  if (Object.keys(m.metadata).length > 0) out.metadata = m.metadata;
  if (m.categories.length > 0) out.categories = m.categories;
  return out;
}
