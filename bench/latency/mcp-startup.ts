/**
 * Time from spawning `mnemo mcp` to its first answered tool call, measured as an MCP
 * client sees it: `@modelcontextprotocol/sdk`'s `Client` over `StdioClientTransport`
 * spawns `node dist/src/cli/main.js mcp --db FILE --user U`, initializes, and calls
 * `search_memory`. The first search loads the embedding model, so this is the cold
 * start an agent waits for.
 *
 * Failure contract: rejects when the CLI is not built, the server exits, or the call
 * fails (`isError`), with the server's stderr tail in the message.
 */
import { existsSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { BenchUsageError } from '../errors.js';
import { cliPath } from '../paths.js';

/** One cold start, milliseconds from spawn. */
export interface McpStartup {
  /** Spawn to `initialize` answered. */
  initializeMs: number;
  /** Spawn to the first `search_memory` answered. */
  firstToolCallMs: number;
}

/**
 * Spawns `mnemo mcp` on `db` as `user`, calls `search_memory { query }` once, and closes it.
 * @throws BenchUsageError when `dist/src/cli/main.js` is missing (run `npm run build`).
 */
export async function measureMcpStartup(db: string, user: string, query: string): Promise<McpStartup> {
  const cli = cliPath();
  if (!existsSync(cli)) throw new BenchUsageError(`the CLI is not built: ${cli} is missing (run npm run build)`);
  let stderr = '';
  const transport = new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp', '--db', db, '--user', user], stderr: 'pipe' });
  transport.stderr?.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-2000); });
  const client = new Client({ name: 'mnemo-bench', version: '0.0.0' });
  const start = performance.now();
  try {
    await client.connect(transport);
    const initializeMs = performance.now() - start;
    const result = await client.callTool({ name: 'search_memory', arguments: { query, limit: 5 } });
    const firstToolCallMs = performance.now() - start;
    if (result.isError) throw new Error(`search_memory failed: ${JSON.stringify(result.content)}`);
    return { initializeMs, firstToolCallMs };
  } catch (cause) {
    throw new Error(`mnemo mcp cold start failed: ${(cause as Error).message}${stderr ? `\nserver stderr: ${stderr}` : ''}`, { cause });
  } finally {
    await client.close().catch(() => undefined);
  }
}
