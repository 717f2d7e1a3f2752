import { InvalidTransitionError, TaskExpiredError } from './errors.js';
import type { JsonObject, JsonValue } from './json.js';
import type { OwnerId } from './owner-id.js';
import type { TaskId } from './task-id.js';
import {
  assertTransition,
  isTerminal,
  type TaskStatus,
  type TerminalStatus,
} from './task-status.js';
import { assertVariablesWithinLimits, type VariableLimits } from './variable-limits.js';

/**
 * A task as the server keeps it. Immutable: every change returns a new value with `version`
 * bumped, which is what a store compares when it swaps one in.
 * Times are epoch milliseconds; the domain never reads a clock itself.
 */
export interface Task {
  readonly id: TaskId;
  readonly owner: OwnerId;
  readonly toolName: string;
  readonly status: TaskStatus;
  readonly statusMessage?: string;
  readonly createdAt: number;
  readonly lastUpdatedAt: number;
  readonly ttlMs: number;
  readonly pollIntervalMs: number;
  readonly variables: JsonObject;
  /** What `tasks/result` returns once the task is terminal. */
  readonly result?: JsonValue;
  readonly version: number;
}

export interface NewTask {
  readonly id: TaskId;
  readonly owner: OwnerId;
  readonly toolName: string;
  readonly ttlMs: number;
  readonly pollIntervalMs: number;
  readonly variables: JsonObject;
  readonly now: number;
}

export function createTask(input: NewTask, variableLimits: VariableLimits): Task {
  assertVariablesWithinLimits(input.variables, variableLimits);
  return {
    id: input.id,
    owner: input.owner,
    toolName: input.toolName,
    status: 'working',
    createdAt: input.now,
    lastUpdatedAt: input.now,
    ttlMs: input.ttlMs,
    pollIntervalMs: input.pollIntervalMs,
    variables: input.variables,
    version: 1,
  };
}

export function expiresAt(task: Task): number {
  return task.createdAt + task.ttlMs;
}

/** Past its ttl a task is expired: still readable, flagged, until cleanup deletes it. */
export function isExpired(task: Task, now: number): boolean {
  return now >= expiresAt(task);
}

/** A non-terminal move (working <-> input_required), optionally with a new status message. */
export function moveTask(task: Task, to: TaskStatus, now: number, statusMessage?: string): Task {
  assertTransition(task.status, to);
  if (isTerminal(to)) {
    throw new InvalidTransitionError(`A task reaches '${to}' only together with its result`);
  }
  return bump(task, now, { status: to, statusMessage });
}

/** The one way into a terminal status: the result goes in with it, atomically. */
export function finishTask(
  task: Task,
  to: TerminalStatus,
  now: number,
  result: JsonValue,
  statusMessage?: string,
): Task {
  assertTransition(task.status, to);
  return bump(task, now, { status: to, statusMessage, result });
}

/** Progress reports change the message only; a finished task's message is final. */
export function updateStatusMessage(task: Task, now: number, statusMessage: string): Task {
  assertLive(task, now);
  return bump(task, now, { statusMessage });
}

export function setTaskVariable(
  task: Task,
  now: number,
  key: string,
  value: JsonValue,
  limits: VariableLimits,
): Task {
  assertLive(task, now);
  const variables = { ...task.variables, [key]: value };
  assertVariablesWithinLimits(variables, limits);
  return bump(task, now, { variables });
}

function assertLive(task: Task, now: number): void {
  if (isTerminal(task.status)) {
    throw new InvalidTransitionError(
      `The task is already '${task.status}'; a finished task does not change`,
    );
  }
  if (isExpired(task, now)) throw new TaskExpiredError();
}

function bump(task: Task, now: number, change: Partial<Task>): Task {
  const next: Task = { ...task, ...change, lastUpdatedAt: now, version: task.version + 1 };
  if (next.statusMessage === undefined) {
    const { statusMessage: _dropped, ...rest } = next;
    return rest;
  }
  return next;
}
