import {
  ApplicationError,
  AuthenticationError,
  InsufficientScopeError,
  messageOf,
  RateLimitedError,
  scopeRefusalMessage,
  ServerBusyError,
  StoreUnavailableError,
  TaskForbiddenError,
  TaskRequiredError,
  UnknownToolError,
  WorkStoppedError,
} from '../../../src/application/shared/errors.js';

describe('application errors', () => {
  it('carry a stable code and their class name', () => {
    const errors: [ApplicationError, string][] = [
      [new UnknownToolError('x'), 'UNKNOWN_TOOL'],
      [new TaskRequiredError('x'), 'TASK_REQUIRED'],
      [new TaskForbiddenError('x'), 'TASK_FORBIDDEN'],
      [new AuthenticationError('x'), 'UNAUTHENTICATED'],
      [new InsufficientScopeError(['a']), 'INSUFFICIENT_SCOPE'],
      [new StoreUnavailableError(), 'STORE_UNAVAILABLE'],
      [new ServerBusyError('x'), 'SERVER_BUSY'],
    ];
    for (const [error, code] of errors) {
      expect(error.code).toBe(code);
      expect(error.name).toBe(error.constructor.name);
    }
  });

  it('name the tool and tell the caller how to call it', () => {
    expect(new TaskRequiredError('build').message).toBe(
      "Tool 'build' must be called as a task: add params.task to tools/call",
    );
    expect(new TaskForbiddenError('echo').message).toBe(
      "Tool 'echo' cannot be called as a task: call it without params.task",
    );
    expect(new UnknownToolError(`${'a'.repeat(200)}`).message).toBe(
      `Unknown tool: ${'a'.repeat(128)}...`,
    );
  });

  it('refuse credentials as an invalid token unless told otherwise', () => {
    expect(new AuthenticationError('expired').failure).toBe('invalid_token');
    expect(new AuthenticationError('none', 'missing_token').failure).toBe('missing_token');
  });

  it('say the same thing whatever made the store unavailable, keeping the cause aside', () => {
    const cause = new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2');
    const error = new StoreUnavailableError(cause);
    expect(error.message).toBe(
      'The task store is unavailable right now; nothing was changed. Try again shortly',
    );
    expect(error.reason).toBe(cause);
  });

  it('tell a rate-limited caller to wait at least 1 ms', () => {
    const verdict = { allowed: false, limit: 5, remaining: 0, resetMs: 0 };
    const error = new RateLimitedError('requests', verdict, 'at most 5 requests per second');
    expect(error.retryAfterMs).toBe(1);
    expect(error.message).toBe('Rate limit reached: at most 5 requests per second; retry in 1 ms');
    expect(new RateLimitedError('requests', { ...verdict, resetMs: 1500 }, 'x').retryAfterMs).toBe(
      1500,
    );
  });

  it('name what a busy server has run out of', () => {
    expect(new ServerBusyError('all 4 job process slots are in use').message).toBe(
      'The server is busy: all 4 job process slots are in use; try again once some work has finished',
    );
  });
});

describe('scope refusals', () => {
  it('name the scopes a request needs', () => {
    expect(new InsufficientScopeError(['tasks:create']).message).toBe(
      'This request needs the scope(s) tasks:create; ask the authorization server for a token that grants them',
    );
  });

  it('also name the scopes to keep, so that stepping up loses nothing', () => {
    expect(scopeRefusalMessage(['gpu'], ['tasks:create', 'gpu', 'tasks:read'])).toBe(
      'This request needs the scope(s) gpu; ask the authorization server for a token that grants them, along with the ones it has: tasks:create tasks:read',
    );
    const error = new InsufficientScopeError(['gpu'], ['tasks:read', 'gpu']);
    expect([error.requiredScopes, error.scopesToRequest]).toEqual([['gpu'], ['tasks:read', 'gpu']]);
  });
});

describe('messageOf', () => {
  it("gives an error's message, never its stack, and any other thrown value as text", () => {
    expect(messageOf(new WorkStoppedError('process group 42 was stopped'))).toBe(
      'process group 42 was stopped',
    );
    expect(messageOf('plain')).toBe('plain');
    expect(messageOf(42)).toBe('42');
    expect(messageOf(undefined)).toBe('undefined');
  });
});
