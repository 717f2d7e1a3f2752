import {
  clip,
  invalidParams,
  invalidRequest,
  methodNotFound,
  toRpcError,
  typedRpcError,
} from '../../../../src/adapters/mcp/json-rpc/error-table.js';
import { RpcError } from '../../../../src/adapters/mcp/json-rpc/rpc-error.js';
import {
  AuthenticationError,
  AuthenticationUnavailableError,
  InsufficientScopeError,
  InvalidRequestStateError,
  InvalidToolArgumentsError,
  LockConflictError,
  RateLimitedError,
  ServerBusyError,
  ServerShuttingDownError,
  StoreUnavailableError,
  TaskForbiddenError,
  TaskRequiredError,
  UnknownToolError,
  type ApplicationError,
  type ApplicationErrorCode,
} from '../../../../src/application/shared/errors.js';
import {
  InvalidArgumentError,
  InvalidCursorError,
  InvalidTransitionError,
  InvalidTtlError,
  ResourceExhaustedError,
  TaskExpiredError,
  TaskNotFoundError,
  TtlTooLongError,
  VariableLimitExceededError,
  VariableTypeMismatchError,
  type DomainError,
  type DomainErrorCode,
} from '../../../../src/domain/index.js';
import { RecordingLogger } from '../../../support/recording-logger.js';

/** One error of each code, and the JSON-RPC code it must become (tsc checks none is missing). */
const EVERY_TYPED_ERROR: Record<
  DomainErrorCode | ApplicationErrorCode,
  [DomainError | ApplicationError, number]
> = {
  NOT_FOUND: [new TaskNotFoundError(), -32602],
  INVALID_TRANSITION: [new InvalidTransitionError('Task is already completed'), -32602],
  INVALID_TTL: [new InvalidTtlError('ttl must be positive'), -32602],
  TTL_TOO_LONG: [new TtlTooLongError(10, 5), -32602],
  VARIABLE_LIMIT_EXCEEDED: [new VariableLimitExceededError('too many variables'), -32602],
  VARIABLE_TYPE_MISMATCH: [new VariableTypeMismatchError('n is not a number'), -32602],
  INVALID_ARGUMENT: [new InvalidArgumentError('bad argument'), -32602],
  INVALID_CURSOR: [new InvalidCursorError(), -32602],
  TASK_EXPIRED: [new TaskExpiredError(), -32602],
  UNKNOWN_TOOL: [new UnknownToolError('nope'), -32602],
  INVALID_TOOL_ARGUMENTS: [new InvalidToolArgumentsError('below must be a number'), -32602],
  TASK_REQUIRED: [new TaskRequiredError('gate'), -32601],
  TASK_FORBIDDEN: [new TaskForbiddenError('gate'), -32601],
  RESOURCE_EXHAUSTED: [new ResourceExhaustedError('at most 3 tasks'), -32000],
  UNAUTHENTICATED: [new AuthenticationError('no token'), -32600],
  AUTHENTICATION_UNAVAILABLE: [new AuthenticationUnavailableError('jwks down'), -32603],
  INSUFFICIENT_SCOPE: [new InsufficientScopeError(['tasks:read']), -32003],
  LOCK_CONFLICT: [new LockConflictError('db', 'The lock db is held'), -32004],
  SHUTTING_DOWN: [new ServerShuttingDownError(), -32005],
  STORE_UNAVAILABLE: [new StoreUnavailableError(), -32006],
  SERVER_BUSY: [new ServerBusyError('job processes'), -32007],
  RATE_LIMITED: [
    new RateLimitedError(
      'requests',
      { allowed: false, limit: 5, remaining: 0, resetMs: 750 },
      'at most 5 requests per second per user',
    ),
    -32008,
  ],
  INVALID_REQUEST_STATE: [new InvalidRequestStateError(), -32602],
};

