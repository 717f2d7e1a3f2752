import { InMemoryTaskStore } from '../../../../src/adapters/persistence/memory/in-memory-task-store.js';
import { LocalTaskLeases } from '../../../../src/adapters/persistence/memory/local-task-leases.js';
import { DEFAULT_TASK_POLICY } from '../../../../src/application/policy/task-policy.js';
import type { TaskLeases } from '../../../../src/application/ports/task-leases.js';
import { describeTaskLeasesContract } from '../../../contracts/task-leases.contract.js';
import { aTaskId, anOwner } from '../../../support/task-mother.js';

describeTaskLeasesContract('LocalTaskLeases', () => ({
  leases: new LocalTaskLeases(),
  store: new InMemoryTaskStore(DEFAULT_TASK_POLICY),
}));

// The only server on its store: its tasks live and die with it, so it never loses or claims one.
describe('LocalTaskLeases: the only server on its store', () => {
  it('never reports a lease lost, whatever it is asked to renew', async () => {
    const leases: TaskLeases = new LocalTaskLeases();
    const keys = [
      { owner: anOwner('alice'), id: aTaskId() },
      { owner: anOwner('bob'), id: aTaskId() },
    ];
    expect(await leases.renew(keys, 0)).toEqual([]);
  });

  it('never finds an orphan to claim', async () => {
    const leases: TaskLeases = new LocalTaskLeases();
    expect(await leases.claimOrphans(Number.MAX_SAFE_INTEGER, 100)).toEqual([]);
  });
});
