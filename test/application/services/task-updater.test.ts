import { TaskUpdater } from '../../../src/application/services/task-updater.js';
import { InMemoryTaskStore } from '../../../src/adapters/persistence/memory/in-memory-task-store.js';
import { InProcessTaskEvents } from '../../../src/adapters/persistence/memory/in-process-task-events.js';
import { DEFAULT_TASK_POLICY } from '../../../src/application/policy/task-policy.js';
import { updateStatusMessage, type Task } from '../../../src/domain/index.js';
import { aTask } from '../../support/task-mother.js';

const NOW = 1_000_000;

function world() {
  const store = new InMemoryTaskStore(DEFAULT_TASK_POLICY);
  const events = new InProcessTaskEvents();
  let reads = 0;
  const get = store.get.bind(store);
  store.get = (owner, id) => {
    reads++;
    return get(owner, id);
  };
  return { store, events, updater: new TaskUpdater(store, events), reads: () => reads };
}

const say = (text: string) => (task: Task) => updateStatusMessage(task, NOW, text);

describe('TaskUpdater with the task as the caller last wrote it', () => {
  it('writes without reading first when that task is current, and announces the change', async () => {
    const w = world();
    const task = aTask({ now: NOW });
    await w.store.insert(task.owner, task);
    const heard: Task[] = [];
    w.events.subscribe(task.owner, task.id, (changed) => heard.push(changed));

    const stored = await w.updater.update(task.owner, task.id, say('first'), task);
    expect(w.reads()).toBe(0);
    expect(stored).toMatchObject({ statusMessage: 'first', version: task.version + 1 });
    expect(heard).toEqual([stored]);
  });

  it("falls back to the stored task when that task is stale, losing nobody else's change", async () => {
    const w = world();
    const task = aTask({ now: NOW });
    await w.store.insert(task.owner, task);
    // Somebody else moved the task on since the caller last saw it.
    const theirs = await w.updater.update(task.owner, task.id, say('theirs'));
    const mine = await w.updater.update(
      task.owner,
      task.id,
      (current) => updateStatusMessage(current, NOW, `${current.statusMessage} then mine`),
      task,
    );
    expect(mine.version).toBe(theirs.version + 1);
    expect(mine.statusMessage).toBe('theirs then mine');
    expect(await w.store.get(task.owner, task.id)).toEqual(mine);
  });
});
