/**
 * Graph tools that add: `create_entities`, `create_relations`, `add_observations` (the
 * official MCP memory server's names and argument shapes, plus optional extras) and
 * `supersede_observation` / `supersede_relation` (mnemo's: retire a fact, never delete).
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { MAX_NAME_CHARS, MAX_OBSERVATION_CHARS, normalizeName } from '../../core/graph.js';
import { MAX_GRAPH_BATCH } from '../../engine/graph/graph-inputs.js';
import { ADDITIVE, type ToolContext } from '../tool-context.js';
import { EntityOut, factOut, RelationOut, relationOut, runGraphTool } from '../graph-output.js';

const name = z.string().min(1).max(MAX_NAME_CHARS);
const time = z.string().min(1).max(64).describe('ISO-8601 time, e.g. 2024-06-01');

/** The scope of a call: the session's user, as the client's app. */
export function graphScope(ctx: ToolContext): { userId: string; caller?: string } {
  const app = ctx.app();
  return app ? { userId: ctx.userId, caller: app } : { userId: ctx.userId };
}

/** Registers create_entities, create_relations, add_observations, supersede_observation, supersede_relation. */
export function registerGraphWriteTools(server: McpServer, ctx: ToolContext): void {
  server.registerTool('create_entities', {
    title: 'Create Entities',
    description: 'Create multiple new entities in the knowledge graph. An entity whose name and type exist is skipped ' +
      '(its new aliases are added). Optional "aliases": other names it is mentioned by.',
    inputSchema: {
      entities: z.array(z.object({
        name: name.describe('The name of the entity'),
        entityType: name.describe('The type of the entity'),
        observations: z.array(z.string().min(1).max(MAX_OBSERVATION_CHARS)).max(MAX_GRAPH_BATCH).describe('An array of observation contents associated with the entity'),
        aliases: z.array(name).max(50).optional().describe('Other names of the entity (mnemo extra)'),
      })).max(MAX_GRAPH_BATCH),
    },
    outputSchema: z.looseObject({ entities: z.array(EntityOut) }),
    annotations: ADDITIVE,
  }, (args) => runGraphTool(async () => {
    const res = await ctx.memory.graph.createEntities(args.entities.map((e) => ({
      name: e.name, type: e.entityType, observations: e.observations, aliases: e.aliases ?? [],
    })), graphScope(ctx));
    const entities = res.created.map((e) => ({
      name: e.name, entityType: e.type, observations: args.entities.find((a) => a.name === e.name)?.observations ?? [],
      id: e.id, ...(e.aliases.length > 0 ? { aliases: e.aliases } : {}),
    }));
    return { text: entities, structured: { entities } };
  }));

  server.registerTool('create_relations', {
    title: 'Create Relations',
    description: 'Create multiple new relations between entities in the knowledge graph. Relations should be in active voice. ' +
      'Extras: "valid_at" (when it became true), "exclusive": true when the source has one such relation at a time ' +
      '(works_at, lives_in): the previous one is then closed, not deleted.',
    inputSchema: {
      relations: z.array(z.object({
        from: name.describe('The name of the entity where the relation starts'),
        to: name.describe('The name of the entity where the relation ends'),
        relationType: name.describe('The type of the relation'),
        valid_at: time.optional(),
        invalid_at: time.optional(),
        exclusive: z.boolean().optional(),
        weight: z.number().positive().max(1e6).optional(),
      })).max(MAX_GRAPH_BATCH),
    },
    outputSchema: z.looseObject({ relations: z.array(RelationOut) }),
    annotations: ADDITIVE,
  }, (args) => runGraphTool(async () => {
    const res = await ctx.memory.graph.createRelations(args.relations.map((r) => ({
      from: r.from, to: r.to, type: r.relationType, ...(r.valid_at ? { validAt: r.valid_at } : {}), ...(r.invalid_at ? { invalidAt: r.invalid_at } : {}),
      ...(r.exclusive ? { exclusive: true } : {}), ...(r.weight ? { weight: r.weight } : {}),
    })), graphScope(ctx));
    const relations = res.created.map(relationOut);
    return { text: relations, structured: { relations, ...(res.closed.length > 0 ? { closed: res.closed } : {}) } };
  }));

  server.registerTool('add_observations', {
    title: 'Add Observations',
    description: 'Add new observations to existing entities in the knowledge graph. Extras per item: "valid_at" (when it ' +
      'became true), "predicate" (+ optional "value") for a structured fact: a new fact closes the open one of the same ' +
      'entity and predicate (lives_in: Berlin -> Hamburg), "confidence" 0..1.',
    inputSchema: {
      observations: z.array(z.object({
        entityName: name.describe('The name of the entity to add the observations to'),
        contents: z.array(z.string().min(1).max(MAX_OBSERVATION_CHARS)).max(MAX_GRAPH_BATCH).describe('An array of observation contents to add'),
        valid_at: time.optional(),
        predicate: name.optional(),
        value: z.string().min(1).max(MAX_OBSERVATION_CHARS).optional(),
        confidence: z.number().min(0).max(1).optional(),
      })).max(MAX_GRAPH_BATCH),
    },
    outputSchema: z.looseObject({ results: z.array(z.looseObject({ entityName: z.string(), addedObservations: z.array(z.string()) })) }),
    annotations: ADDITIVE,
  }, (args) => runGraphTool(async () => {
    const items = args.observations.flatMap((o) => o.contents.map((content) => ({
      entityName: o.entityName, content, ...(o.valid_at ? { validAt: o.valid_at } : {}), ...(o.predicate ? { predicate: o.predicate } : {}),
      ...(o.value ? { value: o.value } : {}), ...(o.confidence !== undefined ? { confidence: o.confidence } : {}),
    })));
    const res = await ctx.memory.graph.addObservations(items, graphScope(ctx));
    // The entity each item named (resolved as addObservations did: by normalised name, oldest first).
    const named = await ctx.memory.graph.open(args.observations.map((o) => o.entityName), { userId: ctx.userId });
    const entityOf = (name: string) => named.entities.find((e) => normalizeName(e.name) === normalizeName(name))?.id;
    const results = args.observations.map((o) => {
      const mine = res.added.filter((a) => a.entityId === entityOf(o.entityName) && o.contents.includes(a.content));
      return { entityName: o.entityName, addedObservations: mine.map((a) => a.content), facts: mine.map(factOut) };
    });
    const extra = { ...(res.closed.length > 0 ? { closed: res.closed } : {}), ...(res.notice ? { notice: res.notice } : {}) };
    return { text: results, structured: { results, ...extra } };
  }));

  const supersede = {
    superseded_by: z.string().min(1).max(256).optional().describe('Id of the fact that replaces it'),
    invalid_at: time.optional().describe('When it stopped being true (default: the replacement\'s valid_at, else now)'),
  };
  server.registerTool('supersede_observation', {
    title: 'Supersede Observation',
    description: 'Mark an observation as no longer true (sets invalid_at, expired_at and superseded_by); it is kept for history and as_of views.',
    inputSchema: { observation_id: z.string().min(1).max(256), ...supersede },
    annotations: { ...ADDITIVE, idempotentHint: false },
  }, (args) => runGraphTool(async () => {
    const o = await ctx.memory.graph.supersedeObservation(args.observation_id, {
      ...graphScope(ctx), ...(args.superseded_by ? { by: args.superseded_by } : {}), ...(args.invalid_at ? { invalidAt: args.invalid_at } : {}),
    });
    const fact = factOut(o);
    return { text: fact, structured: fact };
  }));

  server.registerTool('supersede_relation', {
    title: 'Supersede Relation',
    description: 'Mark a relation as no longer true (sets invalid_at, expired_at and superseded_by); it is kept for history and as_of views.',
    inputSchema: { relation_id: z.string().min(1).max(256), ...supersede },
    annotations: ADDITIVE,
  }, (args) => runGraphTool(async () => {
    const r = await ctx.memory.graph.supersedeRelation(args.relation_id, {
      ...graphScope(ctx), ...(args.superseded_by ? { by: args.superseded_by } : {}), ...(args.invalid_at ? { invalidAt: args.invalid_at } : {}),
    });
    const out = { id: r.id, relationType: r.type, invalid_at: new Date(r.invalidAt!).toISOString(), superseded_by: r.supersededBy };
    return { text: out, structured: out };
  }));
}
