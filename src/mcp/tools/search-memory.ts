/** MCP tool `search_memory`: hybrid search over the session user's memories. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { MAX_QUERY_CHARS, ThresholdSchema, ToolMetadataSchema } from '../../engine/inputs.js';
import { compactMemory, READ_ONLY, runTool, type ToolContext, scoped } from '../tool-context.js';
import { MAX_ID_CHARS } from '../../core/limits.js';

/** Most results one call returns, to keep an LLM's context small. */
export const MAX_SEARCH_RESULTS = 50;

/** Registers `search_memory {query, limit?, threshold?, mode?, agent_id?, run_id?, metadata?, from?, to?, as_of?}`. */
export function registerSearchMemory(server: McpServer, ctx: ToolContext): void {
  server.registerTool('search_memory', {
    title: 'Search memories',
    description: 'Find the stored memories most relevant to a query (keyword + semantic hybrid search). ' +
      'Returns the best matches with scores (the estimated probability, 0-1, that a memory is relevant; ' +
      'pass threshold 0.1 to keep only likely-relevant ones); a "notice" field says when search was degraded.',
    inputSchema: {
      query: z.string().min(1).max(MAX_QUERY_CHARS).describe('What to look for, in natural language'),
      limit: z.number().int().min(1).max(MAX_SEARCH_RESULTS).optional().describe('How many results (default 10)'),
      threshold: ThresholdSchema.optional().describe('Least score (0-1) a result must have; 0.1 keeps likely-relevant memories only'),
      mode: z.enum(['hybrid', 'keyword', 'vector']).optional(),
      agent_id: z.string().min(1).max(MAX_ID_CHARS).optional(),
      run_id: z.string().min(1).max(MAX_ID_CHARS).optional(),
      metadata: ToolMetadataSchema.optional().describe('Only memories whose metadata has these key/values'),
      from: z.string().optional().describe('Only memories at or after this ISO-8601 time'),
      to: z.string().optional().describe('Only memories at or before this ISO-8601 time'),
      as_of: z.string().min(1).max(64).optional().describe('Search the memories as they were at this ISO-8601 time (a memory updated later is found by its text of then)'),
    },
    annotations: READ_ONLY,
  }, (args) => runTool(async () => {
    const res = await scoped(ctx).search(args.query, {
      limit: args.limit ?? 10,
      ...(args.threshold === undefined ? {} : { threshold: args.threshold }),
      ...(args.mode ? { mode: args.mode } : {}),
      ...(args.agent_id ? { agentId: args.agent_id } : {}),
      ...(args.run_id ? { runId: args.run_id } : {}),
      ...(args.metadata ? { metadata: args.metadata } : {}),
      ...(args.from ? { from: args.from } : {}),
      ...(args.to ? { to: args.to } : {}),
      ...(args.as_of ? { asOf: args.as_of } : {}),
    });
    return {
      results: res.results.map((h) => ({ ...compactMemory(h), score: Number(h.score.toFixed(4)) })),
      ...(res.notice ? { notice: res.notice } : {}),
    };
  }));
}
