import {
  jsonText,
  taskFromRow,
  type TaskRow,
} from '../../../../src/adapters/persistence/postgres/task-row.js';
import { finishTask, type Task } from '../../../../src/domain/index.js';
import { aTask } from '../../../support/task-mother.js';

/** The row a task is stored as, json columns read back as the driver parses them. */
function rowOf(task: Task): TaskRow {
  const json = <T>(value: unknown) =>
    (value === undefined ? null : JSON.parse(jsonText(value as never)!)) as T;
  return {
    owner_key: task.owner,
    task_id: task.id,
    tool_name: task.toolName,
    status: task.status,
    status_message: task.statusMessage ?? null,
    created_at: task.createdAt,
    last_updated_at: task.lastUpdatedAt,
    ttl_ms: task.ttlMs,
    poll_interval_ms: task.pollIntervalMs,
    variables: json(task.variables),
    result: json(task.result),
    error: json(task.error),
    input: json(task.input),
    version: task.version,
  };
}

describe('task rows', () => {
  it('read back as the very task that was stored', () => {
    const working = aTask({ variables: { branch: 'main', depth: { n: 1 } } });
    const done = finishTask(working, 'failed', working.createdAt + 5, { content: [] }, 'it broke', {
      code: -32603,
      message: 'it broke',
    } as never);
    expect(taskFromRow(rowOf(working))).toEqual(working);
    expect(taskFromRow(rowOf(done))).toEqual(done);
  });

  it('leave out the fields a task does not have, rather than set them to null', () => {
    const task = taskFromRow(rowOf(aTask()));
    for (const field of ['statusMessage', 'result', 'error', 'input']) {
      expect(task).not.toHaveProperty(field);
    }
  });

  it('store JSON as its exact text, and nothing as NULL', () => {
    expect(jsonText({ b: 1, a: [true, null, 'x'] })).toBe('{"b":1,"a":[true,null,"x"]}');
    expect(jsonText(null)).toBe('null');
    expect(jsonText(undefined)).toBeNull();
  });
});
