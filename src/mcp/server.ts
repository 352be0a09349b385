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

/** Server name and version announced in `initialize`. */
export const SERVER_INFO = { name: 'mnemo', version: '0.1.0' } as const;

/** Options of {@link createMcpServer}. */
export interface McpServerOptions {
  /** The user every tool call is scoped to. */
  userId: string;
  /** The app name recorded on writes and reads; default: the client's `clientInfo.name`. */
  app?: string;
}

/**
 * Creates an MCP server exposing memory tools: add_memories, search_memory,
 * list_memories, get_memory, update_memory, memory_history, delete_memories,
 * delete_all_memories.
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
  };
  registerAddMemories(server, ctx);
  registerSearchMemory(server, ctx);
  registerListMemories(server, ctx);
  registerMemoryByIdTools(server, ctx);
  registerDeleteTools(server, ctx);
  return server;
}
