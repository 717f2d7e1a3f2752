import type { JsonObject, Task } from '../../../domain/index.js';
import { toWireTask } from './wire-task.js';

/**
 * Tasks as the tasks extension (SEP-2663) shows them: flat, with `ttlMs` and `pollIntervalMs`,
 * and on tasks/get the status's payload inline. Our store keeps 2025-11-25's meaning of `failed`
 * (a tool result with isError fails a task); the extension reserves `failed` for a request that
 * failed as a whole, so a task that failed with a tool result shows as `completed` with that
 * result, and only a task with a JSON-RPC error shows as `failed`.
 */
export function toTaskHandle(task: Task): JsonObject {
  // The same fields as 2025-11-25's, renamed; its form is cached per task version, dates and all.
  const { taskId, status, createdAt, lastUpdatedAt, statusMessage } = toWireTask(task);
  const handle: JsonObject = {
    resultType: 'task',
    taskId,
    status,
    createdAt,
    lastUpdatedAt,
    ttlMs: task.ttlMs,
    pollIntervalMs: task.pollIntervalMs,
  };
  if (statusMessage !== undefined) handle.statusMessage = statusMessage;
  return handle;
}

/** Each task version's tasks/get form, made once: a polling client asks for it again and again. */
const detailedForms = new WeakMap<Task, JsonObject>();

/** A tasks/get result: the task, with its result, error or open questions inline (frozen). */
export function toDetailedTask(task: Task): JsonObject {
  let detailed = detailedForms.get(task);
  if (!detailed) detailedForms.set(task, (detailed = Object.freeze(detail(task))));
  return detailed;
}

function detail(task: Task): JsonObject {
  const detailed: JsonObject = { ...toTaskHandle(task), resultType: 'complete' };
  switch (task.status) {
    case 'input_required':
      detailed.inputRequests = { ...(task.input?.requests ?? {}) } as unknown as JsonObject;
      break;
    case 'completed':
      detailed.result = inlineResult(task);
      break;
    case 'failed':
      if (task.error) {
        detailed.error = { ...task.error } as JsonObject;
      } else {
        detailed.status = 'completed';
        detailed.result = inlineResult(task);
      }
      break;
    default:
      break;
  }
  return detailed;
}

/** What the tools/call would have returned: the stored result, as a 2026-07-28 result. */
function inlineResult(task: Task): JsonObject {
  const stored = (task.result ?? { content: [] }) as JsonObject;
  return { ...stored, resultType: 'complete' };
}
