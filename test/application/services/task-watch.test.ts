import 'reflect-metadata';
import { InMemoryTaskStore } from '../../../src/adapters/persistence/memory/in-memory-task-store.js';
import { InProcessTaskEvents } from '../../../src/adapters/persistence/memory/in-process-task-events.js';
import { DEFAULT_TASK_POLICY } from '../../../src/application/policy/task-policy.js';
import { TaskWatch } from '../../../src/application/services/task-watch.js';
import { finishTask, moveTask, TaskNotFoundError, type Task } from '../../../src/domain/index.js';
import { FakeClock, flushAsync } from '../../support/fake-clock.js';
import { aTask, aTaskId, anOwner } from '../../support/task-mother.js';

const alice = anOwner('alice');
const terminalStatus = (task: Task) => (task.status === 'working' ? undefined : task.status);

async function world() {
  const clock = new FakeClock();
  const store = new InMemoryTaskStore(DEFAULT_TASK_POLICY);
  const events = new InProcessTaskEvents();
  const task = aTask({ owner: alice, now: clock.now() });
  await store.insert(alice, task);
  let reads = 0;
  const get = store.get.bind(store);
  store.get = (owner, id) => {
    reads++;
    return get(owner, id);
  };
  return {
    clock,
    store,
    events,
    task,
    reads: () => reads,
    watch: new TaskWatch(store, events, clock),
    /** Stores `next` and announces it, as TaskUpdater does. */
    async change(from: Task, next: Task, announce = true) {
      expect(await store.replace(alice, next, from.version)).toBe('replaced');
      if (announce) events.publish(next);
    },
  };
}

describe('TaskWatch', () => {
  it('answers from the first read when the task already shows what is asked, watching nothing', async () => {
    const w = await world();
    expect(await w.watch.until(alice, w.task.id, (task) => task.toolName)).toBe('wait');
    expect(w.events.isWatched(alice, w.task.id)).toBe(false);
  });

  it('wakes on the announced change, then stops listening and re-reading', async () => {
    const w = await world();
    const waiting = w.watch.until(alice, w.task.id, terminalStatus);
    await flushAsync();
    await w.change(w.task, moveTask(w.task, 'input_required', w.clock.now() + 1, 'a question'));
    expect(await waiting).toBe('input_required');

    expect(w.events.isWatched(alice, w.task.id)).toBe(false);
    const readsWhenDone = w.reads();
    w.clock.advance(10 * w.task.pollIntervalMs);
    await flushAsync();
    expect(w.reads()).toBe(readsWhenDone);
  });

  it('sees a change nobody announced at the next poll interval, not before', async () => {
    const w = await world();
    let answer: string | undefined;
    const waiting = w.watch.until(alice, w.task.id, terminalStatus).then((status) => {
      answer = status;
    });
    await flushAsync();
    await w.change(w.task, finishTask(w.task, 'failed', w.clock.now(), {}), false);
    w.clock.advance(w.task.pollIntervalMs - 1);
    await flushAsync();
    expect(answer).toBeUndefined();
    w.clock.advance(1);
    await waiting;
    expect(answer).toBe('failed');
  });

  it('rejects with TaskNotFoundError for a task that is not there, or that goes while watched', async () => {
    const w = await world();
    await expect(w.watch.until(alice, aTaskId(), terminalStatus)).rejects.toThrow(
      TaskNotFoundError,
    );
    await expect(w.watch.until(anOwner('bob'), w.task.id, terminalStatus)).rejects.toThrow(
      TaskNotFoundError,
    );

    const waiting = w.watch.until(alice, w.task.id, terminalStatus);
    await flushAsync();
    await w.store.cleanupExpired(w.task.createdAt + w.task.ttlMs);
    w.clock.advance(w.task.pollIntervalMs);
    await expect(waiting).rejects.toThrow(TaskNotFoundError);
    expect(w.events.isWatched(alice, w.task.id)).toBe(false);
  });

  it("rejects with the signal's reason when the caller gives up, before or while waiting", async () => {
    const w = await world();
    const gaveUp = new AbortController();
    gaveUp.abort(new Error('client went away'));
    await expect(w.watch.until(alice, w.task.id, terminalStatus, gaveUp.signal)).rejects.toThrow(
      'client went away',
    );

    const later = new AbortController();
    const waiting = w.watch.until(alice, w.task.id, terminalStatus, later.signal);
    await flushAsync();
    later.abort('not an Error');
    await expect(waiting).rejects.toThrow('Request aborted');
    expect(w.events.isWatched(alice, w.task.id)).toBe(false);
  });

  it('rejects with the store’s error when a re-read fails', async () => {
    const w = await world();
    const waiting = w.watch.until(alice, w.task.id, terminalStatus);
    await flushAsync();
    w.store.get = () => Promise.reject(new Error('database down'));
    w.clock.advance(w.task.pollIntervalMs);
    await expect(waiting).rejects.toThrow('database down');
  });
});
