import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

const AnyResult = z.looseObject({});

/** Sends any request, however malformed, and returns the result or the JSON-RPC error. */
export async function rawRequest(
  client: Client,
  method: string,
  params?: unknown,
): Promise<{ result?: Record<string, unknown>; error?: { code: number; message: string } }> {
  try {
    const request = params === undefined ? { method } : { method, params };
    const result = await client.request(request as never, AnyResult);
    return { result };
  } catch (error) {
    if (error instanceof McpError) {
      // The client prefixes "MCP error <code>: "; compare the server's own words.
      return {
        error: { code: error.code, message: error.message.replace(/^MCP error -?\d+: /, '') },
      };
    }
    throw error;
  }
}
