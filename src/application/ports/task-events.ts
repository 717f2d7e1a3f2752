import type { OwnerId, Task, TaskId } from '../../domain/index.js';

export type TaskListener = (task: Task) => void;
export type Unsubscribe = () => void;

/**
 * Announces task changes: wakes `tasks/result` waiters and feeds status notifications. Scoped by
 * owner like the store, so a subscriber only ever hears about its own owner's task.
 */
export interface TaskEvents {
  publish(task: Task): void;
  subscribe(owner: OwnerId, id: TaskId, listener: TaskListener): Unsubscribe;
}

export const TASK_EVENTS = Symbol('TaskEvents');
