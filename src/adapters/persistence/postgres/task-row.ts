import type {
  JsonObject,
  JsonValue,
  OwnerId,
  Task,
  TaskError,
  TaskId,
  TaskInput,
  TaskStatus,
} from '../../../domain/index.js';

/** The columns of task_mcp_tasks that make up a Task (the lease columns are not part of it). */
export const TASK_COLUMNS =
  'owner_key, task_id, tool_name, status, status_message, created_at, last_updated_at, ttl_ms, ' +
  'poll_interval_ms, variables, result, error, input, version';

export interface TaskRow {
  readonly owner_key: string;
  readonly task_id: string;
  readonly tool_name: string;
  readonly status: string;
  readonly status_message: string | null;
  readonly created_at: number;
  readonly last_updated_at: number;
  readonly ttl_ms: number;
  readonly poll_interval_ms: number;
  readonly variables: JsonObject;
  readonly result: JsonValue | null;
  readonly error: TaskError | null;
  readonly input: TaskInput | null;
  readonly version: number;
}

export function taskFromRow(row: TaskRow): Task {
  const task: Task = {
    id: row.task_id as TaskId,
    owner: row.owner_key as OwnerId,
    toolName: row.tool_name,
    status: row.status as TaskStatus,
    createdAt: row.created_at,
    lastUpdatedAt: row.last_updated_at,
    ttlMs: row.ttl_ms,
    pollIntervalMs: row.poll_interval_ms,
    variables: row.variables,
    version: row.version,
    ...(row.status_message === null ? {} : { statusMessage: row.status_message }),
    ...(row.result === null ? {} : { result: row.result }),
    ...(row.error === null ? {} : { error: row.error }),
    ...(row.input === null ? {} : { input: row.input }),
  };
  return task;
}

/** JSON text for a `json` column: stored as the exact text, so it reads back unchanged. */
export function jsonText(value: JsonValue | TaskError | TaskInput | undefined): string | null {
  return value === undefined ? null : JSON.stringify(value);
}
