/**
 * MCP tool `search_memory`: hybrid search over the session user's memories. The result
 * names the `mode` that answered. While the embedding model is still loading in the
 * background (`mnemo mcp` starts the load at spawn, engine/model-warm-up.ts), a hybrid
 * search is answered at once from keyword search, with `mode: "keyword"` and a notice
 * saying why, instead of making the agent wait for the model: an agent's first search
 * usually comes seconds after spawn, when the model is loaded; an immediate one gets the
 * keyword matches in milliseconds and is told that semantic search follows. An explicit
 * `mode: "vector"` waits for the model.
 */
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
    const loading = ctx.keywordWhileModelLoads && ctx.memory.model.state === 'loading' && (args.mode ?? 'hybrid') === 'hybrid';
    const mode = loading ? 'keyword' : args.mode;
    const res = await scoped(ctx).search(args.query, {
      limit: args.limit ?? 10,
      ...(args.threshold === undefined ? {} : { threshold: args.threshold }),
      ...(mode ? { mode } : {}),
      ...(args.agent_id ? { agentId: args.agent_id } : {}),
      ...(args.run_id ? { runId: args.run_id } : {}),
      ...(args.metadata ? { metadata: args.metadata } : {}),
      ...(args.from ? { from: args.from } : {}),
      ...(args.to ? { to: args.to } : {}),
      ...(args.as_of ? { asOf: args.as_of } : {}),
    });
    const notice = loading ? modelLoadingNotice(ctx.memory.model.elapsedMs()) : res.notice;
    return {
      results: res.results.map((h) => ({ ...compactMemory(h), score: Number(h.score.toFixed(4)) })),
      mode: res.mode,
      ...(notice ? { notice } : {}),
    };
  }));
}

/** The notice of a search answered from keywords because the model is still loading. */
export function modelLoadingNotice(elapsedMs: number): string {
  return `the embedding model is still loading (${Math.round(elapsedMs)} ms so far): these results come from keyword search only; ` +
    'search again in a moment for semantic (hybrid) results';
}
