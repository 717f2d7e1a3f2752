import { RPC_CODES } from '../mcp/json-rpc/rpc-codes.js';
import type { RpcError } from '../mcp/json-rpc/rpc-error.js';

/** Why an HTTP request is refused before it reaches MCP, or instead of reaching it. */
export type HttpRefusal =
  | 'PARSE_ERROR'
  | 'BAD_AUTHORIZATION'
  | 'SESSION_REQUIRED'
  | 'UNAUTHENTICATED'
  | 'FOREIGN_ORIGIN'
  | 'INSUFFICIENT_SCOPE'
  | 'NOT_FOUND'
  | 'SESSION_NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'BODY_TOO_LARGE'
  | 'REQUEST_ABANDONED'
  | 'INTERNAL'
  | 'AUTHENTICATION_UNAVAILABLE'
  | 'OWNER_SESSIONS_FULL'
  | 'RATE_LIMITED'
  | 'METRICS_UNAUTHENTICATED'
  | 'METRICS_FORBIDDEN'
  | 'SESSIONS_FULL'
  | 'SHUTTING_DOWN'
  | 'INVALID_MESSAGE'
  | 'NOT_ACCEPTABLE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'ALREADY_INITIALIZED'
  | 'STREAM_CONFLICT'
  | 'UNKNOWN_EVENT_ID'
  | 'HEADER_MISMATCH'
  | 'UNSUPPORTED_PROTOCOL_VERSION';

export interface HttpWireForm {
  readonly status: number;
  /** The code of the JSON-RPC error in the body; the HTTP status says the same. */
  readonly rpcCode: number;
}

/**
 * The HTTP wire's one table: the status (and JSON-RPC code) of every refusal, and below it the
 * status of a 2026-07-28 request's JSON-RPC error. JSON-RPC codes themselves are rpc-codes.ts's.
 */
export const HTTP_REFUSALS: Record<HttpRefusal, HttpWireForm> = {
  PARSE_ERROR: { status: 400, rpcCode: RPC_CODES.parseError },
  // Valid JSON that is not a JSON-RPC message, or a batch that is empty or too long.
  INVALID_MESSAGE: { status: 400, rpcCode: RPC_CODES.invalidRequest },
  NOT_ACCEPTABLE: { status: 406, rpcCode: RPC_CODES.transportRefused },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, rpcCode: RPC_CODES.transportRefused },
  // initialize on a session that has had one (or batched with other messages).
  ALREADY_INITIALIZED: { status: 400, rpcCode: RPC_CODES.invalidRequest },
  // A second event stream (GET) for a session that has one open.
  STREAM_CONFLICT: { status: 409, rpcCode: RPC_CODES.transportRefused },
  UNKNOWN_EVENT_ID: { status: 400, rpcCode: RPC_CODES.transportRefused },
  // A malformed Authorization header, or a token in the query string (RFC 6750 invalid_request).
  BAD_AUTHORIZATION: { status: 400, rpcCode: RPC_CODES.invalidRequest },
  SESSION_REQUIRED: { status: 400, rpcCode: RPC_CODES.transportRefused },
  UNAUTHENTICATED: { status: 401, rpcCode: RPC_CODES.unauthenticated },
  // DNS-rebinding defence: a Host or Origin that is not loopback.
  FOREIGN_ORIGIN: { status: 403, rpcCode: RPC_CODES.invalidRequest },
  INSUFFICIENT_SCOPE: { status: 403, rpcCode: RPC_CODES.forbidden },
  NOT_FOUND: { status: 404, rpcCode: RPC_CODES.methodNotFound },
  SESSION_NOT_FOUND: { status: 404, rpcCode: RPC_CODES.unauthenticated },
  METHOD_NOT_ALLOWED: { status: 405, rpcCode: RPC_CODES.transportRefused },
  BODY_TOO_LARGE: { status: 413, rpcCode: RPC_CODES.invalidRequest },
  // The client stopped sending mid-body; nobody is left to read the answer.
  REQUEST_ABANDONED: { status: 400, rpcCode: RPC_CODES.invalidRequest },
  INTERNAL: { status: 500, rpcCode: RPC_CODES.internalError },
  AUTHENTICATION_UNAVAILABLE: { status: 503, rpcCode: RPC_CODES.internalError },
  SHUTTING_DOWN: { status: 503, rpcCode: RPC_CODES.shuttingDown },
  // The caller's own cap on open sessions: theirs to free, so not a server fault.
  OWNER_SESSIONS_FULL: { status: 429, rpcCode: RPC_CODES.resourceExhausted },
  SESSIONS_FULL: { status: 503, rpcCode: RPC_CODES.serverBusy },
  RATE_LIMITED: { status: 429, rpcCode: RPC_CODES.rateLimited },
  METRICS_UNAUTHENTICATED: { status: 401, rpcCode: RPC_CODES.unauthenticated },
  METRICS_FORBIDDEN: { status: 403, rpcCode: RPC_CODES.invalidRequest },
  // 2026-07-28: Mcp-Method, Mcp-Name or the version header do not mirror the body.
  HEADER_MISMATCH: { status: 400, rpcCode: RPC_CODES.headerMismatch },
  UNSUPPORTED_PROTOCOL_VERSION: { status: 400, rpcCode: RPC_CODES.unsupportedProtocolVersion },
};

/** 2026-07-28 answers these with 400: the request is wrong as sent (SEP-2243, SEP-2575). */
const BAD_REQUEST_CODES: ReadonlySet<number> = new Set([
  RPC_CODES.parseError,
  RPC_CODES.invalidRequest,
  RPC_CODES.headerMismatch,
  RPC_CODES.missingClientCapability,
  RPC_CODES.unsupportedProtocolVersion,
]);

/**
 * The HTTP status of a 2026-07-28 request's JSON-RPC error: 404 for a method the server does not
 * serve, 400 for a request malformed as sent, 200 for every other answer (a task not found, a
 * refused argument: the request was fine, its answer is an error).
 */
export function statusOf2026(error: RpcError): number {
  if (error.code === RPC_CODES.methodNotFound) return 404;
  if (error.malformed || BAD_REQUEST_CODES.has(error.code)) return 400;
  return 200;
}

/**
 * The HTTP status of a lone 2025-11-25 message that is not answered in-band: what the body could
 * not be read as (parse error, invalid request) is the request's fault, 400; the rest goes as a
 * JSON-RPC error inside a 200, as the SDK's clients expect.
 */
export function statusOf2025(error: RpcError): number {
  return error.code === RPC_CODES.parseError || error.code === RPC_CODES.invalidRequest ? 400 : 200;
}
