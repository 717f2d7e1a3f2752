import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { LiveProcessGroups } from '../../../src/adapters/jobs/live-process-groups.js';

/** A process idling in a group of its own, as every job runs. */
async function idleGroupLeader() {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
    detached: true,
    stdio: 'ignore',
  });
  await once(child, 'spawn');
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { pid: child.pid!, exited };
}

describe('LiveProcessGroups', () => {
  it('signals every registered group at once', async () => {
    const groups = new LiveProcessGroups();
    const first = await idleGroupLeader();
    const second = await idleGroupLeader();
    groups.add(first.pid);
    groups.add(second.pid);
    groups.signalAll('SIGKILL');
    expect(await first.exited).toEqual([null, 'SIGKILL']);
    expect(await second.exited).toEqual([null, 'SIGKILL']);
  });

  it('leaves alone a group taken off the list, and shrugs at one already gone', async () => {
    const groups = new LiveProcessGroups();
    const kept = await idleGroupLeader();
    const gone = await idleGroupLeader();
    groups.add(kept.pid);
    groups.delete(kept.pid);
    groups.add(gone.pid);
    process.kill(-gone.pid, 'SIGKILL');
    await gone.exited;

    expect(() => groups.signalAll('SIGTERM')).not.toThrow();
    expect(() => process.kill(kept.pid, 0)).not.toThrow();
    process.kill(-kept.pid, 'SIGKILL');
    await kept.exited;
  });
});
