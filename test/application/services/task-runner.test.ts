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
