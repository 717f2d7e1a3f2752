import type { ServerResponse } from 'node:http';
import { HTTP_REFUSALS, type HttpRefusal } from './http-error-mapping.js';

/** A request refused before it reaches MCP; its status and JSON-RPC code come from HTTP_REFUSALS. */
export class HttpError extends Error {
  readonly status: number;
  readonly rpcCode: number;

  constructor(
    refusal: HttpRefusal,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    /** The JSON-RPC error's `data`, when the client needs more than the message. */
    readonly data?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    ({ status: this.status, rpcCode: this.rpcCode } = HTTP_REFUSALS[refusal]);
  }
}

export function sendJsonRpcError(res: ServerResponse, error: HttpError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({
    jsonrpc: '2.0',
    error:
      error.data === undefined
        ? { code: error.rpcCode, message: error.message }
        : { code: error.rpcCode, message: error.message, data: error.data },
    id: null,
  });
  res.writeHead(error.status, { 'content-type': 'application/json', ...error.headers }).end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  res
    .writeHead(status, { 'content-type': 'application/json', ...headers })
    .end(JSON.stringify(value));
}
