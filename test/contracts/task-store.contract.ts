import type { TaskStore } from '../../src/application/ports/task-store.js';
import { DEFAULT_TASK_POLICY, type TaskPolicy } from '../../src/application/policy/task-policy.js';
import {
  answerInput,
  askForInput,
  finishTask,
  ResourceExhaustedError,
  setTaskVariable,
  VariableLimitExceededError,
  type Task,
} from '../../src/domain/index.js';
import { aTask, anOwner } from '../support/task-mother.js';

export type TaskStoreFactory = (policy: TaskPolicy) => Promise<TaskStore> | TaskStore;

export interface TaskStoreContractOptions {
  /**
   * Two instances over the same storage, each with its own connections, as two replicas have.
   * Without it, both are one instance (a store of one process has nothing else to share with).
   */
  readonly makeTwins?: (policy: TaskPolicy) => Promise<[TaskStore, TaskStore]>;
}

const NOW = 1_000_000;

function policyWith(limits: Partial<TaskPolicy['limits']>): TaskPolicy {
  return { ...DEFAULT_TASK_POLICY, limits: { ...DEFAULT_TASK_POLICY.limits, ...limits } };
}

/**
 * The behaviour every TaskStore adapter must show. A new adapter is done when it passes this suite
 * unchanged: `describeTaskStoreContract('MyStore', (policy) => new MyStore(policy))`.
 */
