/** MCP tool `list_memories`: one page of the session user's memories, newest first. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { compactMemory, READ_ONLY, runTool, type ToolContext, scoped } from '../tool-context.js';

/** Largest page (memories) one call returns; LLM contexts are small. */
export const MAX_LIST_PAGE = 100;

/** Registers `list_memories {limit?, offset?}`. */
export function registerListMemories(server: McpServer, ctx: ToolContext): void {
  server.registerTool('list_memories', {
    title: 'List memories',
    description: 'List stored memories, newest first, one page at a time (default 20). ' +
      'Use next_offset to get the following page; prefer search_memory to find something specific.',
    inputSchema: {
      limit: z.number().int().min(1).max(MAX_LIST_PAGE).optional().describe('Page size (default 20)'),
      offset: z.number().int().min(0).optional().describe('How many to skip (default 0)'),
      as_of: z.string().min(1).max(64).optional().describe('List the memories as they were at this ISO-8601 time (texts from history)'),
    },
    annotations: READ_ONLY,
  }, (args) => runTool(async () => {
    const page = await scoped(ctx).getAll({ limit: args.limit ?? 20, offset: args.offset ?? 0, ...(args.as_of ? { asOf: args.as_of } : {}) });
    const next = page.offset + page.results.length;
    return {
      results: page.results.map(compactMemory),
      total: page.total,
      offset: page.offset,
      ...(next < page.total ? { next_offset: next } : {}),
    };
  }));
}
