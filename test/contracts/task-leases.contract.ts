import type { TaskKey, TaskLeases } from '../../src/application/ports/task-leases.js';
import type { TaskStore } from '../../src/application/ports/task-store.js';
import { finishTask, type Task } from '../../src/domain/index.js';
import { aTask, aTaskId, anOwner } from '../support/task-mother.js';

/**
 * One replica: its leases, and the store it creates its tasks in. A live task inserted there is
 * this replica's to run, so its lease is this replica's (the store writes it with the task).
 */
export interface TaskLeasesSide {
  readonly leases: TaskLeases;
  readonly store: TaskStore;
}

/** A replica over storage holding no tasks yet. Leases must be far shorter than an hour. */
export type TaskLeasesFactory = () => Promise<TaskLeasesSide> | TaskLeasesSide;

const NOW = 1_000_000;
const HOUR = 3_600_000;
const MUCH_LATER = NOW + 365 * 24 * HOUR;

const keyOf = (task: Task): TaskKey => ({ owner: task.owner, id: task.id });

/**
 * What every TaskLeases adapter promises, whether or not it shares its store with other replicas:
 * the work running here keeps its leases, nothing is taken from a replica whose leases are
 * current, and an ended task is never claimed. What only a shared store can show (a lapsed lease
 * claimed by exactly one replica, a lost lease reported) is each adapter's own test.
 */
export function describeTaskLeasesContract(adapterName: string, makeSide: TaskLeasesFactory): void {
  describe(`TaskLeases contract: ${adapterName}`, () => {
    const alice = anOwner('alice');
    const bob = anOwner('bob');

    async function liveTask(side: TaskLeasesSide, owner = alice): Promise<Task> {
      const task = aTask({ owner, now: NOW, ttlMs: 24 * HOUR });
      await side.store.insert(owner, task);
      return task;
    }

    async function endedTask(side: TaskLeasesSide): Promise<Task> {
      const task = await liveTask(side);
      const done = finishTask(task, 'completed', NOW + 1, { content: [] });
      expect(await side.store.replace(alice, done, task.version)).toBe('replaced');
      return done;
    }

    it('renews nothing when nothing runs', async () => {
      const side = await makeSide();
      expect(await side.leases.renew([], NOW + HOUR)).toEqual([]);
    });

    it('renews every live task this replica runs, reporting none lost', async () => {
      const side = await makeSide();
      const running = [await liveTask(side), await liveTask(side), await liveTask(side, bob)];
      expect(await side.leases.renew(running.map(keyOf), NOW + HOUR)).toEqual([]);
      expect(await side.leases.renew(running.map(keyOf), NOW + 2 * HOUR)).toEqual([]);
    });

    it('reports as lost only keys it was asked to renew, never a live task it holds', async () => {
      const side = await makeSide();
      const live = await liveTask(side);
      const ended = await endedTask(side);
      const unknown: TaskKey = { owner: alice, id: aTaskId() };
      const asked = [keyOf(live), keyOf(ended), unknown];

      const lost = await side.leases.renew(asked, NOW + HOUR);

      for (const key of lost) expect(asked).toContainEqual(key);
      expect(lost).not.toContainEqual(keyOf(live));
    });

    it('claims nothing while the leases on live tasks are current', async () => {
      const side = await makeSide();
      await liveTask(side);
      await liveTask(side, bob);
      expect(await side.leases.claimOrphans(NOW + 1, 10)).toEqual([]);
    });

    it('claims nothing before a renewed lease runs out', async () => {
      const side = await makeSide();
      const task = await liveTask(side);
      expect(await side.leases.renew([keyOf(task)], NOW + 24 * HOUR)).toEqual([]);
      expect(await side.leases.claimOrphans(NOW + 12 * HOUR, 10)).toEqual([]);
    });

    it('never claims an ended task, however late', async () => {
      const side = await makeSide();
      const ended = await endedTask(side);
      expect(await side.leases.claimOrphans(MUCH_LATER, 10)).not.toContainEqual(keyOf(ended));
    });

    it('claims at most the limit it is given', async () => {
      const side = await makeSide();
      for (let i = 0; i < 5; i++) await liveTask(side, anOwner(`owner-${i}`));
      expect((await side.leases.claimOrphans(MUCH_LATER, 2)).length).toBeLessThanOrEqual(2);
    });
  });
}
