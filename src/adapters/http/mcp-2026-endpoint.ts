import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { Principal } from '../../application/ports/identity-provider.js';
import type { Mcp2026Handler, Request2026 } from '../mcp/protocol-2026/mcp-2026-handler.js';
import { isObject, readRequestMeta, type RequestMeta } from '../mcp/protocol-2026/request-meta.js';
import {
  HEADER_MISMATCH,
  META,
  MISSING_CLIENT_CAPABILITY,
  SUPPORTED_VERSIONS,
  UNSUPPORTED_PROTOCOL_VERSION,
} from '../mcp/protocol-2026/wire.js';
import { RpcError } from '../mcp/rpc-error.js';
import { HttpError } from './http-error.js';
import { assertPostHeaders } from './streamable-http-headers.js';

/** The body field each routed method mirrors in its Mcp-Name header (SEP-2243, SEP-2663). */
const NAMED_BY: Readonly<Record<string, string>> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
  'tasks/get': 'taskId',
  'tasks/update': 'taskId',
  'tasks/cancel': 'taskId',
};

/** JSON-RPC errors that say the request itself is wrong: HTTP 400; an unknown method is 404. */
const BAD_REQUEST_CODES: ReadonlySet<number> = new Set([
  ErrorCode.ParseError,
  ErrorCode.InvalidRequest,
  HEADER_MISMATCH,
  MISSING_CLIENT_CAPABILITY,
]);

/**
 * Streamable HTTP for 2026-07-28 clients: one JSON-RPC request per POST, with no session and no
 * initialize; the routing headers (Mcp-Method, Mcp-Name) must mirror the body, and the
 * protocol-version header the request's `_meta` (-32020 otherwise). Answers are plain JSON.
 */
export class Mcp2026Endpoint {
  constructor(private readonly handler: Mcp2026Handler) {}

  /**
   * A request in a protocol version this server does not speak (any version, any client): 400
   * with UnsupportedProtocolVersionError naming the versions it does, and the request's id.
   */
  refuseVersion(res: ServerResponse, body: unknown, requested: string): void {
    const id =
      isObject(body) && (typeof body.id === 'string' || typeof body.id === 'number')
        ? body.id
        : null;
    const error = new RpcError(
      UNSUPPORTED_PROTOCOL_VERSION,
      `Unsupported protocol version: ${requested.slice(0, 64)} (supported: ${SUPPORTED_VERSIONS.join(', ')})`,
      { requested: requested.slice(0, 64), supported: SUPPORTED_VERSIONS },
    );
    answer(res, 400, id, error);
  }

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    principal: Principal,
    body: unknown,
  ): Promise<void> {
    if (req.method !== 'POST') {
      throw new HttpError('METHOD_NOT_ALLOWED', 'Method not allowed: 2026-07-28 clients POST');
    }
    assertPostHeaders(req);
    if (!isObject(body) || body.jsonrpc !== '2.0' || typeof body.method !== 'string') {
      answer(
        res,
        400,
        null,
        new RpcError(ErrorCode.InvalidRequest, 'Invalid Request: one JSON-RPC message per POST'),
      );
      return;
    }
    const id = body.id;
    if (id === undefined) {
      // A notification: nothing of 2026-07-28's needs one from a client here.
      res.writeHead(202).end();
      return;
    }
    if (typeof id !== 'string' && typeof id !== 'number') {
      answer(res, 400, null, new RpcError(ErrorCode.InvalidRequest, 'Invalid Request: bad id'));
      return;
    }
    const request: Request2026 = { id, method: body.method, params: body.params };
    const mismatch = headerMismatch(req, request);
    if (mismatch) {
      answer(res, 400, id, new RpcError(HEADER_MISMATCH, `Header mismatch: ${mismatch}`));
      return;
    }
    let meta: RequestMeta;
    try {
      // Malformed `_meta` is a malformed request: 400, before anything else looks at it.
      meta = readRequestMeta(request.params);
    } catch (error) {
      answer(res, 400, id, error as RpcError);
      return;
    }
    const disconnected = new AbortController();
    res.once('close', () => disconnected.abort());
    try {
      const result = await this.handler.handle(request, meta, principal, disconnected.signal);
      if (res.destroyed) return;
      const text = JSON.stringify({ jsonrpc: '2.0', id, result });
      res
        .writeHead(200, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        })
        .end(text);
    } catch (error) {
      if (res.destroyed) return;
      const rpc =
        error instanceof RpcError ? error : new RpcError(ErrorCode.InternalError, 'Internal error');
      const status =
        rpc.code === ErrorCode.MethodNotFound ? 404 : BAD_REQUEST_CODES.has(rpc.code) ? 400 : 200;
      answer(res, status, id, rpc);
    }
  }
}

/**
 * What a routing header says that the body does not: Mcp-Method must name the method, Mcp-Name
 * the routed field, and MCP-Protocol-Version match the `_meta` version (when `_meta` has one).
 */
function headerMismatch(req: IncomingMessage, request: Request2026): string | undefined {
  const method = req.headers['mcp-method'];
  if (method !== request.method) {
    return method === undefined
      ? 'the Mcp-Method header is required'
      : 'the Mcp-Method header does not match the body';
  }
  const field = NAMED_BY[request.method];
  if (field) {
    const named = isObject(request.params) ? request.params[field] : undefined;
    const header = req.headers['mcp-name'];
    if (header === undefined) return `the Mcp-Name header is required for ${request.method}`;
    if (header !== named) return `the Mcp-Name header does not match params.${field}`;
  }
  const meta = isObject(request.params) ? request.params._meta : undefined;
  const version = isObject(meta) ? meta[META.protocolVersion] : undefined;
  if (version !== undefined && version !== req.headers['mcp-protocol-version']) {
    return 'the MCP-Protocol-Version header does not match _meta';
  }
  return undefined;
}

function answer(
  res: ServerResponse,
  status: number,
  id: string | number | null,
  error: RpcError,
): void {
  const rpcError: Record<string, unknown> = { code: error.code, message: error.message };
  if (error.data !== undefined) rpcError.data = error.data;
  const text = JSON.stringify({ jsonrpc: '2.0', id, error: rpcError });
  res
    .writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    })
    .end(text);
}