export function describeTaskStoreContract(
  adapterName: string,
  makeStore: TaskStoreFactory,
  options: TaskStoreContractOptions = {},
): void {
  describe(`TaskStore contract: ${adapterName}`, () => {
    const alice = anOwner('alice');
    const bob = anOwner('bob');

    describe('owner scoping', () => {
      it('returns a task to its owner and to nobody else', async () => {
        const store = await makeStore(DEFAULT_TASK_POLICY);
        const task = aTask({ owner: alice });
        await store.insert(alice, task);
        expect(await store.get(alice, task.id)).toEqual(task);
        expect(await store.get(bob, task.id)).toBeUndefined();
      });

      it("lists an owner's tasks only", async () => {
        const store = await makeStore(DEFAULT_TASK_POLICY);
        const mine = aTask({ owner: alice });
        await store.insert(alice, mine);
        await store.insert(bob, aTask({ owner: bob }));
        expect((await store.list(alice, undefined, 50)).tasks.map((t) => t.id)).toEqual([mine.id]);
        expect((await store.list(anOwner('carol'), undefined, 50)).tasks).toEqual([]);
      });

      it("cannot replace another owner's task, even with the right id and version", async () => {
        const store = await makeStore(DEFAULT_TASK_POLICY);
        const task = aTask({ owner: alice });
        await store.insert(alice, task);
        const forged = { ...finishTask(task, 'cancelled', NOW, {}), owner: bob };
        expect(await store.replace(bob, forged, task.version)).toBe('missing');
        expect((await store.get(alice, task.id))?.status).toBe('working');
      });

      it('refuses to store a task under an owner that is not its own', async () => {
        const store = await makeStore(DEFAULT_TASK_POLICY);
        await expect(store.insert(bob, aTask({ owner: alice }))).rejects.toThrow();
        expect((await store.list(bob, undefined, 50)).tasks).toEqual([]);
      });
    });

    describe('compare-and-set', () => {
      it('replaces only at the expected version', async () => {
        const store = await makeStore(DEFAULT_TASK_POLICY);
        const task = aTask({ owner: alice });
        await store.insert(alice, task);
        const done = finishTask(task, 'completed', NOW + 1, { content: [] });
        expect(await store.replace(alice, done, task.version + 1)).toBe('conflict');
        expect(await store.replace(alice, done, task.version)).toBe('replaced');
        expect(await store.get(alice, task.id)).toEqual(done);
      });

      it("keeps a task's questions, its answers and a request's error, exactly", async () => {
        const store = await makeStore(DEFAULT_TASK_POLICY);
        const task = aTask({ owner: alice, now: NOW });
        await store.insert(alice, task);
        const question = {
          method: 'elicitation/create',
          params: { message: 'Proceed? «ja»', requestedSchema: { type: 'object', properties: {} } },
        };
        const asked = askForInput(task, NOW + 1, question, 'Proceed?').task;
        expect(await store.replace(alice, asked, task.version)).toBe('replaced');
        expect(await store.get(alice, task.id)).toEqual(asked);
        const answered = answerInput(asked, NOW + 2, 'input-1', { action: 'accept', content: {} })!;
        expect(await store.replace(alice, answered, asked.version)).toBe('replaced');
        expect(await store.get(alice, task.id)).toEqual(answered);
        const failed = finishTask(answered, 'failed', NOW + 3, { content: [] }, 'stopped', {
          code: -32603,
          message: 'The server stopped',
        });
        expect(await store.replace(alice, failed, answered.version)).toBe('replaced');
        expect(await store.get(alice, task.id)).toEqual(failed);
        expect(failed.input).toBeUndefined();
      });

      it('says missing for an unknown id', async () => {
        const store = await makeStore(DEFAULT_TASK_POLICY);
        const task = aTask({ owner: alice });
        expect(await store.replace(alice, finishTask(task, 'failed', NOW, {}), 1)).toBe('missing');
      });

      it('never lets a terminal task change', async () => {
        const store = await makeStore(DEFAULT_TASK_POLICY);
        const task = aTask({ owner: alice });
        await store.insert(alice, task);
        const cancelled = finishTask(task, 'cancelled', NOW, {});
        await store.replace(alice, cancelled, task.version);
        const forged: Task = { ...cancelled, status: 'completed', version: cancelled.version + 1 };
        expect(await store.replace(alice, forged, cancelled.version)).toBe('conflict');
        expect((await store.get(alice, task.id))?.status).toBe('cancelled');
      });

      it('lets only one of two racing writers win', async () => {
        const store = await makeStore(DEFAULT_TASK_POLICY);
        const task = aTask({ owner: alice });
        await store.insert(alice, task);
        const outcomes = await Promise.all([
          store.replace(alice, finishTask(task, 'completed', NOW, { content: [] }), task.version),
          store.replace(alice, finishTask(task, 'cancelled', NOW, { content: [] }), task.version),
        ]);
        expect(outcomes.sort()).toEqual(['conflict', 'replaced']);
      });
    });

    describe('limits', () => {
      it('rejects past the stored-task limit and stores nothing', async () => {
        const store = await makeStore(
          policyWith({ maxTasksPerOwner: 3, maxConcurrentTasksPerOwner: 3 }),
        );
        for (let i = 0; i < 3; i++) {
          const task = aTask({ owner: alice });
          await store.insert(alice, task);
          await store.replace(alice, finishTask(task, 'completed', NOW, {}), task.version);
        }
        const extra = aTask({ owner: alice });
        await expect(store.insert(alice, extra)).rejects.toThrow(ResourceExhaustedError);
        expect(await store.get(alice, extra.id)).toBeUndefined();
        await expect(store.insert(bob, aTask({ owner: bob }))).resolves.toBeUndefined();
      });

      it('rejects past the concurrent limit, and frees a slot when a task finishes', async () => {
        const store = await makeStore(
          policyWith({ maxTasksPerOwner: 10, maxConcurrentTasksPerOwner: 2 }),
        );
        const first = aTask({ owner: alice });
        await store.insert(alice, first);
        await store.insert(alice, aTask({ owner: alice }));
        await expect(store.insert(alice, aTask({ owner: alice }))).rejects.toThrow(/running tasks/);
        await store.replace(alice, finishTask(first, 'failed', NOW, {}), first.version);
        await expect(store.insert(alice, aTask({ owner: alice }))).resolves.toBeUndefined();
      });

      it('stores exactly 100 of 200 concurrent creates for one owner, spread over two instances', async () => {
        const policy = policyWith({ maxTasksPerOwner: 100, maxConcurrentTasksPerOwner: 200 });
        const [one, two] = options.makeTwins
          ? await options.makeTwins(policy)
          : await Promise.resolve(makeStore(policy)).then((store): [TaskStore, TaskStore] => [
              store,
              store,
            ]);
        const results = await Promise.allSettled(
          Array.from({ length: 200 }, (_, i) =>
            (i % 2 === 0 ? one : two).insert(alice, aTask({ owner: alice })),
          ),
        );
        const rejected = results.filter((r) => r.status === 'rejected');
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(100);
        expect(rejected).toHaveLength(100);
        for (const r of rejected) {
          expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ResourceExhaustedError);
        }
        expect((await one.list(alice, undefined, 1000)).tasks).toHaveLength(100);
        expect((await two.list(alice, undefined, 1000)).tasks).toHaveLength(100);
      });

      it('enforces the variable limits itself', async () => {
        const policy = {
          ...DEFAULT_TASK_POLICY,
          variables: { ...DEFAULT_TASK_POLICY.variables, maxTotalBytes: 1024 },
        };
        const store = await makeStore(policy);
        const big = { ...aTask({ owner: alice }), variables: { blob: 'x'.repeat(2000) } };
        await expect(store.insert(alice, big)).rejects.toThrow(VariableLimitExceededError);
        const task = aTask({ owner: alice });
        await store.insert(alice, task);
        const grown = setTaskVariable(
          task,
          NOW,
          'blob',
          'x'.repeat(2000),
          DEFAULT_TASK_POLICY.variables,
        );
        await expect(store.replace(alice, grown, task.version)).rejects.toThrow(
          VariableLimitExceededError,
        );
        expect((await store.get(alice, task.id))?.variables).toEqual({});
      });
    });

    describe('listing', () => {
      it('pages in creation order with a position to continue from', async () => {
        const store = await makeStore(DEFAULT_TASK_POLICY);
        const tasks = Array.from({ length: 5 }, (_, i) => aTask({ owner: alice, now: NOW + i }));
        for (const task of [...tasks].reverse()) await store.insert(alice, task);
        const first = await store.list(alice, undefined, 2);
        expect(first.tasks.map((t) => t.id)).toEqual([tasks[0]!.id, tasks[1]!.id]);
        expect(first.next).toEqual({ createdAt: NOW + 1, id: tasks[1]!.id });
        const second = await store.list(alice, first.next, 2);
        expect(second.tasks.map((t) => t.id)).toEqual([tasks[2]!.id, tasks[3]!.id]);
        const last = await store.list(alice, second.next, 2);
        expect(last.tasks.map((t) => t.id)).toEqual([tasks[4]!.id]);
        expect(last.next).toBeUndefined();
      });

      it('continues a listing right after its last task, even once cleanup has deleted it', async () => {
        const store = await makeStore(DEFAULT_TASK_POLICY);
        const tasks = Array.from({ length: 6 }, (_, i) =>
          aTask({ owner: alice, now: NOW + i, ttlMs: i % 2 === 1 ? 50 : 60_000 }),
        );
        for (const task of tasks) await store.insert(alice, task);
        const first = await store.list(alice, undefined, 2);
        expect(first.next).toEqual({ createdAt: NOW + 1, id: tasks[1]!.id });
        // Tasks 1, 3 and 5 expire: the page's last task among them.
        expect(await store.cleanupExpired(NOW + 1000)).toBe(3);
        const second = await store.list(alice, first.next, 2);
        expect(second.tasks.map((t) => t.id)).toEqual([tasks[2]!.id, tasks[4]!.id]);
        expect(second.next).toBeUndefined();
      });

      it('orders tasks created in the same millisecond by id', async () => {
        const store = await makeStore(DEFAULT_TASK_POLICY);
        const tasks = Array.from({ length: 4 }, () => aTask({ owner: alice, now: NOW }));
        for (const task of tasks) await store.insert(alice, task);
        const ids = (await store.list(alice, undefined, 10)).tasks.map((t) => t.id);
        expect(ids).toEqual(tasks.map((t) => t.id).sort());
      });
    });

    describe('expiry cleanup', () => {
      it('deletes exactly the expired tasks and frees their quota', async () => {
        const store = await makeStore(
          policyWith({ maxTasksPerOwner: 2, maxConcurrentTasksPerOwner: 2 }),
        );
        const short = aTask({ owner: alice, now: NOW, ttlMs: 100 });
        const long = aTask({ owner: alice, now: NOW, ttlMs: 10_000 });
        const bobs = aTask({ owner: bob, now: NOW, ttlMs: 100 });
        await store.insert(alice, short);
        await store.insert(alice, long);
        await store.insert(bob, bobs);
        expect(await store.cleanupExpired(NOW + 99)).toBe(0);
        expect(await store.cleanupExpired(NOW + 100)).toBe(2);
        expect(await store.get(alice, short.id)).toBeUndefined();
        expect(await store.get(bob, bobs.id)).toBeUndefined();
        expect(await store.get(alice, long.id)).toEqual(long);
        await expect(store.insert(alice, aTask({ owner: alice }))).resolves.toBeUndefined();
      });
    });
  });
}
