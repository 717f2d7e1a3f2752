import type { Task as WireTask } from '@modelcontextprotocol/sdk/types.js';
import type { Task } from '../../../domain/index.js';

/** `_meta` key set to true on a tasks/get result whose task is past its ttl, until cleanup. */
export const EXPIRED_META_KEY = 'dev.task-mcp/expired';

/**
 * Tasks are immutable, and a polling client asks for the same version again and again: each
 * version is converted once (its dates formatted once), and the result shared, frozen.
 */
const wireForms = new WeakMap<Task, WireTask>();

/** A domain task as MCP 2025-11-25 shows it; owner, tool, variables and result stay inside. */
export function toWireTask(task: Task): WireTask {
  let wire = wireForms.get(task);
  if (!wire) wireForms.set(task, (wire = Object.freeze(convert(task))));
  return wire;
}

function convert(task: Task): WireTask {
  const wire: WireTask = {
    taskId: task.id,
    status: task.status,
    createdAt: new Date(task.createdAt).toISOString(),
    lastUpdatedAt: new Date(task.lastUpdatedAt).toISOString(),
    ttl: task.ttlMs,
    pollInterval: task.pollIntervalMs,
  };
  if (task.statusMessage !== undefined) wire.statusMessage = task.statusMessage;
  return wire;
}
