import type { JsonObject } from './json.js';

/**
 * A question a running task puts to its caller: a server-to-client request (an
 * `elicitation/create`, say) that the client answers while the task waits in `input_required`.
 */
export interface InputRequest {
  readonly method: string;
  readonly params: JsonObject;
}

/**
 * What a task has asked and been told. `asked` counts every request the task ever made, so each
 * gets a key of its own for the task's whole life; `requests` are still unanswered; `responses`
 * are answered but not yet taken by the run (the run may be on another replica).
 */
export interface TaskInput {
  readonly asked: number;
  readonly requests: Readonly<Record<string, InputRequest>>;
  readonly responses: Readonly<Record<string, JsonObject>>;
}

export const NO_INPUT: TaskInput = Object.freeze({
  asked: 0,
  requests: Object.freeze({}),
  responses: Object.freeze({}),
});

/** The key of a task's `n`th request (from 1): unique over the task's life, never reused. */
export function inputKey(n: number): string {
  return `input-${n}`;
}

/**
 * Whether `key` is a question the task has out. Keys come from clients: only the task's own keys
 * count, never a name every object inherits (`constructor`, `toString`).
 */
export function isOutstanding(input: TaskInput | undefined, key: string): boolean {
  return input !== undefined && Object.hasOwn(input.requests, key);
}

export function hasOutstandingRequests(input: TaskInput | undefined): boolean {
  return input !== undefined && Object.keys(input.requests).length > 0;
}

/** `record` without its entry for `key`. */
export function without<Value>(
  record: Readonly<Record<string, Value>>,
  key: string,
): Record<string, Value> {
  const { [key]: _dropped, ...rest } = record;
  return rest;
}
