import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { RpcError } from '../mcp/json-rpc/rpc-error.js';
import type { HttpError } from './http-error.js';
import { guardUnread } from './unread-guard.js';

/*
 * The one writer of HTTP bodies: JSON answers and JSON-RPC errors, each in one piece with its
 * Content-Length. (Event streams have theirs in event-stream.ts.)
 */

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  sendText(res, status, JSON.stringify(value), headers);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: OutgoingHttpHeaders = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res
    .writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...headers,
    })
    .end(text);
  guardUnread(res);
}

/** A refusal as its HTTP status, with a JSON-RPC error body. */
export function sendHttpError(res: ServerResponse, error: HttpError): void {
  const body: Record<string, unknown> = { code: error.rpcCode, message: error.message };
  if (error.data !== undefined) body.data = error.data;
  sendJson(res, error.status, { jsonrpc: '2.0', id: error.id, error: body }, error.headers);
}

/** A JSON-RPC error answering one request, with the HTTP status the version gives it. */
export function sendRpcError(
  res: ServerResponse,
  status: number,
  id: string | number | null,
  error: RpcError,
  headers: OutgoingHttpHeaders = {},
): void {
  sendJson(res, status, { jsonrpc: '2.0', id, error: error.toJson() }, headers);
}
