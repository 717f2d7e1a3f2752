import type { RateBudget, RateVerdict } from '../ports/rate-limiter.js';

/**
 * Errors of the application layer (requests the use cases refuse). Like domain errors they carry
 * a stable code and are mapped to the wire in one place.
 */
export type ApplicationErrorCode =
  | 'UNKNOWN_TOOL'
  | 'INVALID_TOOL_ARGUMENTS'
  | 'TASK_REQUIRED'
  | 'TASK_FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'AUTHENTICATION_UNAVAILABLE'
  | 'INSUFFICIENT_SCOPE'
  | 'LOCK_CONFLICT'
  | 'SHUTTING_DOWN'
  | 'STORE_UNAVAILABLE'
  | 'SERVER_BUSY'
  | 'RATE_LIMITED'
  | 'INVALID_REQUEST_STATE';

export abstract class ApplicationError extends Error {
  abstract readonly code: ApplicationErrorCode;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class UnknownToolError extends ApplicationError {
  readonly code = 'UNKNOWN_TOOL';

  constructor(name: string) {
    super(`Unknown tool: ${name.length > 128 ? `${name.slice(0, 128)}...` : name}`);
  }
}

export class InvalidToolArgumentsError extends ApplicationError {
  readonly code = 'INVALID_TOOL_ARGUMENTS';
}

/** A `required` task tool called as a plain tools/call. */
export class TaskRequiredError extends ApplicationError {
  readonly code = 'TASK_REQUIRED';

  constructor(name: string) {
    super(`Tool '${name}' must be called as a task: add params.task to tools/call`);
  }
}

/** A `forbidden` tool called as a task (with params.task). */
export class TaskForbiddenError extends ApplicationError {
  readonly code = 'TASK_FORBIDDEN';

  constructor(name: string) {
    super(`Tool '${name}' cannot be called as a task: call it without params.task`);
  }
}

/**
 * Why credentials were refused, in RFC 6750 terms: none sent, a token that is not acceptable, or
 * a request that is malformed (a broken Authorization header, a token in the query string).
 */
export type AuthenticationFailure = 'missing_token' | 'invalid_token' | 'invalid_request';

/** Credentials missing or not acceptable. The message helps fix the setup and never holds a token. */
export class AuthenticationError extends ApplicationError {
  readonly code = 'UNAUTHENTICATED';

  constructor(
    message: string,
    readonly failure: AuthenticationFailure = 'invalid_token',
  ) {
    super(message);
  }
}

/** Credentials could not be checked at all, e.g. the issuer's key set cannot be fetched. */
export class AuthenticationUnavailableError extends ApplicationError {
  readonly code = 'AUTHENTICATION_UNAVAILABLE';
}

/** The caller is known but its token lacks a scope the operation needs. */
export class InsufficientScopeError extends ApplicationError {
  readonly code = 'INSUFFICIENT_SCOPE';

  /**
   * `requiredScopes`: what the request needs. `scopesToRequest`: what a new token should carry, the
   * token's own relevant scopes included, so that stepping up loses nothing.
   */
  constructor(
    readonly requiredScopes: readonly string[],
    readonly scopesToRequest: readonly string[] = requiredScopes,
  ) {
    super(scopeRefusalMessage(requiredScopes, scopesToRequest));
  }
}

/** What a scope refusal says, over HTTP (403) and in-band (-32003) alike. */
export function scopeRefusalMessage(
  required: readonly string[],
  toRequest: readonly string[],
): string {
  const kept = toRequest.filter((scope) => !required.includes(scope));
  const keeping = kept.length > 0 ? `, along with the ones it has: ${kept.join(' ')}` : '';
  return `This request needs the scope(s) ${required.join(' ')}; ask the authorization server for a token that grants them${keeping}`;
}

/**
 * A run refused because another run holds the lock it needs. The message names the lock; it
 * names the holding task only when that task is the caller's own.
 */
export class LockConflictError extends ApplicationError {
  readonly code = 'LOCK_CONFLICT';

  constructor(
    readonly lockName: string,
    message: string,
  ) {
    super(message);
  }
}

/** New work refused because the server is stopping. */
export class ServerShuttingDownError extends ApplicationError {
  readonly code = 'SHUTTING_DOWN';

  constructor() {
    super('The server is shutting down and accepts no new work; try again once it is back');
  }
}

/**
 * The task store cannot be reached (the database is down, unreachable or too slow). Retryable; the
 * message is the same whatever went wrong, and the cause stays in the server's log.
 */
export class StoreUnavailableError extends ApplicationError {
  readonly code = 'STORE_UNAVAILABLE';

  constructor(readonly reason?: Error) {
    super('The task store is unavailable right now; nothing was changed. Try again shortly');
  }
}

/**
 * New work refused because a server-wide capacity is full (not the caller's own limits). Retryable
 * once running work ends; the message names the capacity.
 */
export class ServerBusyError extends ApplicationError {
  readonly code = 'SERVER_BUSY';

  constructor(readonly capacity: string) {
    super(`The server is busy: ${capacity}; try again once some work has finished`);
  }
}

/** A request over one of the caller's rate-limit budgets. Nothing was done; retry after the wait. */
export class RateLimitedError extends ApplicationError {
  readonly code = 'RATE_LIMITED';

  constructor(
    readonly budget: RateBudget,
    readonly verdict: RateVerdict,
    what: string,
  ) {
    super(`Rate limit reached: ${what}; retry in ${Math.max(1, verdict.resetMs)} ms`);
  }

  get retryAfterMs(): number {
    return Math.max(1, this.verdict.resetMs);
  }
}

/**
 * A requestState that will not do, whatever the reason: forged, altered, expired, used already,
 * made for another request or another owner, or too long. One message for every case, so that a
 * refusal tells nothing about which it was.
 */
export class InvalidRequestStateError extends ApplicationError {
  readonly code = 'INVALID_REQUEST_STATE';

  constructor() {
    super(
      'Invalid requestState: it is not one this server issued for this request, or it has expired or been used; call the tool again without it to start over',
    );
  }
}

/**
 * Thrown by a tool's `run` once it has stopped on abort, to say what stopping did (for example,
 * which process group it killed). The runner appends the message to the task's final status.
 */
export class WorkStoppedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkStoppedError';
  }
}

/** An error's message, or the thrown value as text; never its stack. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
