import type { Task } from '../../../src/domain/index.js';
import { flushAsync } from '../../support/fake-clock.js';
import { text } from '../../support/test-tools.js';
import { alice, bob, useCaseWorld as world } from '../../support/use-case-world.js';

function followed() {
  const w = world();
  const seen: Task[] = [];
  return { w, seen, tell: (task: Task) => seen.push(task) };
}

describe('FollowTasks', () => {
  it('tells the task as it stands, then every change in order, the terminal state last', async () => {
    const { w, seen, tell } = followed();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await w.gate.started();
    w.follow.start(alice, [task.id], tell);
    await flushAsync();
    const run = w.gate.runs[0]!;
    await run.ctx.setStatusMessage('one');
    await run.ctx.setStatusMessage('two');
    run.release(text('done'));
    await w.result.run(alice, task.id);
    await flushAsync();
    expect(seen.map((state) => [state.status, state.statusMessage])).toEqual([
      ['working', undefined],
      ['working', 'one'],
      ['working', 'two'],
      ['completed', undefined],
    ]);
    const versions = seen.map((state) => state.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    // Nothing is told of a task once it ended.
    w.events.publish({ ...seen.at(-1)!, version: 99 });
    expect(seen).toHaveLength(4);
  });

  it('never tells an older state after a newer one', async () => {
    const { w, seen, tell } = followed();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await w.gate.started();
    w.follow.start(alice, [task.id], tell);
    await flushAsync();
    const current = seen[0]!;
    w.events.publish({ ...current, version: current.version + 2, statusMessage: 'newer' });
    w.events.publish({ ...current, version: current.version + 1, statusMessage: 'older' });
    expect(seen.map((state) => state.statusMessage)).toEqual([undefined, 'newer']);
  });

  it("never tells of another owner's task, an unknown id or a malformed one", async () => {
    const { w, seen, tell } = followed();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await w.gate.started();
    w.follow.start(bob, [task.id, 'no-such-task', '../../etc', ''], tell);
    await flushAsync();
    await w.gate.runs[0]!.ctx.setStatusMessage('changed');
    w.gate.runs[0]!.release(text('done'));
    await w.result.run(alice, task.id);
    await flushAsync();
    expect(seen).toEqual([]);
  });

  it('stops telling once stopped', async () => {
    const { w, seen, tell } = followed();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await w.gate.started();
    const stop = w.follow.start(alice, [task.id, task.id], tell);
    await flushAsync();
    expect(seen).toHaveLength(1);
    stop();
    stop();
    await w.gate.runs[0]!.ctx.setStatusMessage('unheard');
    expect(seen).toHaveLength(1);
  });
});
