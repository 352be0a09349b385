/** MCP tool `add_memories`: store text verbatim for the session's user. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { MAX_MEMORY_CHARS, ToolMetadataSchema } from '../../engine/inputs.js';
import { ADDITIVE, runTool, type ToolContext, scoped } from '../tool-context.js';
import { MAX_ID_CHARS } from '../../core/limits.js';

/** Registers `add_memories {text, metadata?, timestamp?, agent_id?, run_id?}`. */
export function registerAddMemories(server: McpServer, ctx: ToolContext): void {
  server.registerTool('add_memories', {
    title: 'Add memories',
    description: 'Remember a piece of text for later (a fact, preference, event or message). ' +
      'Stored verbatim; an exact duplicate is not stored twice. Optional metadata (JSON object) and timestamp (ISO-8601 or Unix seconds) of when it happened.',
    inputSchema: {
      text: z.string().min(1).max(MAX_MEMORY_CHARS).describe('The text to remember'),
      metadata: ToolMetadataSchema.optional().describe('Extra JSON fields, e.g. {"speaker": "Ann"}'),
      timestamp: z.union([z.string(), z.number()]).optional().describe('When it happened: ISO-8601 or Unix seconds'),
      agent_id: z.string().min(1).max(MAX_ID_CHARS).optional(),
      run_id: z.string().min(1).max(MAX_ID_CHARS).optional(),
      infer: z.boolean().optional().describe('Let the configured LLM extract facts and update or delete stale memories (default false: stored verbatim)'),
    },
    annotations: ADDITIVE,
  }, (args) => runTool(async () => scoped(ctx).add(args.text, {
    ...(args.agent_id ? { agentId: args.agent_id } : {}),
    ...(args.run_id ? { runId: args.run_id } : {}),
    ...(args.metadata ? { metadata: args.metadata } : {}),
    ...(args.timestamp !== undefined ? { timestamp: args.timestamp } : {}),
    ...(args.infer ? { infer: true } : {}),
  })));
}
