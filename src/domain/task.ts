import { InvalidTransitionError, TaskExpiredError } from './errors.js';
import type { JsonObject, JsonValue } from './json.js';
import type { OwnerId } from './owner-id.js';
import type { TaskId } from './task-id.js';
import {
  hasOutstandingRequests,
  inputKey,
  isOutstanding,
  NO_INPUT,
  without,
  type InputRequest,
  type TaskInput,
} from './task-input.js';
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
  /**
   * Set on a failed task whose request failed as a whole (the server stopped it, or the tool
   * failed the request itself) rather than with a tool result that reports an error.
   */
  readonly error?: TaskError;
  /** The questions the task asked its caller and the answers not yet taken; absent if none. */
  readonly input?: TaskInput;
  readonly version: number;
}

/** A JSON-RPC error, as a failed request carries it. */
export interface TaskError {
  readonly code: number;
  readonly message: string;
  /** What the client needs besides the message, e.g. the capabilities it must declare. */
  readonly data?: JsonValue;
}

/** JSON-RPC's internal error: the request failed on the server's side, not in the tool. */
export const INTERNAL_ERROR_CODE = -32603;

/** The error of a task the server ended (expiry, shutdown, a lost replica, an oversized result). */
export function serverFailure(message: string): TaskError {
  return { code: INTERNAL_ERROR_CODE, message };
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

/**
 * The one way into a terminal status: the result goes in with it, atomically (with the request's
 * error, when it failed as a whole). Unanswered questions go: nobody waits for them any more.
 */
export function finishTask(
  task: Task,
  to: TerminalStatus,
  now: number,
  result: JsonValue,
  statusMessage?: string,
  error?: TaskError,
): Task {
  assertTransition(task.status, to);
  return bump(task, now, { status: to, statusMessage, result, error, input: undefined });
}

/**
 * Puts a question to the caller: the task waits in input_required, showing `statusMessage`, until
 * every question it has out is answered. Returns the question's key, new for the task's life.
 */
export function askForInput(
  task: Task,
  now: number,
  request: InputRequest,
  statusMessage?: string,
): { readonly task: Task; readonly key: string } {
  assertLive(task, now);
  if (task.status !== 'input_required') assertTransition(task.status, 'input_required');
  const input = task.input ?? NO_INPUT;
  const key = inputKey(input.asked + 1);
  const asked: TaskInput = {
    asked: input.asked + 1,
    requests: { ...input.requests, [key]: request },
    responses: input.responses,
  };
  return {
    task: bump(task, now, { status: 'input_required', statusMessage, input: asked }),
    key,
  };
}

/**
 * Records the caller's answer to the question `key`; once nothing is left unanswered the task is
 * working again. An answer to a question that is not outstanding (never asked, answered already,
 * or the task has ended or expired) changes nothing: undefined.
 */
export function answerInput(
  task: Task,
  now: number,
  key: string,
  response: JsonObject,
): Task | undefined {
  const input = task.input;
  if (isTerminal(task.status) || isExpired(task, now) || !input || !isOutstanding(input, key)) {
    return undefined;
  }
  const answered: TaskInput = {
    asked: input.asked,
    requests: without(input.requests, key),
    responses: { ...input.responses, [key]: response },
  };
  return hasOutstandingRequests(answered)
    ? bump(task, now, { input: answered })
    : bump(task, now, { status: 'working', statusMessage: undefined, input: answered });
}

/** Removes an answer the run has taken; undefined when it is not there (taken already). */
export function takeInputResponse(task: Task, now: number, key: string): Task | undefined {
  const input = task.input;
  if (!input || !Object.hasOwn(input.responses, key)) return undefined;
  return bump(task, now, { input: { ...input, responses: without(input.responses, key) } });
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

/**
 * The next version of `task` with `change` applied. Built field by field, optional fields only when
 * set: a change that clears one (undefined) leaves it out, and no task ever has a property deleted
 * (V8 would turn every such object into a dictionary, several times its size).
 */
function bump(task: Task, now: number, change: Partial<Task>): Task {
  const pick = <Key extends keyof Task>(key: Key): Task[Key] =>
    key in change ? (change[key] as Task[Key]) : task[key];
  const next: { -readonly [Key in keyof Task]: Task[Key] } = {
    id: task.id,
    owner: task.owner,
    toolName: task.toolName,
    status: pick('status'),
    createdAt: task.createdAt,
    lastUpdatedAt: now,
    ttlMs: task.ttlMs,
    pollIntervalMs: task.pollIntervalMs,
    variables: pick('variables'),
    version: task.version + 1,
  };
  const statusMessage = pick('statusMessage');
  if (statusMessage !== undefined) next.statusMessage = statusMessage;
  const result = pick('result');
  if (result !== undefined) next.result = result;
  const error = pick('error');
  if (error !== undefined) next.error = error;
  const input = pick('input');
  if (input !== undefined) next.input = input;
  return next;
}
