import { RELATED_TASK_META_KEY } from '@modelcontextprotocol/sdk/types.js';
import type { TaskOutcome } from '../../../application/services/task-result-waiter.js';
import type { JsonObject } from '../../../domain/index.js';
import { RpcError } from '../json-rpc/rpc-error.js';

/**
 * What a finished task's request returns on 2025-11-25 (a plain tools/call, or tasks/result):
 * exactly what the request would have returned. A task that failed as a whole (the server ended
 * it: ttl, shutdown, a lost replica, an oversized result; or the tool failed the request, e.g. for
 * a capability the client lacks) answers its JSON-RPC error, as 2026-07-28's tasks/get shows it;
 * otherwise the tool's result, an isError one included. tasks/result adds the related-task _meta.
 */
export function presentOutcome(outcome: TaskOutcome, relatedTask: boolean): JsonObject {
  const { task, result } = outcome;
  if (task.error) throw new RpcError(task.error.code, task.error.message, task.error.data);
  const body = (result ?? {}) as JsonObject;
  if (!relatedTask) return body;
  const meta = (body._meta ?? {}) as JsonObject;
  return { ...body, _meta: { ...meta, [RELATED_TASK_META_KEY]: { taskId: task.id } } };
}
