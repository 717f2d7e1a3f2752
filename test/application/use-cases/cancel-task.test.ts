import { WorkStoppedError } from '../../../src/application/shared/errors.js';
import { InvalidTransitionError, TaskNotFoundError } from '../../../src/domain/index.js';
import { flushAsync } from '../../support/fake-clock.js';
import { text } from '../../support/test-tools.js';
import { alice, bob, useCaseWorld as world } from '../../support/use-case-world.js';

describe('CancelTask', () => {
  it('cancels a running task before answering and aborts the work', async () => {
    const w = world();
    // A tool that does not stop on abort: cancel waits its bounded while, then answers anyway.
    const task = await w.create.run(alice, { toolName: 'gate_slow', arguments: {} });
    await w.slow.started();
    const run = w.slow.runs[0]!;
    const cancelled = await w.cancel.run(alice, task.id);
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      statusMessage: 'The task was cancelled by request.',
    });
    expect(run.ctx.signal.aborted).toBe(true);
    expect(run.ctx.signal.reason).toBe('cancelled');
    // A late result after cancellation is dropped: the task stays cancelled.
    run.release(text('too late'));
    await run.ended;
    await flushAsync();
    expect((await w.get.run(alice, task.id)).task.status).toBe('cancelled');
    expect(w.runner.runningCount).toBe(0);
    expect((await w.result.run(alice, task.id)).result).toMatchObject({ isError: true });
  });

  it('waits for the work to stop and adds what stopping did to the status message', async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate_slow', arguments: {} });
    await w.slow.started();
    const run = w.slow.runs[0]!;
    run.ctx.signal.addEventListener('abort', () =>
      setTimeout(() => run.reject(new WorkStoppedError('Its process group 42 was stopped.')), 50),
    );
    const cancelled = await w.cancel.run(alice, task.id);
    expect(cancelled.statusMessage).toBe(
      'The task was cancelled by request. Its process group 42 was stopped.',
    );
    expect(w.runner.runningCount).toBe(0);
  });

  it('refuses to cancel a terminal task and leaves it unchanged', async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await w.gate.started();
    w.gate.runs[0]!.release(text('ok'));
    const done = (await w.result.run(alice, task.id)).task;
    await expect(w.cancel.run(alice, task.id)).rejects.toThrow(InvalidTransitionError);
    await expect(w.cancel.run(alice, task.id)).rejects.toThrow(
      "Cannot cancel task: already in terminal status 'completed'",
    );
    expect((await w.get.run(alice, task.id)).task).toEqual(done);
  });

  it("treats another owner's task exactly like an unknown one", async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    for (const attempt of [
      () => w.get.run(bob, task.id),
      () => w.result.run(bob, task.id),
      () => w.cancel.run(bob, task.id),
      () => w.get.run(alice, 'x'.repeat(24)),
      () => w.get.run(alice, '../../etc/passwd'),
      () => w.get.run(alice, ''),
    ]) {
      await expect(attempt()).rejects.toThrow(TaskNotFoundError);
    }
    expect((await w.get.run(alice, task.id)).task.status).toBe('working');
    expect((await w.list.run(bob)).tasks).toEqual([]);
  });
});
