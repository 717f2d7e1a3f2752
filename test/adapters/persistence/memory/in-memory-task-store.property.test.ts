import fc from 'fast-check';
import { InMemoryTaskStore } from '../../../../src/adapters/persistence/memory/in-memory-task-store.js';
import { DEFAULT_TASK_POLICY } from '../../../../src/application/policy/task-policy.js';
import type { TaskListPosition } from '../../../../src/application/ports/task-store.js';
import {
  expiresAt,
  finishTask,
  isTerminal,
  type OwnerId,
  type Task,
  type TaskId,
} from '../../../../src/domain/index.js';
import { aTask, anOwner } from '../../../support/task-mother.js';

const OWNERS = [anOwner('alice'), anOwner('bob'), anOwner('carol')];
const ROOMY = {
  ...DEFAULT_TASK_POLICY,
  limits: { maxTasksPerOwner: 1_000_000, maxConcurrentTasksPerOwner: 1_000_000 },
};

/*
 * The store's indexes against the obvious implementation: every task in a plain map, a list sorts
 * them all and filters, a cleanup scans them all. Small ranges of times and ids make ties on
 * createdAt, shared ids across owners and cleanups that hit many tasks at once common.
 */

type Command =
  | { kind: 'insert'; owner: number; id: string; createdAt: number; ttlMs: number }
  | { kind: 'finish'; owner: number; pick: number; at: number }
  | { kind: 'list'; owner: number; from: Start; limit: number }
  | { kind: 'cleanup'; now: number };

/** Where a listing starts: the beginning, a stored or once-stored task, or any position. */
type Start =
  | { kind: 'first' }
  | { kind: 'seen'; pick: number }
  | { kind: 'anywhere'; createdAt: number; id: string };

const owner = fc.integer({ min: 0, max: OWNERS.length - 1 });
const id = fc.stringMatching(/^[a-f]{1,2}$/);
const time = fc.integer({ min: 0, max: 40 });

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    owner,
    id,
    createdAt: time,
    ttlMs: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({ kind: fc.constant('finish' as const), owner, pick: fc.nat(), at: time }),
  fc.record({
    kind: fc.constant('list' as const),
    owner,
    from: fc.oneof(
      fc.constant({ kind: 'first' as const }),
      fc.record({ kind: fc.constant('seen' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('anywhere' as const), createdAt: time, id }),
    ),
    limit: fc.integer({ min: 1, max: 6 }),
  }),
  fc.record({ kind: fc.constant('cleanup' as const), now: fc.integer({ min: 0, max: 90 }) }),
);

const byPosition = (a: TaskListPosition, b: TaskListPosition): number =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

class NaiveStore {
  readonly tasks = new Map<OwnerId, Map<TaskId, Task>>();

  of(owner: OwnerId): Map<TaskId, Task> {
    let tasks = this.tasks.get(owner);
    if (!tasks) this.tasks.set(owner, (tasks = new Map()));
    return tasks;
  }

  list(owner: OwnerId, after: TaskListPosition | undefined, limit: number): Task[] {
    return [...this.of(owner).values()]
      .sort(byPosition)
      .filter((task) => !after || byPosition(task, after) > 0)
      .slice(0, limit);
  }

  cleanup(now: number): number {
    let removed = 0;
    for (const tasks of this.tasks.values()) {
      for (const [taskId, task] of tasks) {
        if (now >= expiresAt(task)) {
          tasks.delete(taskId);
          removed++;
        }
      }
    }
    return removed;
  }
}

async function check(commands: readonly Command[]): Promise<void> {
  const store = new InMemoryTaskStore(ROOMY);
  const naive = new NaiveStore();
  // Every task ever stored, so a listing can start from one that has been cleaned up since.
  const seen: Task[] = [];
  for (const step of commands) {
    switch (step.kind) {
      case 'insert': {
        const who = OWNERS[step.owner]!;
        if (naive.of(who).has(step.id as TaskId)) break;
        const task = aTask({
          owner: who,
          id: step.id as TaskId,
          now: step.createdAt,
          ttlMs: step.ttlMs,
        });
        await store.insert(who, task);
        naive.of(who).set(task.id, task);
        seen.push(task);
        break;
      }
      case 'finish': {
        const who = OWNERS[step.owner]!;
        const live = [...naive.of(who).values()].filter((task) => !isTerminal(task.status));
        const task = live[step.pick % Math.max(1, live.length)];
        if (!task) break;
        const done = finishTask(task, 'completed', Math.max(step.at, task.createdAt), { ok: true });
        expect(await store.replace(who, done, task.version)).toBe('replaced');
        naive.of(who).set(done.id, done);
        break;
      }
      case 'list': {
        const who = OWNERS[step.owner]!;
        const after = startOf(step.from, seen);
        const page = await store.list(who, after, step.limit);
        const expected = naive.list(who, after, step.limit + 1);
        expect(page.tasks).toEqual(expected.slice(0, step.limit));
        const last = expected[step.limit - 1];
        expect(page.next).toEqual(
          expected.length > step.limit && last
            ? { createdAt: last.createdAt, id: last.id }
            : undefined,
        );
        break;
      }
      case 'cleanup':
        expect(await store.cleanupExpired(step.now)).toBe(naive.cleanup(step.now));
        break;
    }
  }
  for (const who of OWNERS) {
    const everything = await store.list(who, undefined, 1_000_000);
    expect(everything.tasks).toEqual(naive.list(who, undefined, 1_000_000));
  }
}

function startOf(from: Start, seen: readonly Task[]): TaskListPosition | undefined {
  switch (from.kind) {
    case 'first':
      return undefined;
    case 'seen': {
      const task = seen[from.pick % Math.max(1, seen.length)];
      return task && { createdAt: task.createdAt, id: task.id };
    }
    case 'anywhere':
      return { createdAt: from.createdAt, id: from.id as TaskId };
  }
}

describe('InMemoryTaskStore indexes', () => {
  it('list and cleanup agree with a full sort and scan over random histories', async () => {
    await fc.assert(fc.asyncProperty(fc.array(command, { maxLength: 120 }), check), {
      numRuns: 300,
    });
  });
});
