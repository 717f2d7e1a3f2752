import { TaskNotFoundError } from '../../../src/domain/index.js';
import { text } from '../../support/test-tools.js';
import { alice, bob, useCaseWorld as world } from '../../support/use-case-world.js';

describe('GetTask', () => {
  it("returns the caller's task as it stands, and flags it once its ttl has passed", async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {}, ttl: 5000 });
    await w.gate.started();
    expect(await w.get.run(alice, task.id)).toMatchObject({
      task: { id: task.id, status: 'working' },
      expired: false,
    });
    w.gate.runs[0]!.release(text('done'));
    await w.result.run(alice, task.id);
    w.clock.jump(5000);
    expect(await w.get.run(alice, task.id)).toMatchObject({
      task: { status: 'completed' },
      expired: true,
    });
  });

  it("answers another owner's task, and a malformed id, exactly like an unknown one", async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    for (const [who, id] of [
      [bob, task.id],
      [alice, 'no-such-task'],
      [alice, '../../etc'],
    ] as const) {
      await expect(w.get.run(who, id)).rejects.toThrow(TaskNotFoundError);
      await expect(w.get.run(who, id)).rejects.toThrow('Task not found');
    }
  });
});
