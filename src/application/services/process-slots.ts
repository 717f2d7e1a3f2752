import { inject, injectable } from 'inversify';
import { TASK_POLICY, type TaskPolicy } from '../policy/task-policy.js';
import { ServerBusyError } from '../shared/errors.js';

/** Something a run holds until its work ends: a process slot, a lock. */
export interface Hold {
  release(): void | Promise<void>;
}

/**
 * The server-wide cap on job processes (TASK_MCP_MAX_JOB_PROCESSES). A call to a tool that starts
 * a process takes a slot before its task is stored and gives it back when the work ends; with
 * none free the call is refused at once rather than queued, so a client is never left waiting on
 * a task that has not started. Per-owner limits cannot do this: their total grows with the owners.
 */
@injectable()
export class ProcessSlots {
  private used = 0;

  constructor(@inject(TASK_POLICY) private readonly policy: TaskPolicy) {}

  get inUse(): number {
    return this.used;
  }

  /** Takes a slot, or throws ServerBusyError when all are taken. Releasing twice frees one. */
  take(): Hold {
    const max = this.policy.maxJobProcesses;
    if (this.used >= max) throw new ServerBusyError(`all ${max} job process slots are in use`);
    this.used += 1;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.used -= 1;
      },
    };
  }
}

/** Releases every hold, each once, whatever the others do. */
export async function releaseAll(holds: readonly Hold[]): Promise<void> {
  await Promise.allSettled(holds.map(async (hold) => hold.release()));
}
