import {
  TASK_LEASES,
  type TaskKey,
  type TaskLeases,
} from '../../../src/application/ports/task-leases.js';
import { TASK_STORE, type TaskStore } from '../../../src/application/ports/task-store.js';
import { TASK_TOOL } from '../../../src/application/ports/task-tool.js';
import { LeaseKeeper, ORPHANED_MESSAGE } from '../../../src/application/services/lease-keeper.js';
import { TaskRunner } from '../../../src/application/services/task-runner.js';
import { CreateTask } from '../../../src/application/use-cases/create-task.js';
import { eventually } from '../../support/http-fixture.js';
import { testContainer } from '../../support/test-container.js';
import { GateTool } from '../../support/test-tools.js';
import { alice } from '../../support/use-case-world.js';

const LEASE_MS = 30_000;

/** Leases as a shared store would report them, scripted by the test. */
class ScriptedLeases implements TaskLeases {
  readonly renewals: { running: TaskKey[]; until: number }[] = [];
  lost: TaskKey[] = [];
  orphans: TaskKey[] = [];

  async renew(running: readonly TaskKey[], until: number): Promise<TaskKey[]> {
    this.renewals.push({ running: [...running], until });
    return this.lost.filter((key) => running.some((run) => run.id === key.id));
  }

  async claimOrphans(): Promise<TaskKey[]> {
    const claimed = this.orphans;
    this.orphans = [];
    return claimed;
  }
}

function keeperWorld() {
  const { container, clock } = testContainer({});
  const leases = new ScriptedLeases();
  container.rebind(TASK_LEASES).toConstantValue(leases);
  const gate = new GateTool();
  container.bind(TASK_TOOL).toConstantValue(gate);
  return {
    clock,
    leases,
    gate,
    keeper: container.get(LeaseKeeper),
    runner: container.get(TaskRunner),
    create: container.get(CreateTask),
    store: container.get<TaskStore>(TASK_STORE),
  };
}

describe('LeaseKeeper', () => {
  it('renews the running work at start and then every third of the lease', async () => {
    const w = keeperWorld();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await w.gate.started();
    await w.keeper.start();
    expect(w.leases.renewals).toEqual([
      { running: [{ owner: alice.owner, id: task.id }], until: w.clock.now() + LEASE_MS },
    ]);
    w.clock.advance(LEASE_MS / 3);
    await eventually(() => w.leases.renewals.length === 2);
    await w.keeper.stop();
    w.clock.advance(LEASE_MS);
    expect(w.leases.renewals).toHaveLength(2);
  });

  it('stops the work of a task whose lease this replica lost', async () => {
    const w = keeperWorld();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await w.gate.started();
    w.leases.lost = [{ owner: alice.owner, id: task.id }];
    await w.keeper.start();
    expect(w.gate.runs[0]!.ctx.signal.reason).toBe('ended-elsewhere');
    await w.keeper.stop();
  });

  it('fails the orphans it claims, saying the server running them stopped', async () => {
    const w = keeperWorld();
    // A task as a dead replica left it: stored, working, with nobody running it here.
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await w.gate.started();
    w.leases.orphans = [{ owner: alice.owner, id: task.id }];
    await w.keeper.start();
    const stored = await w.store.get(alice.owner, task.id);
    expect(stored).toMatchObject({ status: 'failed', statusMessage: ORPHANED_MESSAGE });
    expect(stored?.result).toEqual({
      content: [{ type: 'text', text: ORPHANED_MESSAGE }],
      isError: true,
    });
    await w.keeper.stop();
  });
});
