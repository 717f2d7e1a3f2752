import type { TaskSupport } from '../../../application/ports/task-tool.js';

/**
 * What the server does for clients that cannot drive MCP tasks (TASK_MCP_TASKLESS_CLIENTS):
 * `off`, nothing (a `required` tool refuses a call without a task, as the spec says); `handles`,
 * a task tool called without a task starts its task and answers the task's id at once, and four
 * ordinary tools (task_status, task_result, task_cancel, task_list) let the client follow it.
 */
export type TasklessClients = 'off' | 'handles';

export const TASKLESS_CLIENTS = Symbol('TasklessClients');

/**
 * Under `handles`, which tools answer a call without a task with a handle: every tool that may
 * run as a task. A client that cannot do tasks cannot keep one request open for a long job either
 * (its request times out, or it has no way to show progress), so an `optional` tool gets a
 * handle too, rather than running inline for as long as it takes. A `forbidden` tool is quick by
 * its author's word and still answers inline.
 */
export function answersWithHandle(taskSupport: TaskSupport): boolean {
  return taskSupport !== 'forbidden';
}

/** The four ordinary tools `handles` adds, by what they do. */
export const HANDLE_TOOLS = {
  status: 'task_status',
  result: 'task_result',
  cancel: 'task_cancel',
  list: 'task_list',
} as const;

export type HandleToolName = (typeof HANDLE_TOOLS)[keyof typeof HANDLE_TOOLS];

/**
 * How long task_result waits for a result, in seconds: by default well within a client's request
 * timeout (the SDK's is 60 s), at most a minute, so that no call is held open for a long job.
 */
export const RESULT_WAIT_SECONDS = { default: 20, max: 60 } as const;
