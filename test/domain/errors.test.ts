import {
  DomainError,
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
} from '../../src/domain/index.js';

describe('domain errors', () => {
  it.each([
    [new TaskNotFoundError(), 'NOT_FOUND', 'TaskNotFoundError'],
    [new InvalidTransitionError('x'), 'INVALID_TRANSITION', 'InvalidTransitionError'],
    [new ResourceExhaustedError('x'), 'RESOURCE_EXHAUSTED', 'ResourceExhaustedError'],
    [new InvalidTtlError('x'), 'INVALID_TTL', 'InvalidTtlError'],
    [new TtlTooLongError(2, 1), 'TTL_TOO_LONG', 'TtlTooLongError'],
    [new VariableLimitExceededError('x'), 'VARIABLE_LIMIT_EXCEEDED', 'VariableLimitExceededError'],
    [new VariableTypeMismatchError('x'), 'VARIABLE_TYPE_MISMATCH', 'VariableTypeMismatchError'],
    [new InvalidArgumentError('x'), 'INVALID_ARGUMENT', 'InvalidArgumentError'],
    [new InvalidCursorError(), 'INVALID_CURSOR', 'InvalidCursorError'],
    [new TaskExpiredError(), 'TASK_EXPIRED', 'TaskExpiredError'],
  ])('%s carries the code %s and its class name', (error, code, name) => {
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(code);
    expect(error.name).toBe(name);
  });

  it('says "Task not found" and nothing more, whoever owns the task', () => {
    expect(new TaskNotFoundError().message).toBe('Task not found');
  });

  it('names the requested ttl and the maximum', () => {
    const error = new TtlTooLongError(90_000_000, 86_400_000);
    expect(error.message).toBe('Requested ttl 90000000 ms exceeds the maximum of 86400000 ms');
    expect([error.requestedTtlMs, error.maxTtlMs]).toEqual([90_000_000, 86_400_000]);
  });

  it('keeps the message it is given', () => {
    expect(new ResourceExhaustedError('At most 3 stored tasks').message).toBe(
      'At most 3 stored tasks',
    );
  });
});
