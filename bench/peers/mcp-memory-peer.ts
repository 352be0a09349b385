/**
 * The official MCP memory server (`@modelcontextprotocol/server-memory`) as a
 * benchmarked system, driven as agents drive it: spawned over stdio and called with the
 * MCP client (`Client` + `StdioClientTransport` of `@modelcontextprotocol/sdk`).
 *
 * Mapping: each memory is an entity `{ name: <itemId>, entityType: 'memory',
 * observations: [<text>] }`; `add` is one `create_entities` call with one entity,
 * `addBatch` one call with many; `search` is `search_nodes { query }`.
 * What it cannot do, and how the bench handles it:
 * - No users: each user gets its own server process and JSONL file.
 * - No ranking and no limit: `search_nodes` returns every entity whose name, type or an
 *   observation contains the query as a case-insensitive substring, in file order; the
 *   bench cuts that list at k. A whole question rarely occurs verbatim in a turn, so
 *   recall is near zero by construction. That is the tool's behaviour, not a bug here.
 * - No vectors, no timestamps.
 * Runs offline; needs no key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { BenchItem, MemorySystem } from '../systems/memory-system.js';
import { peerEntry, peerVersion } from './peer-loader.js';

/** Package name in `bench/peers`. */
export const MCP_MEMORY_PACKAGE = '@modelcontextprotocol/server-memory';

interface Server { client: Client; transport: StdioClientTransport }

/**
 * Prepares the system; servers are spawned lazily, one per user, on first use.
 * @throws BenchUsageError when the package is not installed in bench/peers.
 */
export async function openMcpMemory(): Promise<MemorySystem> {
  const entry = peerEntry(MCP_MEMORY_PACKAGE);
  const dir = mkdtempSync(join(tmpdir(), 'mnemo-bench-mcp-memory-'));
  const servers = new Map<string, Promise<Server>>();
  let stderrTail = '';
  const server = (userId: string): Promise<Server> => {
    let s = servers.get(userId);
    if (!s) {
      s = (async () => {
        const transport = new StdioClientTransport({
          command: process.execPath,
          args: [entry],
          env: { ...process.env as Record<string, string>, MEMORY_FILE_PATH: join(dir, `${userId.replace(/[^\w.-]/g, '_')}.jsonl`) },
          stderr: 'pipe',
        });
        transport.stderr?.on('data', (chunk: Buffer) => { stderrTail = (stderrTail + chunk.toString()).slice(-500); });
        const client = new Client({ name: 'mnemo-bench', version: '0.0.0' });
        try {
          await client.connect(transport);
        } catch (cause) {
          throw new Error(`server-memory did not start: ${(cause as Error).message}; stderr: ${stderrTail.trim()}`, { cause });
        }
        return { client, transport };
      })();
      servers.set(userId, s);
    }
    return s;
  };
  const call = async (userId: string, name: string, args: Record<string, unknown>) => {
    const { client } = await server(userId);
    const result = await client.callTool({ name, arguments: args });
    if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content).slice(0, 300)}`);
    return result;
  };
  const entity = (item: BenchItem) => ({ name: item.itemId, entityType: 'memory', observations: [item.text] });
  return {
    name: `mcp server-memory ${peerVersion(MCP_MEMORY_PACKAGE) ?? ''}`.trim(),
    capabilities: { vectors: false, ranking: false, userScope: false, timestamps: false, batchAdd: true },
    notes: ['substring match of the whole query, unranked, no limit (bench cuts at k)', 'one server process + JSONL file per user', 'driven over stdio with the MCP client'],
    async add(item) {
      await call(item.userId, 'create_entities', { entities: [entity(item)] });
    },
    async addBatch(items) {
      const first = items[0];
      if (first) await call(first.userId, 'create_entities', { entities: items.map(entity) });
    },
    async search(query, userId, limit) {
      const result = await call(userId, 'search_nodes', { query });
      const structured = result.structuredContent as { entities?: Array<{ name: string }> } | undefined;
      const entities = structured?.entities ?? (JSON.parse(String((result.content as Array<{ text?: string }>)[0]?.text ?? '{}')) as { entities?: Array<{ name: string }> }).entities ?? [];
      return entities.slice(0, limit).map((e) => e.name);
    },
    async close() {
      for (const s of servers.values()) await s.then((server) => server.client.close()).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
