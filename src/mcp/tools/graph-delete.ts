/**
 * Graph tools that remove, with the official MCP memory server's names, arguments and
 * replies: `delete_entities` (with their relations), `delete_observations`,
 * `delete_relations`. Absent names are ignored, as there. (To retire a fact but keep its
 * history, use `supersede_observation` instead.)
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { MAX_NAME_CHARS } from '../../core/graph.js';
import { MAX_GRAPH_BATCH } from '../../engine/graph/graph-inputs.js';
import { DESTRUCTIVE, type ToolContext } from '../tool-context.js';
import { runGraphTool, SuccessOutShape } from '../graph-output.js';
import { graphScope } from './graph-write.js';

const name = z.string().min(1).max(MAX_NAME_CHARS);

/** A success reply as the official server's: the message as text, `{success, message}` structured. */
function ok(message: string, deleted: number): { text: string; structured: Record<string, unknown> } {
  return { text: message, structured: { success: true, message, deleted } };
}

/** Registers delete_entities, delete_observations, delete_relations. */
export function registerGraphDeleteTools(server: McpServer, ctx: ToolContext): void {
  server.registerTool('delete_entities', {
    title: 'Delete Entities',
    description: 'Delete multiple entities and their associated relations from the knowledge graph',
    inputSchema: { entityNames: z.array(name).max(MAX_GRAPH_BATCH).describe('An array of entity names to delete') },
    outputSchema: SuccessOutShape,
    annotations: DESTRUCTIVE,
  }, (args) => runGraphTool(async () => ok('Entities deleted successfully', (await ctx.memory.graph.deleteEntities(args.entityNames, graphScope(ctx))).length)));

  server.registerTool('delete_observations', {
    title: 'Delete Observations',
    description: 'Delete specific observations from entities in the knowledge graph',
    inputSchema: {
      deletions: z.array(z.object({
        entityName: name.describe('The name of the entity containing the observations'),
        observations: z.array(z.string()).max(MAX_GRAPH_BATCH).describe('An array of observations to delete'),
      })).max(MAX_GRAPH_BATCH),
    },
    outputSchema: SuccessOutShape,
    annotations: DESTRUCTIVE,
  }, (args) => runGraphTool(async () => ok('Observations deleted successfully',
    (await ctx.memory.graph.deleteObservations(args.deletions.map((d) => ({ entityName: d.entityName, contents: d.observations })), graphScope(ctx))).length)));

  server.registerTool('delete_relations', {
    title: 'Delete Relations',
    description: 'Delete multiple relations from the knowledge graph',
    inputSchema: {
      relations: z.array(z.object({
        from: name.describe('The name of the entity where the relation starts'),
        to: name.describe('The name of the entity where the relation ends'),
        relationType: name.describe('The type of the relation'),
      })).max(MAX_GRAPH_BATCH).describe('An array of relations to delete'),
    },
    outputSchema: SuccessOutShape,
    annotations: DESTRUCTIVE,
  }, (args) => runGraphTool(async () => ok('Relations deleted successfully',
    (await ctx.memory.graph.deleteRelations(args.relations.map((r) => ({ from: r.from, to: r.to, type: r.relationType })), graphScope(ctx))).length)));
}
