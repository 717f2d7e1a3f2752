import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { RpcError } from './rpc-error.js';
import {
  ApplicationError,
  InsufficientScopeError,
  LockConflictError,
  messageOf,
  RateLimitedError,
  StoreUnavailableError,
  type ApplicationErrorCode,
} from '../../application/shared/errors.js';
import type { Logger } from '../../application/ports/logger.js';
import { DomainError, type DomainErrorCode } from '../../domain/index.js';

/** Server-defined JSON-RPC code for a refused request because a per-owner limit is reached. */
export const RESOURCE_EXHAUSTED_CODE = -32000;
/** Server-defined JSON-RPC code for a request the caller's token has no scope for. */
export const FORBIDDEN_CODE = -32003;
/** Server-defined JSON-RPC code for a run refused because another run holds its lock. */
export const LOCK_CONFLICT_CODE = -32004;
/** Server-defined JSON-RPC code for new work refused while the server shuts down. */
export const SHUTTING_DOWN_CODE = -32005;
/** Server-defined JSON-RPC code for a request refused because the task store cannot be reached. */
export const STORE_UNAVAILABLE_CODE = -32006;
/** Server-defined JSON-RPC code for new work refused because a server-wide capacity is full. */
export const SERVER_BUSY_CODE = -32007;
/** Server-defined JSON-RPC code for a request over a rate-limit budget (HTTP says 429). */
export const RATE_LIMITED_CODE = -32008;

const CODES: Record<DomainErrorCode | ApplicationErrorCode, number> = {
  NOT_FOUND: ErrorCode.InvalidParams,
  INVALID_TRANSITION: ErrorCode.InvalidParams,
  INVALID_TTL: ErrorCode.InvalidParams,
  TTL_TOO_LONG: ErrorCode.InvalidParams,
  VARIABLE_LIMIT_EXCEEDED: ErrorCode.InvalidParams,
  VARIABLE_TYPE_MISMATCH: ErrorCode.InvalidParams,
  INVALID_ARGUMENT: ErrorCode.InvalidParams,
  INVALID_CURSOR: ErrorCode.InvalidParams,
  TASK_EXPIRED: ErrorCode.InvalidParams,
  UNKNOWN_TOOL: ErrorCode.InvalidParams,
  INVALID_TOOL_ARGUMENTS: ErrorCode.InvalidParams,
  TASK_REQUIRED: ErrorCode.MethodNotFound,
  TASK_FORBIDDEN: ErrorCode.MethodNotFound,
  RESOURCE_EXHAUSTED: RESOURCE_EXHAUSTED_CODE,
  UNAUTHENTICATED: ErrorCode.InvalidRequest,
  AUTHENTICATION_UNAVAILABLE: ErrorCode.InternalError,
  INSUFFICIENT_SCOPE: FORBIDDEN_CODE,
  LOCK_CONFLICT: LOCK_CONFLICT_CODE,
  SHUTTING_DOWN: SHUTTING_DOWN_CODE,
  STORE_UNAVAILABLE: STORE_UNAVAILABLE_CODE,
  SERVER_BUSY: SERVER_BUSY_CODE,
  RATE_LIMITED: RATE_LIMITED_CODE,
};

/**
 * The one place where errors become JSON-RPC errors. Typed errors keep their message and gain
 * `data.reason`; anything unexpected becomes a bare -32603 (logged here, never echoed).
 */
export function toRpcError(error: unknown, logger: Logger): Error {
  if (error instanceof McpError || error instanceof RpcError) return error;
  if (error instanceof InsufficientScopeError) {
    return new RpcError(FORBIDDEN_CODE, error.message, {
      reason: error.code,
      requiredScopes: [...error.requiredScopes],
      scopes: [...error.scopesToRequest],
    });
  }
  if (error instanceof LockConflictError) {
    return new RpcError(LOCK_CONFLICT_CODE, error.message, {
      reason: error.code,
      lock: error.lockName,
    });
  }
  if (error instanceof RateLimitedError) {
    return new RpcError(RATE_LIMITED_CODE, error.message, {
      reason: error.code,
      retryAfterMs: error.retryAfterMs,
    });
  }
  if (error instanceof StoreUnavailableError) {
    logger.warn('task store unavailable', { error: messageOf(error.reason ?? error) });
  }
  if (error instanceof DomainError || error instanceof ApplicationError) {
    return new RpcError(CODES[error.code], error.message, { reason: error.code });
  }
  logger.error('internal error while handling a request', {
    error: messageOf(error),
  });
  return new RpcError(ErrorCode.InternalError, 'Internal error');
}
