import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CreateTaskResultSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
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

/** tools/call params of a count_primes task that finishes at once. */
export const PRIMES_TASK = { name: 'count_primes', arguments: { below: 10 }, task: {} };

/** A JSON-RPC request as the text of an HTTP body. */
export function rpcBody(method: string, params?: unknown, id: number | string = 1): string {
  return JSON.stringify(
    params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params },
  );
}

/** A raw POST to the MCP endpoint, bypassing the SDK client, for what a client would never send. */
export function postRaw(
  url: URL,
  body: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body,
  });
}

/** Starts a count_primes task that runs for minutes and waits until it has reported progress. */
export async function startLongPrimesTask(client: Client): Promise<string> {
  const created = await client.request(
    {
      method: 'tools/call',
      params: { name: 'count_primes', arguments: { below: 10_000_000_000 }, task: {} },
    },
    CreateTaskResultSchema,
  );
  const { taskId } = created.task;
  const deadline = Date.now() + 5000;
  while ((await client.experimental.tasks.getTask(taskId)).statusMessage === undefined) {
    if (Date.now() > deadline) throw new Error('the primes task reported no progress');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return taskId;
}
