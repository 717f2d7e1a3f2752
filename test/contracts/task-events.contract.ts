import type { TaskEvents } from '../../src/application/ports/task-events.js';
import type { TaskStore } from '../../src/application/ports/task-store.js';
import { finishTask, moveTask, type Task } from '../../src/domain/index.js';
import { eventually } from '../support/http-fixture.js';
import { aTask, anOwner } from '../support/task-mother.js';

/** One replica's view: its events, and the store it writes the tasks it announces to. */
export interface TaskEventsSide {
  readonly events: TaskEvents;
  readonly store: TaskStore;
}

export type TaskEventsFactory = () => Promise<TaskEventsSide> | TaskEventsSide;

export interface TaskEventsContractOptions {
  /**
   * Two replicas over the same storage, each with its own connections. Without it, both are one
   * instance: events of one process have nobody else to tell, so "the other replica" is itself.
   */
  readonly makeTwins?: () => Promise<[TaskEventsSide, TaskEventsSide]>;
}

const NOW = 1_000_000;

/** What a subscriber heard, in order. */
function recorder() {
  const heard: Task[] = [];
  return { heard, listener: (task: Task) => heard.push(task) };
}

/** Stores `next` (the version after `from`, or a new task) and announces it, as TaskUpdater does. */
async function change(side: TaskEventsSide, from: Task | undefined, next: Task): Promise<void> {
  if (from) expect(await side.store.replace(next.owner, next, from.version)).toBe('replaced');
  else await side.store.insert(next.owner, next);
  side.events.publish(next);
}

/**
 * The behaviour every TaskEvents adapter must show: `describeTaskEventsContract('Mine', make)`.
 * Delivery may be asynchronous, so "never delivered" is checked against a witness: a subscriber on
 * the same events that does hear the change, after which the one that must not has had its chance.
 */
