import { CancelTaskResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { TASKS_EXTENSION } from '../../../../src/adapters/mcp/protocol-versions.js';
import {
  aScope2025,
  aScope2026,
  call2025,
  call2026,
  methodWorld,
  wireErrorOf,
  refusalOf,
  TASK_NOT_FOUND,
  withGateTask,
} from '../../../support/mcp-methods.js';
import { aPrincipal } from '../../../support/task-mother.js';
import { text } from '../../../support/test-tools.js';

const alice = aPrincipal('alice');
const bob = aPrincipal('bob');

describe('tasks/cancel', () => {
  it('is routed by the task id, creates nothing and asks to cancel tasks', () => {
    const cancel = methodWorld().method('tasks/cancel');
    expect(cancel.name).toBe('tasks/cancel');
    expect(cancel.routingField).toBe('taskId');
    expect(cancel.creates).toBeUndefined();
    expect(cancel.operation?.({ taskId: 'x' })).toEqual({ kind: 'cancel' });
  });

  it.each(['v2025', 'v2026'] as const)('%s reads params.taskId as its own string', (version) => {
    const { parse } = methodWorld().method('tasks/cancel')[version]!;
    expect(parse({ taskId: 'task-1' })).toBe('task-1');
    expect(refusalOf(() => parse({ taskId: ['task-1'] })).toJson()).toEqual({
      code: -32602,
      message: 'Invalid params: params.taskId must be a string',
    });
  });

  describe('2025-11-25', () => {
    it('stops the work and answers the task, now cancelled', async () => {
      const { w, taskId, run } = await withGateTask(alice);
      const answer = await call2025(w.method('tasks/cancel'), { taskId }, aScope2025(alice));
      expect(CancelTaskResultSchema.safeParse(answer).success).toBe(true);
      expect(answer).toEqual({
        taskId,
        status: 'cancelled',
        statusMessage: 'The task was cancelled by request.',
        createdAt: '2026-01-01T00:00:00.000Z',
        lastUpdatedAt: '2026-01-01T00:00:00.000Z',
        ttl: 3_600_000,
        pollInterval: 1000,
      });
      expect(run.ctx.signal.reason).toBe('cancelled');
    });

    it('refuses a task that has already ended with -32602', async () => {
      const { w, taskId, run, statusOf } = await withGateTask(alice);
      run.release(text('done'));
      await w.settled(alice, taskId);
      expect(
        await wireErrorOf(() => call2025(w.method('tasks/cancel'), { taskId }, aScope2025(alice))),
      ).toEqual({
        code: -32602,
        message: "Cannot cancel task: already in terminal status 'completed'",
        data: { reason: 'INVALID_TRANSITION' },
      });
      expect(await statusOf()).toBe('completed');
    });

    it("answers another owner's task exactly like an unknown one, and leaves it running", async () => {
      const { w, taskId, run, statusOf } = await withGateTask(alice);
      const cancel = w.method('tasks/cancel');
      const foreign = await wireErrorOf(() => call2025(cancel, { taskId }, aScope2025(bob)));
      const unknown = await wireErrorOf(() =>
        call2025(cancel, { taskId: 'no-such-task' }, aScope2025(bob)),
      );
      expect(foreign).toEqual(TASK_NOT_FOUND);
      expect(unknown).toEqual(foreign);
      expect(run.ctx.signal.aborted).toBe(false);
      expect(await statusOf()).toBe('working');
    });
  });

  describe('2026-07-28 (tasks extension)', () => {
    it('acknowledges with a bare complete result and cancels the task', async () => {
      const { w, taskId, run, statusOf } = await withGateTask(alice);
      expect(await call2026(w.method('tasks/cancel'), { taskId }, aScope2026(alice))).toEqual({
        resultType: 'complete',
      });
      expect(run.ctx.signal.reason).toBe('cancelled');
      expect(await statusOf()).toBe('cancelled');
    });

    it('acknowledges a task that has already ended too, leaving it as it was', async () => {
      const { w, taskId, run, statusOf } = await withGateTask(alice);
      run.release(text('done'));
      await w.settled(alice, taskId);
      expect(await call2026(w.method('tasks/cancel'), { taskId }, aScope2026(alice))).toEqual({
        resultType: 'complete',
      });
      expect(await statusOf()).toBe('completed');
    });

    it('refuses a client that does not declare the extension with -32021, cancelling nothing', async () => {
      const { w, taskId, statusOf } = await withGateTask(alice);
      expect(
        await wireErrorOf(() =>
          call2026(w.method('tasks/cancel'), { taskId }, aScope2026(alice, { elicitation: true })),
        ),
      ).toEqual({
        code: -32021,
        message: `Missing required client capability: tasks/cancel is part of the tasks extension; declare "${TASKS_EXTENSION}" in the request's client capabilities`,
        data: { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } },
      });
      expect(await statusOf()).toBe('working');
    });

    it("answers another owner's task exactly like an unknown one, and leaves it running", async () => {
      const { w, taskId, statusOf } = await withGateTask(alice);
      const cancel = w.method('tasks/cancel');
      const foreign = await wireErrorOf(() => call2026(cancel, { taskId }, aScope2026(bob)));
      const unknown = await wireErrorOf(() =>
        call2026(cancel, { taskId: 'no-such-task' }, aScope2026(bob)),
      );
      expect(foreign).toEqual(TASK_NOT_FOUND);
      expect(unknown).toEqual(foreign);
      expect(await statusOf()).toBe('working');
    });
  });
});
