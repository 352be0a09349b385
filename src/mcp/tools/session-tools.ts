/**
 * Session context tools: `start_session` (a context bundle within a character budget,
 * as prompt-safe Markdown plus structured parts), `end_session` (stores the session's
 * summary as a memory of its own kind) and `reflect` (most recalled, stale, hot
 * entities, open contradictions, recently superseded facts, and a short safe summary).
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { ADDITIVE, compactMemory, READ_ONLY, runTool, type ToolContext } from '../tool-context.js';
import { contradictionOut } from './graph-contradictions.js';

/** Registers start_session, end_session, reflect. */
export function registerSessionTools(server: McpServer, ctx: ToolContext): void {
  server.registerTool('start_session', {
    title: 'Start Session',
    description: 'Call at the start of a conversation: returns what is known about the user (profile, last session summaries, ' +
      'recent memories, active topics, open contradictions) as Markdown within a character budget, and a session_id for end_session.',
    inputSchema: { budget: z.number().int().min(200).max(100_000).optional().describe('Most characters of Markdown (default 4000)') },
    annotations: READ_ONLY,
  }, (args) => runTool(async () => {
    const s = await ctx.memory.insights.startSession({ userId: ctx.userId, ...(args.budget ? { budget: args.budget } : {}) });
    return {
      session_id: s.sessionId, markdown: s.markdown, profile: s.profile.map(compactMemory), previous_sessions: s.previousSessions.map(compactMemory),
      recent: s.recent.map(compactMemory), hot_entities: s.hotEntities, open_contradictions: s.openContradictions.map(contradictionOut),
    };
  }));

  server.registerTool('end_session', {
    title: 'End Session',
    description: 'Call at the end of a conversation with a short summary of what happened; it is stored and shown by the next start_session.',
    inputSchema: { session_id: z.string().min(1).max(256), summary: z.string().min(1).max(20_000) },
    annotations: ADDITIVE,
  }, (args) => runTool(async () => {
    const app = ctx.app();
    return ctx.memory.insights.endSession({ userId: ctx.userId, sessionId: args.session_id, summary: args.summary, ...(app ? { caller: app } : {}) });
  }));

  server.registerTool('reflect', {
    title: 'Reflect',
    description: 'Review the memory: most recalled and never recalled memories, hot entities, open contradictions and recently superseded facts, with a short summary safe to paste into a prompt.',
    inputSchema: {
      lookback_days: z.number().positive().max(3650).optional(),
      stale_days: z.number().positive().max(36500).optional(),
      limit: z.number().int().min(1).max(50).optional(),
    },
    annotations: READ_ONLY,
  }, (args) => runTool(async () => {
    const r = await ctx.memory.insights.reflect({
      userId: ctx.userId, ...(args.lookback_days ? { lookbackDays: args.lookback_days } : {}), ...(args.stale_days ? { staleDays: args.stale_days } : {}),
      ...(args.limit ? { limit: args.limit } : {}),
    });
    return { ...r, openContradictions: r.openContradictions.map(contradictionOut) };
  }));
}
