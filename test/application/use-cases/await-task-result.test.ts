import { TaskNotFoundError } from '../../../src/domain/index.js';
import { text } from '../../support/test-tools.js';
import { alice, bob, useCaseWorld as world } from '../../support/use-case-world.js';

describe('AwaitTaskResult', () => {
  it('answers at once for a finished task, and exactly with what the tool returned', async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await w.gate.started();
    w.gate.runs[0]!.release(text('done'));
    const first = await w.result.run(alice, task.id);
    const again = await w.result.run(alice, task.id);
    expect(first.result).toEqual(text('done'));
    expect(again).toEqual(first);
  });

  it('waits while the task runs, and gives up when the caller does, leaving the task running', async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await w.gate.started();
    const controller = new AbortController();
    const waiting = w.result.run(alice, task.id, controller.signal);
    controller.abort(new Error('client went away'));
    await expect(waiting).rejects.toThrow('client went away');
    expect((await w.get.run(alice, task.id)).task.status).toBe('working');
    expect(w.gate.runs[0]!.ctx.signal.aborted).toBe(false);
  });

  it("refuses another owner's task exactly like an unknown one, without waiting", async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await expect(w.result.run(bob, task.id)).rejects.toThrow(TaskNotFoundError);
    await expect(w.result.run(alice, 'unknown')).rejects.toThrow('Task not found');
  });
});
