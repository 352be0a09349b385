/**
 * Transport-level error responses of the MCP endpoints, in the JSON-RPC shape the MCP
 * SDK's own transports use (`{jsonrpc: '2.0', error: {code, message}, id: null}`), so
 * MCP clients read them like the SDK's. Tool failures never come here: they are
 * `isError` tool results (src/mcp/tool-context.ts).
 */

/**
 * A JSON-RPC error response with HTTP `status`.
 * @param code JSON-RPC code: -32700 parse error, -32000 transport error, -32001 session not found.
 */
export function jsonRpcError(status: number, code: number, message: string): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}
