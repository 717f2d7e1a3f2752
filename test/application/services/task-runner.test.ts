import { finishTask, type TaskId } from '../../../src/domain/index.js';
import { eventually } from '../../support/http-fixture.js';
import { alice, useCaseWorld as world } from '../../support/use-case-world.js';

describe('TaskRunner', () => {
  it('fails and aborts every running task on shutdown', async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate_slow', arguments: {} });
    await w.slow.started();
    const run = w.slow.runs[0]!;
    run.ctx.signal.addEventListener('abort', () => run.reject(new Error('stopped')));
    await w.runner.shutdown();
    expect(run.ctx.signal.reason).toBe('shutdown');
    expect((await w.get.run(alice, task.id)).task).toMatchObject({
      status: 'failed',
      statusMessage: 'server shutting down',
    });
  });
});

describe('TaskRunner with other replicas on the store', () => {
  /** What another replica does to a task: write it to the shared store and announce it. */
  async function endElsewhere(
    w: ReturnType<typeof world>,
    taskId: TaskId,
    to: 'cancelled' | 'failed',
  ) {
    const current = (await w.store.get(alice.owner, taskId))!;
    const ended = finishTask(current, to, w.clock.now(), { content: [] }, `ended as ${to}`);
    expect(await w.store.replace(alice.owner, ended, current.version)).toBe('replaced');
    w.events.publish(ended);
  }

  it.each([
    ['cancelled', 'cancelled'],
    ['failed', 'ended-elsewhere'],
  ] as const)('stops the work here when the task is %s elsewhere', async (to, reason) => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await w.gate.started();
    const run = w.gate.runs[0]!;
    await endElsewhere(w, task.id, to);
    expect(run.ctx.signal.reason).toBe(reason);
    await run.ended;
    await eventually(() => w.runner.runningCount === 0);
    // The other replica's outcome stands: what the stopped tool said afterwards was dropped.
    expect((await w.get.run(alice, task.id)).task).toMatchObject({
      status: to,
      statusMessage: `ended as ${to}`,
    });
  });

  it('lets its own finished run end without aborting it', async () => {
    const w = world();
    await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await w.gate.started();
    const run = w.gate.runs[0]!;
    run.release({ content: [{ type: 'text', text: 'done' }] });
    await run.ended;
    await eventually(() => w.runner.runningCount === 0);
    expect(run.ctx.signal.aborted).toBe(false);
  });
});
