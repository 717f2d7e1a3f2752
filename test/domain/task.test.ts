import {
  expiresAt,
  finishTask,
  InvalidTransitionError,
  isExpired,
  moveTask,
  setTaskVariable,
  TaskExpiredError,
  updateStatusMessage,
  DEFAULT_VARIABLE_LIMITS,
  VariableLimitExceededError,
} from '../../src/domain/index.js';
import { FakeClock } from '../support/fake-clock.js';
import { aTask } from '../support/task-mother.js';

describe('task', () => {
  const now = 1_000_000;

  it('starts working, version 1, with its ttl counted from creation', () => {
    const task = aTask({ now, ttlMs: 5000 });
    expect(task.status).toBe('working');
    expect(task.version).toBe(1);
    expect(task.createdAt).toBe(now);
    expect(expiresAt(task)).toBe(now + 5000);
  });

  it('is expired from the instant its ttl has passed', () => {
    const clock = new FakeClock(now);
    const task = aTask({ now: clock.now(), ttlMs: 5000 });
    clock.advance(4999);
    expect(isExpired(task, clock.now())).toBe(false);
    clock.advance(1);
    expect(isExpired(task, clock.now())).toBe(true);
  });

  it('finishes with its result atomically and bumps the version', () => {
    const done = finishTask(aTask({ now }), 'completed', now + 10, { content: [] }, 'done');
    expect(done).toMatchObject({
      status: 'completed',
      result: { content: [] },
      statusMessage: 'done',
    });
    expect(done.version).toBe(2);
    expect(done.lastUpdatedAt).toBe(now + 10);
  });

  it('never changes again once terminal', () => {
    const done = finishTask(aTask({ now }), 'cancelled', now, { content: [] });
    expect(() => finishTask(done, 'completed', now, {})).toThrow(InvalidTransitionError);
    expect(() => moveTask(done, 'working', now)).toThrow(InvalidTransitionError);
    expect(() => updateStatusMessage(done, now, 'late')).toThrow(InvalidTransitionError);
    expect(() => setTaskVariable(done, now, 'k', 1, DEFAULT_VARIABLE_LIMITS)).toThrow(
      InvalidTransitionError,
    );
  });

  it('moves between working and input_required but reaches terminal only with a result', () => {
    const waiting = moveTask(aTask({ now }), 'input_required', now + 1, 'need input');
    expect(waiting.status).toBe('input_required');
    expect(moveTask(waiting, 'working', now + 2).status).toBe('working');
    expect(() => moveTask(waiting, 'completed', now)).toThrow(InvalidTransitionError);
  });

  it('keeps the status message when only variables change', () => {
    const task = updateStatusMessage(aTask({ now }), now + 1, 'halfway');
    const next = setTaskVariable(task, now + 2, 'k', 'v', DEFAULT_VARIABLE_LIMITS);
    expect(next.statusMessage).toBe('halfway');
    expect(next.variables).toEqual({ k: 'v' });
  });

  it('refuses variables beyond the limits and changes past expiry', () => {
    const task = aTask({ now, ttlMs: 100 });
    expect(() =>
      setTaskVariable(task, now, 'k', 'x'.repeat(70_000), DEFAULT_VARIABLE_LIMITS),
    ).toThrow(VariableLimitExceededError);
    expect(() => updateStatusMessage(task, now + 100, 'late')).toThrow(TaskExpiredError);
  });
});
