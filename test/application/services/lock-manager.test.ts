import { LockConflictError } from '../../../src/application/shared/errors.js';
import { HOLDER_GRACE_MS, LockManager } from '../../../src/application/services/lock-manager.js';
import { LOCK_STORE, type LockStore } from '../../../src/application/ports/lock-store.js';
import type { Principal } from '../../../src/application/ports/identity-provider.js';
import { CancelTask } from '../../../src/application/use-cases/cancel-task.js';
import { CreateTask } from '../../../src/application/use-cases/create-task.js';
import { ListTasks } from '../../../src/application/use-cases/list-tasks.js';
import {
  InvalidArgumentError,
  lockKey,
  ResourceExhaustedError,
  type LockRequest,
  type TaskId,
} from '../../../src/domain/index.js';
import { flushAsync } from '../../support/fake-clock.js';
import { anOwner } from '../../support/task-mother.js';
import { testContainer } from '../../support/test-container.js';
import { GateTool, text } from '../../support/test-tools.js';

const alice: Principal = { owner: anOwner('alice'), scopes: [] };
const bob: Principal = { owner: anOwner('bob'), scopes: [] };

/** A gate that needs the lock named by its `label` argument, per owner or global. */
function lockedGate(name: string, scope: LockRequest['scope']): GateTool {
  return Object.assign(new GateTool('required'), {
    name,
    lock: (args: { label?: string }): LockRequest => ({
      name: args.label ?? '',
      scope,
      ttlMs: 60_000,
    }),
  });
}

function world(env: Record<string, string> = {}) {
  const global = lockedGate('locked', 'global');
  const perOwner = lockedGate('locked_own', 'owner');
  const { container, clock } = testContainer(env, [global, perOwner]);
  return {
    global,
    perOwner,
    clock,
    locks: container.get<LockStore>(LOCK_STORE),
    manager: container.get(LockManager),
    create: container.get(CreateTask),
    cancel: container.get(CancelTask),
    list: container.get(ListTasks),
  };
}

const call = (label: string, toolName = 'locked') => ({ toolName, arguments: { label } });

describe('job locks', () => {
  it('refuses a second run under the same lock at once, naming the lock, and stores nothing', async () => {
    const w = world();
    await w.create.run(alice, call('build-web'));
    const refused = w.create.run(bob, call('build-web'));
    await expect(refused).rejects.toThrow(LockConflictError);
    await expect(refused).rejects.toThrow("Lock 'build-web' is held by another run;");
    expect((await w.list.run(bob)).tasks).toHaveLength(0);
    expect(w.global.runs).toHaveLength(1);
    // Other lock names do not conflict.
    await expect(w.create.run(bob, call('build-api'))).resolves.toBeDefined();
  });

  it("names the holding task to its own owner only, never another owner's", async () => {
    const w = world();
    const mine = await w.create.run(alice, call('build-web'));
    await expect(w.create.run(alice, call('build-web'))).rejects.toThrow(`your task ${mine.id}`);
    const other = await w.create.run(bob, call('build-web')).catch((error: Error) => error);
    expect(String(other)).not.toContain(mine.id);
    expect(String(other)).not.toContain('alice');
  });

  it('frees the lock when the run ends, so the next run succeeds', async () => {
    const w = world();
    await w.create.run(alice, call('build-web'));
    await w.global.started();
    w.global.runs[0]!.release(text('done'));
    await flushAsync();
    await expect(w.create.run(bob, call('build-web'))).resolves.toBeDefined();
  });

  it('frees the lock when the run is cancelled', async () => {
    const w = world();
    const task = await w.create.run(alice, call('build-web'));
    await w.cancel.run(alice, task.id);
    await flushAsync();
    await expect(w.create.run(alice, call('build-web'))).resolves.toBeDefined();
  });

  it('keeps per-owner locks per owner', async () => {
    const w = world();
    await w.create.run(alice, call('build-web', 'locked_own'));
    await expect(w.create.run(bob, call('build-web', 'locked_own'))).resolves.toBeDefined();
    await expect(w.create.run(alice, call('build-web', 'locked_own'))).rejects.toThrow(
      LockConflictError,
    );
  });

  it('gives the lock back when the task cannot be stored', async () => {
    const w = world({
      TASK_MCP_MAX_CONCURRENT_TASKS_PER_OWNER: '1',
      TASK_MCP_MAX_TASKS_PER_OWNER: '1',
    });
    await w.create.run(alice, call('first'));
    await expect(w.create.run(alice, call('second'))).rejects.toThrow(ResourceExhaustedError);
    expect(await w.locks.get(lockKey('second', 'global', alice.owner))).toBeUndefined();
  });

  it('refuses a lock name that is not a slug before anything runs', async () => {
    const w = world();
    await expect(w.create.run(alice, call('../etc/passwd'))).rejects.toThrow(InvalidArgumentError);
    expect(w.global.runs).toHaveLength(0);
  });

  it('reclaims a lock whose ttl has passed', async () => {
    const w = world();
    const stale = await w.manager.acquire(
      { name: 'nightly', scope: 'global', ttlMs: 60_000 },
      { owner: bob.owner, taskId: 'task-never-stored' as TaskId },
    );
    w.clock.jump(60_000);
    const task = await w.create.run(alice, call('nightly'));
    expect((await w.locks.get(stale.lock.key))?.holder.taskId).toBe(task.id);
    // The old holder's late release cannot remove the new holder's lock.
    await stale.release();
    expect((await w.locks.get(stale.lock.key))?.holder.taskId).toBe(task.id);
  });

  it('reclaims a lock whose holder task has ended, before its ttl', async () => {
    const w = world();
    const held = await w.create.run(alice, call('nightly'));
    await w.global.started();
    // Simulate a holder whose release never came (a crash between the two): the lock stays,
    // but its task is over.
    const key = lockKey('nightly', 'global', alice.owner);
    const lock = (await w.locks.get(key))!;
    await w.cancel.run(alice, held.id);
    await w.locks.tryAcquire(lock);
    expect((await w.locks.get(key))?.holder.taskId).toBe(held.id);
    await expect(w.create.run(bob, call('nightly'))).resolves.toBeDefined();
  });

  it('waits out the grace for a holder task not stored yet, then reclaims it', async () => {
    const w = world();
    await w.manager.acquire(
      { name: 'nightly', scope: 'global', ttlMs: 3_600_000 },
      { owner: bob.owner, taskId: 'task-on-its-way' as TaskId },
    );
    await expect(w.create.run(alice, call('nightly'))).rejects.toThrow(LockConflictError);
    w.clock.jump(HOLDER_GRACE_MS + 1);
    await expect(w.create.run(alice, call('nightly'))).resolves.toBeDefined();
  });
});
