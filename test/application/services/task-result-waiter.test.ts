import 'reflect-metadata';
import { InMemoryTaskStore } from '../../../src/adapters/persistence/memory/in-memory-task-store.js';
import { InProcessTaskEvents } from '../../../src/adapters/persistence/memory/in-process-task-events.js';
import { DEFAULT_TASK_POLICY } from '../../../src/application/policy/task-policy.js';
import { TaskResultWaiter } from '../../../src/application/services/task-result-waiter.js';
import { TaskWatch } from '../../../src/application/services/task-watch.js';
import { finishTask, moveTask, type Task } from '../../../src/domain/index.js';
import { FakeClock, flushAsync } from '../../support/fake-clock.js';
import { aTask, anOwner } from '../../support/task-mother.js';

const alice = anOwner('alice');

async function world() {
  const clock = new FakeClock();
  const store = new InMemoryTaskStore(DEFAULT_TASK_POLICY);
  const events = new InProcessTaskEvents();
  const task = aTask({ owner: alice, now: clock.now() });
  await store.insert(alice, task);
  return {
    clock,
    task,
    waiter: new TaskResultWaiter(new TaskWatch(store, events, clock)),
    async change(from: Task, next: Task) {
      expect(await store.replace(alice, next, from.version)).toBe('replaced');
      events.publish(next);
    },
  };
}

describe('TaskResultWaiter', () => {
  it('waits past input_required for a terminal status and hands back exactly the result', async () => {
    const w = await world();
    let settled = false;
    const waiting = w.waiter.wait(alice, w.task.id).finally(() => (settled = true));
    await flushAsync();

    const asking = moveTask(w.task, 'input_required', w.clock.now(), 'which branch?');
    await w.change(w.task, asking);
    await flushAsync();
    expect(settled).toBe(false);

    const result = { content: [{ type: 'text', text: 'built' }], structuredContent: { n: 1 } };
    const done = finishTask(asking, 'completed', w.clock.now(), result);
    await w.change(asking, done);
    expect(await waiting).toEqual({ task: done, result });
  });

  it('refuses a terminal task that has lost its result rather than answer with nothing', async () => {
    const done = { ...aTask({ owner: alice }), status: 'completed' as const, result: undefined };
    const waiter = new TaskResultWaiter({
      until: async (_owner, _id, pick) => pick(done)!,
    } as TaskWatch);
    await expect(waiter.wait(alice, done.id)).rejects.toThrow(
      'A terminal task has no result: the store lost it',
    );
  });
});
