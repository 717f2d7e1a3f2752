import { injectable } from 'inversify';

/**
 * The process groups of the jobs running now. A clean stop ends each group through its task's
 * abort signal; this registry is for the stop that cannot wait (a second Ctrl-C, a shutdown whose
 * grace ran out, the process exiting anyway), so that no job outlives the server.
 */
@injectable()
export class LiveProcessGroups {
  private readonly leaders = new Set<number>();

  add(leaderPid: number): void {
    this.leaders.add(leaderPid);
  }

  delete(leaderPid: number): void {
    this.leaders.delete(leaderPid);
  }

  /** Signals every group at once, synchronously: safe to call from an 'exit' handler. */
  signalAll(signal: NodeJS.Signals): void {
    for (const pid of this.leaders) {
      try {
        process.kill(-pid, signal);
      } catch {
        // Already gone.
      }
    }
  }
}