export function describeTaskEventsContract(
  adapterName: string,
  makeSide: TaskEventsFactory,
  options: TaskEventsContractOptions = {},
): void {
  const makeTwins =
    options.makeTwins ??
    (async (): Promise<[TaskEventsSide, TaskEventsSide]> => {
      const side = await makeSide();
      return [side, side];
    });

  describe(`TaskEvents contract: ${adapterName}`, () => {
    const alice = anOwner('alice');
    const mallory = anOwner('mallory');

    describe('within one replica', () => {
      it('hands a subscriber each change to its task, in order', async () => {
        const side = await makeSide();
        const task = aTask({ owner: alice, now: NOW });
        await change(side, undefined, task);
        const watcher = recorder();
        side.events.subscribe(alice, task.id, watcher.listener);

        const waiting = moveTask(task, 'input_required', NOW + 1, 'need a name');
        await change(side, task, waiting);
        const done = finishTask(waiting, 'completed', NOW + 2, { content: [] });
        await change(side, waiting, done);

        await eventually(() => watcher.heard.length >= 2);
        expect(watcher.heard).toEqual([waiting, done]);
      });

      it('tells every subscriber of a task', async () => {
        const side = await makeSide();
        const task = aTask({ owner: alice, now: NOW });
        await change(side, undefined, task);
        const first = recorder();
        const second = recorder();
        side.events.subscribe(alice, task.id, first.listener);
        side.events.subscribe(alice, task.id, second.listener);

        const done = finishTask(task, 'completed', NOW + 1, { content: [] });
        await change(side, task, done);

        await eventually(() => first.heard.length > 0 && second.heard.length > 0);
        expect([first.heard, second.heard]).toEqual([[done], [done]]);
      });

      it("never tells a subscriber about another task, nor another owner's task of the same id", async () => {
        const side = await makeSide();
        const task = aTask({ owner: alice, now: NOW });
        const sibling = aTask({ owner: alice, now: NOW });
        await change(side, undefined, task);
        await change(side, undefined, sibling);
        const witness = recorder();
        const siblingWatcher = recorder();
        const stranger = recorder();
        side.events.subscribe(alice, task.id, witness.listener);
        side.events.subscribe(alice, sibling.id, siblingWatcher.listener);
        side.events.subscribe(mallory, task.id, stranger.listener);

        await change(side, task, finishTask(task, 'completed', NOW + 1, { content: [] }));

        await eventually(() => witness.heard.length > 0);
        expect(siblingWatcher.heard).toEqual([]);
        expect(stranger.heard).toEqual([]);
      });

      it('stops telling a subscriber once it unsubscribes, and only that subscriber', async () => {
        const side = await makeSide();
        const task = aTask({ owner: alice, now: NOW });
        await change(side, undefined, task);
        const leaving = recorder();
        const staying = recorder();
        const unsubscribe = side.events.subscribe(alice, task.id, leaving.listener);
        side.events.subscribe(alice, task.id, staying.listener);

        unsubscribe();
        await change(side, task, finishTask(task, 'cancelled', NOW + 1, {}));

        await eventually(() => staying.heard.length > 0);
        expect(leaving.heard).toEqual([]);
      });

      it('lets a listener unsubscribe while it is being told, without others missing the change', async () => {
        const side = await makeSide();
        const task = aTask({ owner: alice, now: NOW });
        await change(side, undefined, task);
        const heard: string[] = [];
        const unsubscribeFirst = side.events.subscribe(alice, task.id, () => {
          heard.push('first');
          unsubscribeFirst();
        });
        side.events.subscribe(alice, task.id, () => heard.push('second'));

        await change(side, task, finishTask(task, 'completed', NOW + 1, { content: [] }));

        await eventually(() => heard.length >= 2);
        expect(heard.sort()).toEqual(['first', 'second']);
      });

      it('accepts an unsubscribe called twice, and a change nobody listens for', async () => {
        const side = await makeSide();
        const task = aTask({ owner: alice, now: NOW });
        await change(side, undefined, task);
        const unsubscribe = side.events.subscribe(alice, task.id, () => undefined);
        unsubscribe();
        expect(() => unsubscribe()).not.toThrow();
        await expect(
          change(side, task, finishTask(task, 'completed', NOW + 1, { content: [] })),
        ).resolves.toBeUndefined();
      });
    });

    describe('between replicas on the same storage', () => {
      it("hands the other replica's subscriber the stored task, and nobody else", async () => {
        const [a, b] = await makeTwins();
        const task = aTask({ owner: alice, now: NOW });
        await change(a, undefined, task);
        const watcher = recorder();
        const stranger = recorder();
        b.events.subscribe(alice, task.id, watcher.listener);
        b.events.subscribe(mallory, task.id, stranger.listener);

        const done = finishTask(task, 'completed', NOW + 1, { content: [] });
        await change(a, task, done);

        await eventually(() => watcher.heard.length > 0);
        expect(watcher.heard.at(-1)).toEqual(done);
        expect(stranger.heard).toEqual([]);
      });

      it('tells the publishing replica its own change once, not again when it comes round', async () => {
        const [a, b] = await makeTwins();
        const task = aTask({ owner: alice, now: NOW });
        await change(a, undefined, task);
        const here = recorder();
        const there = recorder();
        a.events.subscribe(alice, task.id, here.listener);
        b.events.subscribe(alice, task.id, there.listener);

        const done = finishTask(task, 'completed', NOW + 1, { content: [] });
        await change(a, task, done);
        await eventually(() => here.heard.length > 0 && there.heard.length > 0);

        // A change announced later from the other side reaches A after A's own announcement did.
        const later = aTask({ owner: alice, now: NOW });
        await change(b, undefined, later);
        const witness = recorder();
        a.events.subscribe(alice, later.id, witness.listener);
        await change(b, later, finishTask(later, 'completed', NOW + 2, { content: [] }));
        await eventually(() => witness.heard.length > 0);

        expect(here.heard).toEqual([done]);
      });

      it('stops telling the other replica once its subscriber unsubscribes', async () => {
        const [a, b] = await makeTwins();
        const task = aTask({ owner: alice, now: NOW });
        await change(a, undefined, task);
        const leaving = recorder();
        const staying = recorder();
        const unsubscribe = b.events.subscribe(alice, task.id, leaving.listener);
        b.events.subscribe(alice, task.id, staying.listener);

        unsubscribe();
        await change(a, task, finishTask(task, 'failed', NOW + 1, {}));

        await eventually(() => staying.heard.length > 0);
        expect(leaving.heard).toEqual([]);
      });
    });
  });
}
