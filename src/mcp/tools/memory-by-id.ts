/** MCP tools on single memories: `get_memory`, `update_memory`, `memory_history`. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { MAX_MEMORY_CHARS } from '../../engine/inputs.js';
import { ADDITIVE, compactMemory, READ_ONLY, runTool, type ToolContext, scoped } from '../tool-context.js';

const memoryId = z.string().describe('The memory id (a UUID) from add, search or list');

/** Registers `get_memory {memory_id}`, `update_memory {memory_id, text}` and `memory_history {memory_id}`. */
export function registerMemoryByIdTools(server: McpServer, ctx: ToolContext): void {
  server.registerTool('get_memory', {
    title: 'Get a memory',
    description: 'Fetch one memory by id.',
    inputSchema: { memory_id: memoryId },
    annotations: READ_ONLY,
  }, (args) => runTool(async () => {
    const m = await scoped(ctx).get(args.memory_id);
    return { ...compactMemory(m), state: m.state, updated_at: m.updatedAt, app: m.app };
  }));
  server.registerTool('update_memory', {
    title: 'Update a memory',
    description: 'Replace the text of one memory (for a corrected or changed fact). The old text stays in its history.',
    inputSchema: { memory_id: memoryId, text: z.string().min(1).max(MAX_MEMORY_CHARS) },
    annotations: { ...ADDITIVE, idempotentHint: true },
  }, (args) => runTool(async () => compactMemory(await scoped(ctx).update(args.memory_id, args.text))));
  server.registerTool('memory_history', {
    title: 'Memory history',
    description: 'How one memory changed over time: ADD, UPDATE and DELETE events with old and new text.',
    inputSchema: { memory_id: memoryId },
    annotations: READ_ONLY,
  }, (args) => runTool(async () => ({
    history: (await scoped(ctx).history(args.memory_id)).map((h) => ({
      event: h.event, old_memory: h.oldMemory, new_memory: h.newMemory, app: h.app, created_at: h.createdAt,
    })),
  })));
}
