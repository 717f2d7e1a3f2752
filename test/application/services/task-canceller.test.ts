import { jest } from '@jest/globals';
import { AUDIT_LOG } from '../../../src/application/ports/audit-log.js';
import { TASK_STORE, type TaskStore } from '../../../src/application/ports/task-store.js';
import { TASK_TOOL } from '../../../src/application/ports/task-tool.js';
import { TaskCanceller } from '../../../src/application/services/task-canceller.js';
import { TaskRunner } from '../../../src/application/services/task-runner.js';
import { CreateTask } from '../../../src/application/use-cases/create-task.js';
import { errorResult } from '../../../src/application/tool-kit/tool-result.js';
import {
  finishTask,
  InvalidTransitionError,
  TaskNotFoundError,
} from '../../../src/domain/index.js';
import { RecordingAuditLog } from '../../support/recording-audit-log.js';
import { aPrincipal, aTask, aTaskId } from '../../support/task-mother.js';
import { testContainer } from '../../support/test-container.js';
import { GateTool } from '../../support/test-tools.js';

const alice = aPrincipal('alice');
const CANCELLED = 'The task was cancelled by request.';

function world() {
  const { container, clock } = testContainer();
  const audit = new RecordingAuditLog();
  container.rebind(AUDIT_LOG).toConstantValue(audit);
  const gate = new GateTool();
  container.bind(TASK_TOOL).toConstantValue(gate);
  const runner = container.get(TaskRunner);
  const realStop = runner.stop.bind(runner);
  return {
    realStop,
    clock,
    audit,
    gate,
    stop: jest.spyOn(runner, 'stop'),
    store: container.get<TaskStore>(TASK_STORE),
    create: container.get(CreateTask),
    canceller: container.get(TaskCanceller),
  };
}

describe('TaskCanceller', () => {
  it('stops the work, stores the task cancelled with the reason as its result, and audits it', async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await w.gate.started();

    const cancelled = await w.canceller.cancel(alice.owner, task.id);

    expect(w.gate.runs[0]!.ctx.signal.reason).toBe('cancelled');
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      statusMessage: CANCELLED,
      result: errorResult(CANCELLED),
    });
    expect(await w.store.get(alice.owner, task.id)).toEqual(cancelled);
    expect(w.audit.named('task.cancelled')).toEqual([
      {
        event: 'task.cancelled',
        severity: 'info',
        owner: alice.owner,
        detail: { task: task.id, tool: 'gate' },
      },
    ]);
  });

  it('refuses a task that is gone or already ended before touching any work', async () => {
    const w = world();
    const ended = aTask({ owner: alice.owner, now: w.clock.now() });
    await w.store.insert(alice.owner, finishTask(ended, 'completed', w.clock.now(), {}));

    await expect(w.canceller.cancel(alice.owner, aTaskId())).rejects.toThrow(TaskNotFoundError);
    await expect(w.canceller.cancel(alice.owner, ended.id)).rejects.toThrow(
      "Cannot cancel task: already in terminal status 'completed'",
    );
    expect(w.stop).not.toHaveBeenCalled();
    expect(w.audit.named('task.cancelled')).toEqual([]);
  });

  it('leaves a task that ended while its work was being stopped as it ended', async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await w.gate.started();
    let finished = task;
    w.stop.mockImplementation(async (owner, id, reason) => {
      // The tool's own result lands first.
      const current = (await w.store.get(owner, id))!;
      finished = finishTask(current, 'completed', w.clock.now(), { content: [] });
      await w.store.replace(owner, finished, current.version);
      return w.realStop(owner, id, reason);
    });

    await expect(w.canceller.cancel(alice.owner, task.id)).rejects.toThrow(InvalidTransitionError);
    expect(await w.store.get(alice.owner, task.id)).toEqual(finished);
    expect(w.audit.named('task.cancelled')).toEqual([]);
  });
});
