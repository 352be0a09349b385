/** MCP tools that remove memories: `delete_memories` (by ids) and `delete_all_memories` (the whole user scope). */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { isMnemoError, MnemoError } from '../../core/errors.js';
import { DESTRUCTIVE, runTool, type ToolContext, scoped } from '../tool-context.js';
import { MAX_LIMIT } from '../../core/limits.js';

/** Registers `delete_memories {memory_ids}` and `delete_all_memories {}`. */
export function registerDeleteTools(server: McpServer, ctx: ToolContext): void {
  server.registerTool('delete_memories', {
    title: 'Delete memories',
    description: 'Delete memories by id. They disappear from search at once. Reports ids that were not found.',
    inputSchema: { memory_ids: z.array(z.string()).min(1).max(MAX_LIMIT).describe('Ids of the memories to delete') },
    annotations: DESTRUCTIVE,
  }, (args) => runTool(async () => {
    const deleted: string[] = [];
    const notFound: string[] = [];
    for (const id of args.memory_ids) {
      try {
        await scoped(ctx).delete(id);
        deleted.push(id);
      } catch (error) {
        if (isMnemoError(error, 'NOT_FOUND') || isMnemoError(error, 'INVALID_INPUT')) notFound.push(id);
        else throw error;
      }
    }
    if (deleted.length === 0) throw new MnemoError('NOT_FOUND', `memories not found: ${notFound.join(', ')}`);
    return { deleted, ...(notFound.length ? { not_found: notFound } : {}) };
  }));
  server.registerTool('delete_all_memories', {
    title: 'Delete all memories',
    description: "Delete every memory of the current user (this user only). Cannot be undone.",
    inputSchema: {},
    annotations: DESTRUCTIVE,
  }, () => runTool(async () => scoped(ctx).deleteAll()));
}
