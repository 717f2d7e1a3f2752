import { finishTask, TaskNotFoundError } from '../../../src/domain/index.js';
import { resultAsJson } from '../../../src/application/tool-kit/tool-result.js';
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

  it('re-reads the task once per poll interval, so a change nobody announced still ends the wait', async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await w.gate.started();
    let reads = 0;
    const get = w.store.get.bind(w.store);
    w.store.get = (owner, id) => {
      reads++;
      return get(owner, id);
    };
    let answered = false;
    const waiting = w.result.run(alice, task.id).then((outcome) => {
      answered = true;
      return outcome;
    });
    await flush();
    const readsWhileWaiting = reads;
    for (let interval = 0; interval < 3; interval++) {
      w.clock.advance(task.pollIntervalMs);
      await flush();
    }
    // One read per interval, not a busy loop.
    expect(reads - readsWhileWaiting).toBe(3);
    expect(answered).toBe(false);

    // Another replica ends the task, and its notice is lost: only the re-read can see it.
    const current = (await get(alice.owner, task.id))!;
    const ended = finishTask(
      current,
      'completed',
      w.clock.now(),
      resultAsJson(text('from elsewhere')),
    );
    await w.store.replace(alice.owner, ended, current.version);
    w.clock.advance(task.pollIntervalMs);
    expect((await waiting).result).toEqual(text('from elsewhere'));
  });
});

/** Lets pending promise callbacks (store reads) run. */
async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
