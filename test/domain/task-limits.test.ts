import {
  assertRoomForNewTask,
  DEFAULT_TASK_LIMITS,
  ResourceExhaustedError,
} from '../../src/domain/index.js';

describe('per-owner task limits', () => {
  const limits = { maxTasksPerOwner: 3, maxConcurrentTasksPerOwner: 2 };

  it('defaults to 100 stored and 10 concurrent', () => {
    expect(DEFAULT_TASK_LIMITS).toEqual({ maxTasksPerOwner: 100, maxConcurrentTasksPerOwner: 10 });
  });

  it('allows a task while both counts are under their limits', () => {
    expect(() => assertRoomForNewTask({ stored: 2, active: 1 }, limits)).not.toThrow();
  });

  it('rejects when the stored limit is reached, naming it', () => {
    expect(() => assertRoomForNewTask({ stored: 3, active: 0 }, limits)).toThrow(
      ResourceExhaustedError,
    );
    expect(() => assertRoomForNewTask({ stored: 3, active: 0 }, limits)).toThrow(
      /at most 3 stored/,
    );
  });

  it('rejects when the concurrent limit is reached, naming it', () => {
    expect(() => assertRoomForNewTask({ stored: 2, active: 2 }, limits)).toThrow(
      /at most 2 running/,
    );
  });
});
