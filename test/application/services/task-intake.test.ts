import 'reflect-metadata';
import { z } from 'zod';
import {
  DEFAULT_TASK_POLICY,
  type TaskPolicy,
} from '../../../src/application/policy/task-policy.js';
import type { AuditEvent } from '../../../src/application/ports/audit-log.js';
import type { TaskTool } from '../../../src/application/ports/task-tool.js';
import { LockManager } from '../../../src/application/services/lock-manager.js';
import { ProcessSlots } from '../../../src/application/services/process-slots.js';
import { RunHolds } from '../../../src/application/services/run-holds.js';
import { TaskIntake } from '../../../src/application/services/task-intake.js';
import type { PreparedCall } from '../../../src/application/services/tool-call-preparer.js';
import { LockConflictError, ServerBusyError } from '../../../src/application/shared/errors.js';
import { InMemoryLockStore } from '../../../src/adapters/persistence/memory/in-memory-lock-store.js';
import { InMemoryTaskStore } from '../../../src/adapters/persistence/memory/in-memory-task-store.js';
import { ResourceExhaustedError, type OwnerId } from '../../../src/domain/index.js';
import { FakeClock } from '../../support/fake-clock.js';
import { aTask, anOwner } from '../../support/task-mother.js';
import { silentLogger } from '../../support/test-container.js';
import { text } from '../../support/test-tools.js';

const job: TaskTool = {
  name: 'job',
  description: 'A job that starts a process under the global lock "deploy"',
  inputSchema: z.object({}),
  taskSupport: 'optional',
  startsProcess: true,
  lock: () => ({ name: 'deploy', scope: 'global', ttlMs: 60_000 }),
  run: async () => text('done'),
};

function world(options: { maxJobProcesses?: number; maxConcurrentTasksPerOwner?: number } = {}) {
  const policy: TaskPolicy = {
    ...DEFAULT_TASK_POLICY,
    maxJobProcesses: options.maxJobProcesses ?? 10,
    limits: {
      ...DEFAULT_TASK_POLICY.limits,
      maxConcurrentTasksPerOwner: options.maxConcurrentTasksPerOwner ?? 10,
    },
  };
  const recorded: AuditEvent[] = [];
  const audit = { record: (event: AuditEvent) => recorded.push(event) };
  const store = new InMemoryTaskStore(policy);
  const slots = new ProcessSlots(policy);
  const locks = new LockManager(new InMemoryLockStore(), store, new FakeClock(), silentLogger, {
    record: () => undefined,
  });
  const intake = new TaskIntake(new RunHolds(slots, locks), store, silentLogger, audit);
  return { intake, store, slots, recorded };
}

/** A call of `tool` by `owner`, as ToolCallPreparer hands it over. */
function aCall(owner: OwnerId, tool: TaskTool = job): PreparedCall {
  return { tool, args: {}, task: aTask({ owner, toolName: tool.name }) };
}

/** The same tool without its lock, so that several calls may hold slots at once. */
const unlocked: TaskTool = { ...job, lock: () => undefined };

describe('TaskIntake', () => {
  it('stores the task with what its run holds, and records its creation', async () => {
    const w = world();
    const call = aCall(anOwner('alice'));
    const hold = await w.intake.admit(call);
    expect(await w.store.get(call.task.owner, call.task.id)).toEqual(call.task);
    expect(w.slots.inUse).toBe(1);
    expect(w.recorded).toEqual([
      {
        event: 'task.created',
        severity: 'info',
        owner: call.task.owner,
        detail: { task: call.task.id, tool: 'job', ttlMs: call.task.ttlMs },
      },
    ]);
    await hold.release();
    expect(w.slots.inUse).toBe(0);
  });

  it("over the owner's limit: gives back what it took, stores nothing, records the refusal", async () => {
    const w = world({ maxConcurrentTasksPerOwner: 1 });
    const alice = anOwner('alice');
    await w.intake.admit(aCall(alice, unlocked));
    const refused = aCall(alice, unlocked);
    await expect(w.intake.admit(refused)).rejects.toThrow(ResourceExhaustedError);
    expect(w.slots.inUse).toBe(1);
    expect(await w.store.get(alice, refused.task.id)).toBeUndefined();
    expect(w.recorded.at(-1)).toMatchObject({
      event: 'quota.exceeded',
      severity: 'warn',
      owner: alice,
      detail: { tool: 'job' },
    });
  });

  it('with no process slot free: stores nothing and records the capacity refusal', async () => {
    const w = world({ maxJobProcesses: 1 });
    await w.intake.admit(aCall(anOwner('alice'), unlocked));
    const bob = anOwner('bob');
    const refused = aCall(bob, unlocked);
    await expect(w.intake.admit(refused)).rejects.toThrow(ServerBusyError);
    expect(await w.store.get(bob, refused.task.id)).toBeUndefined();
    expect(w.recorded.at(-1)).toEqual({
      event: 'capacity.refused',
      severity: 'warn',
      owner: bob,
      detail: { tool: 'job', capacity: 'all 1 job process slots are in use' },
    });
  });

  it('refused a lock: gives the slot back and stores nothing, recording no creation', async () => {
    const w = world();
    await w.intake.admit(aCall(anOwner('alice')));
    const bob = anOwner('bob');
    const refused = aCall(bob);
    await expect(w.intake.admit(refused)).rejects.toThrow(LockConflictError);
    expect(w.slots.inUse).toBe(1);
    expect(await w.store.get(bob, refused.task.id)).toBeUndefined();
    expect(w.recorded.map((event) => event.event)).toEqual(['task.created']);
  });
});
