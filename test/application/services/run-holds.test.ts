import 'reflect-metadata';
import { z } from 'zod';
import {
  DEFAULT_TASK_POLICY,
  type TaskPolicy,
} from '../../../src/application/policy/task-policy.js';
import { NO_AUDIT_LOG } from '../../../src/application/ports/audit-log.js';
import type { TaskTool } from '../../../src/application/ports/task-tool.js';
import { LockManager } from '../../../src/application/services/lock-manager.js';
import { ProcessSlots } from '../../../src/application/services/process-slots.js';
import { RunHolds } from '../../../src/application/services/run-holds.js';
import { LockConflictError, ServerBusyError } from '../../../src/application/shared/errors.js';
import { InMemoryLockStore } from '../../../src/adapters/persistence/memory/in-memory-lock-store.js';
import { InMemoryTaskStore } from '../../../src/adapters/persistence/memory/in-memory-task-store.js';
import { lockKey, type LockHolder } from '../../../src/domain/index.js';
import { FakeClock } from '../../support/fake-clock.js';
import { aTaskId, anOwner } from '../../support/task-mother.js';
import { silentLogger } from '../../support/test-container.js';
import { text } from '../../support/test-tools.js';

/** A tool that needs the global lock its `lock` argument names, and a process if told so. */
function aTool(startsProcess: boolean, locked: boolean): TaskTool {
  return {
    name: 'job',
    description: 'A job',
    inputSchema: z.object({ lock: z.string() }),
    taskSupport: 'optional',
    startsProcess,
    ...(locked
      ? { lock: (args: { lock: string }) => ({ name: args.lock, scope: 'global', ttlMs: 60_000 }) }
      : {}),
    run: async () => text('done'),
  } as TaskTool;
}

const holder = (): LockHolder => ({ owner: anOwner('alice'), taskId: aTaskId() });

function world(maxJobProcesses = 2) {
  const policy: TaskPolicy = { ...DEFAULT_TASK_POLICY, maxJobProcesses };
  const slots = new ProcessSlots(policy);
  const lockStore = new InMemoryLockStore();
  const locks = new LockManager(
    lockStore,
    new InMemoryTaskStore(policy),
    new FakeClock(),
    silentLogger,
    NO_AUDIT_LOG,
  );
  return { slots, lockStore, holds: new RunHolds(slots, locks) };
}

const heldLock = (w: ReturnType<typeof world>, name: string) =>
  w.lockStore.get(lockKey(name, 'global', anOwner('alice')));

describe('RunHolds', () => {
  it('holds a process slot for a tool that starts a process, until released once', async () => {
    const w = world();
    const hold = await w.holds.take(aTool(true, false), { lock: 'build' }, holder());
    expect(w.slots.inUse).toBe(1);
    await hold.release();
    await hold.release();
    expect(w.slots.inUse).toBe(0);
  });

  it("takes the tool's lock for the holder, and gives back slot and lock together", async () => {
    const w = world();
    const who = holder();
    const hold = await w.holds.take(aTool(true, true), { lock: 'build' }, who);
    expect(w.slots.inUse).toBe(1);
    expect((await heldLock(w, 'build'))?.holder).toEqual(who);
    await hold.release();
    expect(w.slots.inUse).toBe(0);
    expect(await heldLock(w, 'build')).toBeUndefined();
  });

  it('takes nothing for a tool that needs neither', async () => {
    const w = world();
    const hold = await w.holds.take(aTool(false, false), { lock: 'build' }, holder());
    expect(w.slots.inUse).toBe(0);
    await expect(hold.release()).resolves.toBeUndefined();
  });

  it('gives the slot back when the lock is held by another run', async () => {
    const w = world();
    const first = holder();
    await w.holds.take(aTool(true, true), { lock: 'build' }, first);
    await expect(w.holds.take(aTool(true, true), { lock: 'build' }, holder())).rejects.toThrow(
      LockConflictError,
    );
    expect(w.slots.inUse).toBe(1);
    expect((await heldLock(w, 'build'))?.holder).toEqual(first);
  });

  it('refuses with ServerBusyError when no slot is free, taking no lock', async () => {
    const w = world(1);
    await w.holds.take(aTool(true, false), { lock: 'build' }, holder());
    await expect(w.holds.take(aTool(true, true), { lock: 'deploy' }, holder())).rejects.toThrow(
      ServerBusyError,
    );
    expect(w.slots.inUse).toBe(1);
    expect(await heldLock(w, 'deploy')).toBeUndefined();
  });
});