describe('toRpcError', () => {
  it.each(Object.entries(EVERY_TYPED_ERROR))(
    'maps %s to its code, its message as written and data.reason',
    (code, [error, rpcCode]) => {
      const mapped = toRpcError(error, new RecordingLogger());
      expect(mapped.code).toBe(rpcCode);
      expect(mapped.message).toBe(error.message);
      expect(mapped.data).toMatchObject({ reason: code });
      expect(mapped.malformed).toBe(false);
    },
  );

  it('words a typed error a params reader throws exactly as the use case would', () => {
    const state = new InvalidRequestStateError();
    expect(typedRpcError(state).toJson()).toEqual(
      toRpcError(state, new RecordingLogger()).toJson(),
    );
    expect(typedRpcError(state).toJson()).toEqual({
      code: -32602,
      message: state.message,
      data: { reason: 'INVALID_REQUEST_STATE' },
    });
  });

  it('adds the scopes a request needs, and those to ask for, to a scope refusal', () => {
    const error = new InsufficientScopeError(['tasks:create'], ['tasks:create', 'tasks:read']);
    expect(toRpcError(error, new RecordingLogger()).toJson()).toEqual({
      code: -32003,
      message: error.message,
      data: {
        reason: 'INSUFFICIENT_SCOPE',
        requiredScopes: ['tasks:create'],
        scopes: ['tasks:create', 'tasks:read'],
      },
    });
  });

  it('names the lock of a lock conflict', () => {
    const error = new LockConflictError('deploy', 'Another run holds the lock deploy');
    expect(toRpcError(error, new RecordingLogger()).toJson()).toEqual({
      code: -32004,
      message: 'Another run holds the lock deploy',
      data: { reason: 'LOCK_CONFLICT', lock: 'deploy' },
    });
  });

  it('says how long to wait after a rate limit, at least a millisecond', () => {
    const [error] = EVERY_TYPED_ERROR.RATE_LIMITED;
    expect(toRpcError(error, new RecordingLogger()).data).toEqual({
      reason: 'RATE_LIMITED',
      retryAfterMs: 750,
    });
    const now = new RateLimitedError(
      'creates',
      { allowed: false, limit: 1, remaining: 0, resetMs: 0 },
      'x',
    );
    expect(toRpcError(now, new RecordingLogger()).data).toEqual({
      reason: 'RATE_LIMITED',
      retryAfterMs: 1,
    });
  });

  it('gives an RpcError back as it is', () => {
    const error = new RpcError(-32020, 'header mismatch', { header: 'Mcp-Name' }, true);
    expect(toRpcError(error, new RecordingLogger())).toBe(error);
  });

  it('answers anything unexpected with a bare Internal error, logged and never echoed', () => {
    for (const thrown of [
      new Error('ENOENT: /etc/secret/token.txt'),
      'a thrown string with a token abc123',
      { weird: true },
    ]) {
      const logger = new RecordingLogger();
      const mapped = toRpcError(thrown, logger);
      expect(mapped.toJson()).toEqual({ code: -32603, message: 'Internal error' });
      expect(logger.lines).toHaveLength(1);
      expect(logger.lines[0]).toMatchObject({
        level: 'error',
        message: 'internal error while handling a request',
      });
    }
    const logger = new RecordingLogger();
    toRpcError(new Error('ENOENT: /etc/secret/token.txt'), logger);
    expect(logger.lines[0]!.fields).toEqual({ error: 'ENOENT: /etc/secret/token.txt' });
  });

  it('logs why the store is unavailable, and answers only that it is', () => {
    const logger = new RecordingLogger();
    const mapped = toRpcError(new StoreUnavailableError(new Error('connect ECONNREFUSED')), logger);
    expect(mapped.message).toBe(
      'The task store is unavailable right now; nothing was changed. Try again shortly',
    );
    expect(JSON.stringify(mapped.toJson())).not.toContain('ECONNREFUSED');
    expect(logger.lines).toEqual([
      {
        level: 'warn',
        message: 'task store unavailable',
        fields: { error: 'connect ECONNREFUSED' },
      },
    ]);
  });

  it('logs nothing for a typed error', () => {
    const logger = new RecordingLogger();
    toRpcError(new TaskNotFoundError(), logger);
    toRpcError(new InsufficientScopeError(['a']), logger);
    expect(logger.lines).toEqual([]);
  });
});

describe('the refusals the front door makes', () => {
  it('methodNotFound: -32601 naming the method, cut to 64 characters', () => {
    expect(methodNotFound('tasks/result').toJson()).toEqual({
      code: -32601,
      message: 'Method not found: tasks/result',
    });
    expect(methodNotFound('m'.repeat(100)).message).toBe(`Method not found: ${'m'.repeat(64)}...`);
    expect(methodNotFound('x').malformed).toBe(false);
  });

  it('invalidParams: -32602 with the detail, malformed only when said', () => {
    expect(invalidParams('params.taskId must be a string').toJson()).toEqual({
      code: -32602,
      message: 'Invalid params: params.taskId must be a string',
    });
    expect(invalidParams('x').malformed).toBe(false);
    expect(invalidParams('x', true).malformed).toBe(true);
  });

  it('invalidRequest: -32600 with the detail, always malformed', () => {
    const error = invalidRequest('an empty batch');
    expect(error.toJson()).toEqual({ code: -32600, message: 'Invalid Request: an empty batch' });
    expect(error.malformed).toBe(true);
  });
});

describe('clip', () => {
  it('keeps text up to the limit and cuts longer text, marking the cut', () => {
    expect(clip('abc', 3)).toBe('abc');
    expect(clip('', 0)).toBe('');
    expect(clip('abcd', 3)).toBe('abc...');
    expect(clip('abcd', 0)).toBe('...');
  });
});
