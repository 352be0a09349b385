/**
 * Time from spawning `mnemo mcp` to its first answered tool call, measured as an MCP
 * client sees it: `@modelcontextprotocol/sdk`'s `Client` over `StdioClientTransport`
 * spawns `node dist/src/cli/main.js mcp --db FILE --user U`, initializes, and calls
 * `search_memory`. This is the cold start an agent waits for. Since issue 15 the server
 * loads the model in the background: a search that arrives before it is loaded is
 * answered from keyword search and says so (`mode: "keyword"` and a `notice`), so the
 * result also records which mode answered and, on request, how long until a search is
 * answered in hybrid mode.
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
  /** The `mode` the first search reports (`hybrid`, `keyword`, `vector`; absent before issue 15). */
  firstMode?: string;
  /** Spawn to the first search answered in hybrid mode (only with `untilHybrid`). */
  hybridMs?: number;
}

/** The `mode` field of a `search_memory` result's JSON text, if any. */
function modeOf(result: Awaited<ReturnType<Client['callTool']>>): string | undefined {
  const first = (result.content as Array<{ type: string; text?: string }>)[0];
  try {
    return (JSON.parse(first?.text ?? '{}') as { mode?: string }).mode;
  } catch {
    return undefined;
  }
}

/**
 * Spawns `mnemo mcp` on `db` as `user`, calls `search_memory { query }` once (with
 * `untilHybrid`, again every 25 ms until one answers in hybrid mode, up to 30 s), and closes it.
 * @param cli the built CLI to spawn. @default cliPath()
 * @throws BenchUsageError when `dist/src/cli/main.js` is missing (run `npm run build`).
 */
export async function measureMcpStartup(db: string, user: string, query: string, options: { untilHybrid?: boolean; cli?: string } = {}): Promise<McpStartup> {
  const cli = options.cli ?? cliPath();
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
    const firstMode = modeOf(result);
    const startup: McpStartup = { initializeMs, firstToolCallMs, ...(firstMode === undefined ? {} : { firstMode }) };
    // Before issue 15 results carried no mode, and every search waited for the model.
    if (options.untilHybrid) {
      let mode = firstMode;
      while (mode !== undefined && mode !== 'hybrid' && performance.now() - start < 30_000) {
        await new Promise((r) => setTimeout(r, 25));
        mode = modeOf(await client.callTool({ name: 'search_memory', arguments: { query, limit: 5 } }));
      }
      startup.hybridMs = mode === undefined || mode === 'hybrid' ? (mode === undefined ? firstToolCallMs : performance.now() - start) : NaN;
    }
    return startup;
  } catch (cause) {
    throw new Error(`mnemo mcp cold start failed: ${(cause as Error).message}${stderr ? `\nserver stderr: ${stderr}` : ''}`, { cause });
  } finally {
    await client.close().catch(() => undefined);
  }
}
