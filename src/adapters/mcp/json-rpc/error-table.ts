import {
  ApplicationError,
  InsufficientScopeError,
  LockConflictError,
  messageOf,
  RateLimitedError,
  StoreUnavailableError,
  type ApplicationErrorCode,
} from '../../../application/shared/errors.js';
import type { Logger } from '../../../application/ports/logger.js';
import { DomainError, type DomainErrorCode } from '../../../domain/index.js';
import { SUPPORTED_VERSIONS } from '../protocol-versions.js';
import { RPC_CODES } from './rpc-codes.js';
import { RpcError } from './rpc-error.js';

/** The JSON-RPC code of each typed error; their messages go on the wire as written. */
const CODES: Record<DomainErrorCode | ApplicationErrorCode, number> = {
  NOT_FOUND: RPC_CODES.invalidParams,
  INVALID_TRANSITION: RPC_CODES.invalidParams,
  INVALID_TTL: RPC_CODES.invalidParams,
  TTL_TOO_LONG: RPC_CODES.invalidParams,
  VARIABLE_LIMIT_EXCEEDED: RPC_CODES.invalidParams,
  VARIABLE_TYPE_MISMATCH: RPC_CODES.invalidParams,
  INVALID_ARGUMENT: RPC_CODES.invalidParams,
  INVALID_CURSOR: RPC_CODES.invalidParams,
  TASK_EXPIRED: RPC_CODES.invalidParams,
  UNKNOWN_TOOL: RPC_CODES.invalidParams,
  INVALID_TOOL_ARGUMENTS: RPC_CODES.invalidParams,
  TASK_REQUIRED: RPC_CODES.methodNotFound,
  TASK_FORBIDDEN: RPC_CODES.methodNotFound,
  RESOURCE_EXHAUSTED: RPC_CODES.resourceExhausted,
  UNAUTHENTICATED: RPC_CODES.invalidRequest,
  AUTHENTICATION_UNAVAILABLE: RPC_CODES.internalError,
  INSUFFICIENT_SCOPE: RPC_CODES.forbidden,
  LOCK_CONFLICT: RPC_CODES.lockConflict,
  SHUTTING_DOWN: RPC_CODES.shuttingDown,
  STORE_UNAVAILABLE: RPC_CODES.storeUnavailable,
  SERVER_BUSY: RPC_CODES.serverBusy,
  RATE_LIMITED: RPC_CODES.rateLimited,
  INVALID_REQUEST_STATE: RPC_CODES.invalidParams,
};

/**
 * The one place where errors become JSON-RPC errors, for every wire and version. Typed errors keep
 * their message and gain `data.reason`; anything unexpected becomes a bare -32603 (logged here,
 * never echoed: no stack, path or token reaches a client).
 */
export function toRpcError(error: unknown, logger: Logger): RpcError {
  if (error instanceof RpcError) return error;
  if (error instanceof InsufficientScopeError) {
    return new RpcError(RPC_CODES.forbidden, error.message, {
      reason: error.code,
      requiredScopes: [...error.requiredScopes],
      scopes: [...error.scopesToRequest],
    });
  }
  if (error instanceof LockConflictError) {
    return new RpcError(RPC_CODES.lockConflict, error.message, {
      reason: error.code,
      lock: error.lockName,
    });
  }
  if (error instanceof RateLimitedError) {
    return new RpcError(RPC_CODES.rateLimited, error.message, {
      reason: error.code,
      retryAfterMs: error.retryAfterMs,
    });
  }
  if (error instanceof StoreUnavailableError) {
    logger.warn('task store unavailable', { error: messageOf(error.reason ?? error) });
  }
  if (error instanceof DomainError || error instanceof ApplicationError)
    return typedRpcError(error);
  logger.error('internal error while handling a request', { error: messageOf(error) });
  return new RpcError(RPC_CODES.internalError, 'Internal error');
}

/**
 * A typed error as JSON-RPC: its code's number, its message, `data.reason`. For a refusal a
 * method's params reader must throw as an RpcError yet word exactly as the use case would.
 */
export function typedRpcError(error: DomainError | ApplicationError): RpcError {
  return new RpcError(CODES[error.code], error.message, { reason: error.code });
}

/** -32601 for a method this server (or this protocol version of it) does not serve. */
export function methodNotFound(method: string): RpcError {
  return new RpcError(RPC_CODES.methodNotFound, `Method not found: ${clip(method, 64)}`);
}

/** -32602 with the reason a request's params are refused. */
export function invalidParams(detail: string, malformed = false): RpcError {
  return new RpcError(RPC_CODES.invalidParams, `Invalid params: ${detail}`, undefined, malformed);
}

/** -32022 for a protocol version this server does not speak, naming those it does. */
export function unsupportedVersion(requested: string): RpcError {
  const shown = requested.slice(0, 64);
  return new RpcError(
    RPC_CODES.unsupportedProtocolVersion,
    `Unsupported protocol version: ${shown} (supported: ${SUPPORTED_VERSIONS.join(', ')})`,
    { requested: shown, supported: SUPPORTED_VERSIONS },
    true,
  );
}

/** -32600 for a message that is not a JSON-RPC message this server takes. */
export function invalidRequest(detail: string): RpcError {
  return new RpcError(RPC_CODES.invalidRequest, `Invalid Request: ${detail}`, undefined, true);
}

/** Client-supplied text in a message, cut to `max` characters. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
