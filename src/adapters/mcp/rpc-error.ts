/**
 * A JSON-RPC error as the SDK's Protocol sends it (it reads `code`, `message` and `data`). Unlike
 * the SDK's McpError, the message goes on the wire as written, without an "MCP error" prefix.
 */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}
