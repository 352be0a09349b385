/**
 * `mnemo mcp`: the stdio MCP server. Standard output belongs to the protocol, so every
 * console.log of any library is sent to standard error for the life of the process.
 * The embedding model starts loading in the background at spawn, so `initialize` is
 * answered at once; until it is loaded, hybrid searches answer from keyword search with a
 * notice (`--wait-for-model` makes them wait instead; mcp/tools/search-memory.ts).
 */
import { isPostgresUrl, redactUrl } from '../../config/database-url.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Command } from 'commander';
import { Option } from 'commander';
import { MnemoError } from '../../core/errors.js';
import { createMcpServer, TOOL_GROUPS, type ToolGroup } from '../../mcp/server.js';
import { limitLines } from '../../mcp/stdin-limit.js';
import type { CliContext } from '../context.js';
import { isNewDatabase, newDatabaseNotice } from '../first-run.js';

/** Registers `mcp`. */
export function registerMcpCommand(program: Command, ctx: CliContext): void {
  program.command('mcp')
    .description('run the MCP server over stdio (for Claude Desktop, Claude Code, Cursor, ...)')
    .option('--app <name>', "app name to record (default: the client's name)")
    .addOption(new Option('--tools <group>', 'tools to expose: memory, graph (drop-in for the official MCP memory server), session (start/end_session, reflect) or all')
      .choices([...TOOL_GROUPS]).default('memory'))
    .option('--wait-for-model', 'searches wait for the embedding model to load (default: while it loads in the background, searches answer from keyword search with a notice)')
    .action(async (o: { app?: string; tools: ToolGroup; waitForModel?: boolean }) => {
      const toStderr = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`);
      console.log = toStderr;
      console.info = toStderr;
      console.warn = toStderr;
      console.debug = toStderr;
      const config = ctx.config();
      const fresh = !isPostgresUrl(config.db) && isNewDatabase(config.db);
      const memory = ctx.memory(undefined, 'long-lived');
      await memory.open(); // refuse to start on an unusable database (e.g. a newer schema)
      // The model loads in the background while `initialize` is answered (issue 15).
      void memory.warmUp();
      const server = createMcpServer(memory, { userId: config.userId, tools: o.tools, keywordWhileModelLoads: o.waitForModel !== true, ...(o.app ? { app: o.app } : {}) });
      let inputFailure: string | undefined;
      const input = limitLines(process.stdin, (message) => {
        inputFailure = message;
        void server.close();
      });
      const transport = new StdioServerTransport(input, process.stdout);
      const closed = new Promise<void>((resolve) => { transport.onclose = resolve; });
      input.on('end', () => { void server.close(); });
      await server.connect(transport);
      if (fresh) process.stderr.write(newDatabaseNotice('mnemo mcp', config.db));
      process.stderr.write(`mnemo mcp: user "${config.userId}", database ${redactUrl(config.db)}\n`);
      await closed;
      if (inputFailure !== undefined) throw new MnemoError('INVALID_INPUT', inputFailure);
    });
}
