/**
 * `find_contradictions` (LLM-free candidates among the user's live facts and memories,
 * with reasons and scores) and `resolve_contradiction` (supersede the older, dismiss =
 * keep both and remember, or delete one side). Text is never edited.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { toIso } from '../../core/clock.js';
import type { Contradiction } from '../../engine/graph/contradictions.js';
import { ADDITIVE, READ_ONLY, type ToolContext } from '../tool-context.js';
import { runGraphTool } from '../graph-output.js';
import { graphScope } from './graph-write.js';

/** A candidate with ISO times. */
export function contradictionOut(c: Contradiction): Record<string, unknown> {
  const side = (s: Contradiction['older']) => ({ ...s, at: toIso(s.at) });
  return { ...c, older: side(c.older), newer: side(c.newer) };
}

/** Registers find_contradictions and resolve_contradiction. */
export function registerContradictionTools(server: McpServer, ctx: ToolContext): void {
  server.registerTool('find_contradictions', {
    title: 'Find Contradictions',
    description: 'List pairs of stored facts or memories that seem to contradict each other (same predicate with another value, ' +
      'a negation of the same statement, a different value of a single-valued fact, a different number, or a confidence drift), ' +
      'each with reasons, scores and its older/newer side. Pairs dismissed before are left out. Nothing is changed.',
    inputSchema: {
      entity: z.string().min(1).max(256).optional().describe('Only facts of this entity'),
      include_memories: z.boolean().optional().describe('Also check memories (default true)'),
      limit: z.number().int().min(1).max(200).optional(),
    },
    annotations: READ_ONLY,
  }, (args) => runGraphTool(async () => {
    const found = await ctx.memory.graph.findContradictions({
      ...graphScope(ctx), ...(args.entity ? { entity: args.entity } : {}), ...(args.include_memories === false ? { memories: false } : {}),
      ...(args.limit ? { limit: args.limit } : {}),
    });
    const out = { contradictions: found.map(contradictionOut) };
    return { text: out, structured: out };
  }));

  server.registerTool('resolve_contradiction', {
    title: 'Resolve Contradiction',
    description: 'Act on a pair from find_contradictions: "supersede" retires the older (a fact gets invalid_at and superseded_by, ' +
      'a memory is archived), "dismiss" keeps both and is remembered, "delete" deletes one side (target older by default).',
    inputSchema: {
      id: z.string().min(1).max(600).describe('The contradiction id'),
      action: z.enum(['supersede', 'dismiss', 'delete']),
      target: z.enum(['older', 'newer']).optional(),
    },
    annotations: { ...ADDITIVE, destructiveHint: true },
  }, (args) => runGraphTool(async () => {
    const res = await ctx.memory.graph.resolveContradiction(args.id, args.action, { ...graphScope(ctx), ...(args.target ? { target: args.target } : {}) });
    return { text: res, structured: res };
  }));
}
