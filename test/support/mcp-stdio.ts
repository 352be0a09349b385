/**
 * Test support: a real MCP client (the SDK's `Client` + `StdioClientTransport`) that
 * spawns `mnemo mcp` as a child process, and helpers to call tools and parse their JSON.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CLI_PATH } from './cli-path.js';

/** A connected client and its transport (for the child's pid). */
export interface StdioSession {
  client: Client;
  transport: StdioClientTransport;
  close(): Promise<void>;
}

/**
 * Spawns `node dist/src/cli/main.js mcp --db <db> --user <user> [...extra]` and connects.
 * @param clientName sent as `clientInfo.name` (becomes the app of written memories).
 */
export async function connectStdio(db: string, user: string, options: { clientName?: string; extraArgs?: string[] } = {}): Promise<StdioSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI_PATH, 'mcp', '--db', db, '--user', user, ...(options.extraArgs ?? [])],
    stderr: 'pipe',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
  });
  const client = new Client({ name: options.clientName ?? 'test-client', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport, close: () => client.close() };
}

/** Calls a tool and returns the raw result. */
export async function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** Calls a tool that must succeed and parses its JSON text. Throws with the tool's message otherwise. */
export async function callJson<T = any>(client: Client, name: string, args: Record<string, unknown>): Promise<T> {
  const result = await callTool(client, name, args);
  const text = (result.content[0] as { text: string }).text;
  if (result.isError) throw new Error(`tool ${name} failed: ${text}`);
  return JSON.parse(text) as T;
}

/** The text of a tool result. */
export function resultText(result: CallToolResult): string {
  return (result.content[0] as { text: string }).text;
}
