/**
 * Typed domain errors. Each carries a stable `code`, and each wire maps codes to its own form in
 * one table (JSON-RPC: adapters/mcp/error-mapping.ts). Messages are written for the caller and
 * never name another owner, a token or a file path.
 */
export type DomainErrorCode =
  | 'NOT_FOUND'
  | 'INVALID_TRANSITION'
  | 'RESOURCE_EXHAUSTED'
  | 'INVALID_TTL'
  | 'TTL_TOO_LONG'
  | 'VARIABLE_LIMIT_EXCEEDED'
  | 'VARIABLE_TYPE_MISMATCH'
  | 'INVALID_ARGUMENT'
  | 'INVALID_CURSOR'
  | 'TASK_EXPIRED';

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The same error, word for word, for a task that never existed and for another owner's task. */
export class TaskNotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';

  constructor() {
    super('Task not found');
  }
}

export class InvalidTransitionError extends DomainError {
  readonly code = 'INVALID_TRANSITION';
}

export class ResourceExhaustedError extends DomainError {
  readonly code = 'RESOURCE_EXHAUSTED';
}

export class InvalidTtlError extends DomainError {
  readonly code = 'INVALID_TTL';
}

export class TtlTooLongError extends DomainError {
  readonly code = 'TTL_TOO_LONG';

  constructor(
    readonly requestedTtlMs: number,
    readonly maxTtlMs: number,
  ) {
    super(`Requested ttl ${requestedTtlMs} ms exceeds the maximum of ${maxTtlMs} ms`);
  }
}

export class VariableLimitExceededError extends DomainError {
  readonly code = 'VARIABLE_LIMIT_EXCEEDED';
}

export class VariableTypeMismatchError extends DomainError {
  readonly code = 'VARIABLE_TYPE_MISMATCH';
}

export class InvalidArgumentError extends DomainError {
  readonly code = 'INVALID_ARGUMENT';
}

export class InvalidCursorError extends DomainError {
  readonly code = 'INVALID_CURSOR';

  constructor() {
    super('Invalid or expired cursor');
  }
}

export class TaskExpiredError extends DomainError {
  readonly code = 'TASK_EXPIRED';

  constructor() {
    super('Task has expired');
  }
}
