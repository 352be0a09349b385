/**
 * Graph tools that read: `read_graph`, `search_nodes`, `open_nodes` (the official MCP
 * memory server's names and shapes; `search_nodes` is ranked hybrid search instead of a
 * substring test) with the extra `as_of` (valid time of the view), and `entity_changes`
 * (what became true or stopped being true for an entity between two times).
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { MAX_NAME_CHARS } from '../../core/graph.js';
import { MAX_GRAPH_BATCH } from '../../engine/graph/graph-inputs.js';
import { MAX_QUERY_CHARS } from '../../engine/inputs.js';
import { READ_ONLY, type ToolContext } from '../tool-context.js';
import { factOut, graphOut, GraphOutShape, relationOut, runGraphTool } from '../graph-output.js';
import { graphScope } from './graph-write.js';

const asOf = z.string().min(1).max(64).optional().describe('Show the graph as it was true at this ISO-8601 time (default now)');

/** Registers read_graph, search_nodes, open_nodes, entity_changes. */
export function registerGraphReadTools(server: McpServer, ctx: ToolContext): void {
  server.registerTool('read_graph', {
    title: 'Read Graph',
    description: 'Read the entire knowledge graph (facts valid now, or at "as_of")',
    inputSchema: { as_of: asOf },
    outputSchema: GraphOutShape,
    annotations: READ_ONLY,
  }, (args) => runGraphTool(async () => {
    const g = graphOut(await ctx.memory.graph.read({ ...graphScope(ctx), ...(args.as_of ? { asOf: args.as_of } : {}) }));
    return { text: g, structured: g };
  }));

  server.registerTool('search_nodes', {
    title: 'Search Nodes',
    description: 'Search for nodes in the knowledge graph based on a query: entities ranked by meaning and keywords over ' +
      'their names, types and observations, best first, with the relations touching them',
    inputSchema: {
      query: z.string().min(1).max(MAX_QUERY_CHARS).describe('The search query to match against entity names, types, and observation content'),
      as_of: asOf,
      limit: z.number().int().min(1).max(100).optional().describe('Most entities returned (default 10)'),
    },
    outputSchema: GraphOutShape,
    annotations: READ_ONLY,
  }, (args) => runGraphTool(async () => {
    const res = await ctx.memory.graph.search(args.query, { ...graphScope(ctx), ...(args.as_of ? { asOf: args.as_of } : {}), ...(args.limit ? { limit: args.limit } : {}) });
    const g = graphOut(res);
    g.entities.forEach((e) => { e.score = Number((res.scores[e.id as string] ?? 0).toFixed(4)); });
    const out = res.notice ? { ...g, notice: res.notice } : g;
    return { text: out, structured: out };
  }));

  server.registerTool('open_nodes', {
    title: 'Open Nodes',
    description: 'Open specific nodes in the knowledge graph by their names (facts valid now, or at "as_of"), with the relations touching them',
    inputSchema: {
      names: z.array(z.string().min(1).max(MAX_NAME_CHARS)).max(MAX_GRAPH_BATCH).describe('An array of entity names to retrieve'),
      as_of: asOf,
    },
    outputSchema: GraphOutShape,
    annotations: READ_ONLY,
  }, (args) => runGraphTool(async () => {
    const g = graphOut(await ctx.memory.graph.open(args.names, { ...graphScope(ctx), ...(args.as_of ? { asOf: args.as_of } : {}) }));
    return { text: g, structured: g };
  }));

  server.registerTool('entity_changes', {
    title: 'Entity Changes',
    description: 'What changed for an entity between two times: facts and relations that became true ("started") or stopped being true ("ended")',
    inputSchema: {
      name: z.string().min(1).max(MAX_NAME_CHARS),
      from: z.string().min(1).max(64).describe('ISO-8601 start'),
      to: z.string().min(1).max(64).describe('ISO-8601 end'),
    },
    annotations: READ_ONLY,
  }, (args) => runGraphTool(async () => {
    const c = await ctx.memory.graph.changes(args.name, { userId: ctx.userId, from: args.from, to: args.to });
    const out = (x: (typeof c.started)[number]) => ('content' in x ? { fact: factOut(x) } : { relation: relationOut(x) });
    const res = { entity: c.entity.name, started: c.started.map(out), ended: c.ended.map(out) };
    return { text: res, structured: res };
  }));
}
