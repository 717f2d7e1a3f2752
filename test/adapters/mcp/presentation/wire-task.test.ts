import { TaskSchema } from '@modelcontextprotocol/sdk/types.js';
import { finishTask, updateStatusMessage } from '../../../../src/domain/index.js';
import {
  EXPIRED_META_KEY,
  toWireTask,
} from '../../../../src/adapters/mcp/presentation/wire-task.js';
import { aTask } from '../../../support/task-mother.js';

const T0 = Date.UTC(2026, 0, 1);

describe('toWireTask', () => {
  it('shows a task as MCP 2025-11-25 does, and nothing kept inside', () => {
    const task = aTask({ now: T0, ttlMs: 60_000, variables: { secret: 'x' }, toolName: 'build' });
    const wire = toWireTask(task);
    expect(TaskSchema.safeParse(wire).success).toBe(true);
    expect(wire).toEqual({
      taskId: task.id,
      status: 'working',
      createdAt: '2026-01-01T00:00:00.000Z',
      lastUpdatedAt: '2026-01-01T00:00:00.000Z',
      ttl: 60_000,
      pollInterval: 1000,
    });
  });

  it('shows the status message once there is one, and the time of the last change', () => {
    const task = updateStatusMessage(aTask({ now: T0 }), T0 + 2500, 'Halfway');
    expect(toWireTask(task)).toMatchObject({
      statusMessage: 'Halfway',
      createdAt: '2026-01-01T00:00:00.000Z',
      lastUpdatedAt: '2026-01-01T00:00:02.500Z',
    });
  });

  it('shows a finished task without its result', () => {
    const task = finishTask(aTask({ now: T0 }), 'completed', T0 + 1, { content: [] }, 'Done');
    const wire = toWireTask(task);
    expect(TaskSchema.safeParse(wire).success).toBe(true);
    expect(Object.keys(wire).sort()).toEqual([
      'createdAt',
      'lastUpdatedAt',
      'pollInterval',
      'status',
      'statusMessage',
      'taskId',
      'ttl',
    ]);
    expect(wire.status).toBe('completed');
  });

  it('converts each task version once, into one frozen form shared by every caller', () => {
    const task = aTask({ now: T0 });
    const wire = toWireTask(task);
    expect(toWireTask(task)).toBe(wire);
    expect(Object.isFrozen(wire)).toBe(true);
    expect(() => {
      (wire as { status: string }).status = 'completed';
    }).toThrow(TypeError);
  });

  it('converts a new version of a task anew, leaving the old form as it was', () => {
    const before = aTask({ now: T0 });
    const after = updateStatusMessage(before, T0 + 1000, 'Moving');
    const oldForm = toWireTask(before);
    const newForm = toWireTask(after);
    expect(newForm).not.toBe(oldForm);
    expect(newForm.statusMessage).toBe('Moving');
    expect(oldForm).not.toHaveProperty('statusMessage');
    expect(oldForm.lastUpdatedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('names the documented _meta key for an expired task', () => {
    expect(EXPIRED_META_KEY).toBe('dev.task-mcp/expired');
  });
});
