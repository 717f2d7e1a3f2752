import { ResourceExhaustedError } from './errors.js';

export interface TaskLimits {
  readonly maxTasksPerOwner: number;
  readonly maxConcurrentTasksPerOwner: number;
}

export const DEFAULT_TASK_LIMITS: TaskLimits = {
  maxTasksPerOwner: 100,
  maxConcurrentTasksPerOwner: 10,
};

export interface OwnerTaskCounts {
  /** Tasks stored for the owner, terminal or not. */
  readonly stored: number;
  /** Tasks not yet in a terminal status. */
  readonly active: number;
}

/** Hard reject, no eviction: an owner's finished tasks are theirs until they expire. */
export function assertRoomForNewTask(counts: OwnerTaskCounts, limits: TaskLimits): void {
  if (counts.stored >= limits.maxTasksPerOwner) {
    throw new ResourceExhaustedError(
      `Task limit reached: at most ${limits.maxTasksPerOwner} stored tasks per owner; ` +
        'wait for older tasks to expire',
    );
  }
  if (counts.active >= limits.maxConcurrentTasksPerOwner) {
    throw new ResourceExhaustedError(
      `Concurrency limit reached: at most ${limits.maxConcurrentTasksPerOwner} running tasks ` +
        'per owner; wait for one to finish or cancel one',
    );
  }
}
