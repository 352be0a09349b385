/**
 * The MCP server factory: one `McpServer` (official SDK) with mnemo's tools, bound to one
 * engine and one user. Transport-agnostic: `mnemo mcp` connects it to stdio, `mnemo
 * serve` to Streamable HTTP and SSE. Nothing starts at import.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Memory } from '../engine/memory.js';
import type { ToolContext } from './tool-context.js';
import { registerAddMemories } from './tools/add-memories.js';
import { registerDeleteTools } from './tools/delete-memories.js';
import { registerListMemories } from './tools/list-memories.js';
import { registerMemoryByIdTools } from './tools/memory-by-id.js';
import { registerSearchMemory } from './tools/search-memory.js';
import { registerGraphDeleteTools } from './tools/graph-delete.js';
import { registerGraphReadTools } from './tools/graph-read.js';
import { registerGraphWriteTools } from './tools/graph-write.js';
import { registerContradictionTools } from './tools/graph-contradictions.js';
import { registerSessionTools } from './tools/session-tools.js';

/** Server name and version announced in `initialize`. */
export const SERVER_INFO = { name: 'mnemo', version: '0.1.0' } as const;

/**
 * Tool groups a server exposes (many clients handle long tool lists badly):
 * `memory` = the memory tools; `graph` = the knowledge graph tools (the official MCP
 * memory server's nine, same names and arguments, plus supersede_observation,
 * supersede_relation, entity_changes, find_contradictions, resolve_contradiction);
 * `session` = start_session, end_session, reflect; `all` = every group.
 */
export const TOOL_GROUPS = ['memory', 'graph', 'session', 'all'] as const;
/** One of {@link TOOL_GROUPS}. */
export type ToolGroup = (typeof TOOL_GROUPS)[number];

/** Options of {@link createMcpServer}. */
export interface McpServerOptions {
  /** The user every tool call is scoped to. */
  userId: string;
  /** The app name recorded on writes and reads; default: the client's `clientInfo.name`. */
  app?: string;
  /** Which tools to expose. @default 'memory' (the tool list of earlier versions) */
  tools?: ToolGroup;
  /**
   * While `memory.warmUp()` is loading the model, answer hybrid searches from keyword
   * search with a notice (`true`) or wait for the model (`false`). @default true
   */
  keywordWhileModelLoads?: boolean;
}

/**
 * Creates an MCP server exposing the memory tools (add_memories, search_memory,
 * list_memories, get_memory, update_memory, memory_history, delete_memories,
 * delete_all_memories) and/or the graph tools, by `tools` (see {@link ToolGroup}).
 * @example
 * const server = createMcpServer(memory, { userId: 'alice' });
 * await server.connect(new StdioServerTransport());
 */
export function createMcpServer(memory: Memory, options: McpServerOptions): McpServer {
  const server = new McpServer(SERVER_INFO, {
    instructions: 'mnemo is long-term memory. Call search_memory before answering questions about the user or past ' +
      'conversations; call add_memories to remember facts, preferences and events worth keeping.',
  });
  const ctx: ToolContext = {
    memory,
    userId: options.userId,
    app: () => options.app ?? server.server.getClientVersion()?.name ?? null,
    keywordWhileModelLoads: options.keywordWhileModelLoads ?? true,
  };
  const tools = options.tools ?? 'memory';
  if (tools === 'memory' || tools === 'all') {
    registerAddMemories(server, ctx);
    registerSearchMemory(server, ctx);
    registerListMemories(server, ctx);
    registerMemoryByIdTools(server, ctx);
    registerDeleteTools(server, ctx);
  }
  if (tools === 'graph' || tools === 'all') {
    registerGraphWriteTools(server, ctx);
    registerGraphReadTools(server, ctx);
    registerGraphDeleteTools(server, ctx);
    registerContradictionTools(server, ctx);
  }
  if (tools === 'session' || tools === 'all') registerSessionTools(server, ctx);
  return server;
}
