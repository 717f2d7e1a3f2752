import {
  FORBIDDEN_CODE,
  RATE_LIMITED_CODE,
  RESOURCE_EXHAUSTED_CODE,
  SERVER_BUSY_CODE,
  SHUTTING_DOWN_CODE,
} from '../mcp/error-mapping.js';

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
  | 'UNKNOWN_EVENT_ID';

export interface HttpWireForm {
  readonly status: number;
  /** The code of the JSON-RPC error in the body; the HTTP status says the same. */
  readonly rpcCode: number;
}

/**
 * The one place where HTTP refusals become wire forms, as error-mapping.ts is for JSON-RPC errors
 * inside MCP.
 */
export const HTTP_REFUSALS: Record<HttpRefusal, HttpWireForm> = {
  PARSE_ERROR: { status: 400, rpcCode: -32700 },
  // Valid JSON that is not a JSON-RPC message, or a batch that is empty or too long.
  INVALID_MESSAGE: { status: 400, rpcCode: -32600 },
  NOT_ACCEPTABLE: { status: 406, rpcCode: -32000 },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, rpcCode: -32000 },
  // initialize on a session that has had one (or batched with other messages).
  ALREADY_INITIALIZED: { status: 400, rpcCode: -32600 },
  // A second event stream (GET) for a session that has one open.
  STREAM_CONFLICT: { status: 409, rpcCode: -32000 },
  UNKNOWN_EVENT_ID: { status: 400, rpcCode: -32000 },
  // A malformed Authorization header, or a token in the query string (RFC 6750 invalid_request).
  BAD_AUTHORIZATION: { status: 400, rpcCode: -32600 },
  SESSION_REQUIRED: { status: 400, rpcCode: -32000 },
  UNAUTHENTICATED: { status: 401, rpcCode: -32001 },
  // DNS-rebinding defence: a Host or Origin that is not loopback.
  FOREIGN_ORIGIN: { status: 403, rpcCode: -32600 },
  INSUFFICIENT_SCOPE: { status: 403, rpcCode: FORBIDDEN_CODE },
  NOT_FOUND: { status: 404, rpcCode: -32601 },
  SESSION_NOT_FOUND: { status: 404, rpcCode: -32001 },
  METHOD_NOT_ALLOWED: { status: 405, rpcCode: -32000 },
  BODY_TOO_LARGE: { status: 413, rpcCode: -32600 },
  // The client stopped sending mid-body; nobody is left to read the answer.
  REQUEST_ABANDONED: { status: 400, rpcCode: -32600 },
  INTERNAL: { status: 500, rpcCode: -32603 },
  AUTHENTICATION_UNAVAILABLE: { status: 503, rpcCode: -32603 },
  SHUTTING_DOWN: { status: 503, rpcCode: SHUTTING_DOWN_CODE },
  // The caller's own cap on open sessions: theirs to free, so not a server fault.
  OWNER_SESSIONS_FULL: { status: 429, rpcCode: RESOURCE_EXHAUSTED_CODE },
  SESSIONS_FULL: { status: 503, rpcCode: SERVER_BUSY_CODE },
  RATE_LIMITED: { status: 429, rpcCode: RATE_LIMITED_CODE },
  METRICS_UNAUTHENTICATED: { status: 401, rpcCode: -32001 },
  METRICS_FORBIDDEN: { status: 403, rpcCode: -32600 },
};
