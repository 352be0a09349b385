/**
 * `mnemo mcp`: the stdio MCP server. Standard output belongs to the protocol, so every
 * console.log of any library is sent to standard error for the life of the process.
 */
import { redactUrl } from '../../config/database-url.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Command } from 'commander';
import { Option } from 'commander';
import { createMcpServer, TOOL_GROUPS, type ToolGroup } from '../../mcp/server.js';
import type { CliContext } from '../context.js';

/** Registers `mcp`. */
export function registerMcpCommand(program: Command, ctx: CliContext): void {
  program.command('mcp')
    .description('run the MCP server over stdio (for Claude Desktop, Claude Code, Cursor, ...)')
    .option('--app <name>', "app name to record (default: the client's name)")
    .addOption(new Option('--tools <group>', 'tools to expose: memory, graph (drop-in for the official MCP memory server), session (start/end_session, reflect) or all')
      .choices([...TOOL_GROUPS]).default('memory'))
    .action(async (o: { app?: string; tools: ToolGroup }) => {
      const toStderr = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`);
      console.log = toStderr;
      console.info = toStderr;
      console.warn = toStderr;
      console.debug = toStderr;
      const config = ctx.config();
      const memory = ctx.memory();
      const server = createMcpServer(memory, { userId: config.userId, tools: o.tools, ...(o.app ? { app: o.app } : {}) });
      const transport = new StdioServerTransport();
      const closed = new Promise<void>((resolve) => { transport.onclose = resolve; });
      process.stdin.on('end', () => { void server.close(); });
      await server.connect(transport);
      process.stderr.write(`mnemo mcp: user "${config.userId}", database ${redactUrl(config.db)}\n`);
      await closed;
    });
}
