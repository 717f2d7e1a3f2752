import { inject, injectable } from 'inversify';
import type { LockHolder } from '../../domain/index.js';
import type { TaskTool } from '../ports/task-tool.js';
import { LockManager } from './lock-manager.js';
import { ProcessSlots, releaseAll, type Hold } from './process-slots.js';

/**
 * What a run holds from its call until its work ends, taken together and given back together: a
 * process slot when the tool starts a process, and the lock the tool asks for these arguments.
 */
@injectable()
export class RunHolds {
  constructor(
    @inject(ProcessSlots) private readonly processSlots: ProcessSlots,
    @inject(LockManager) private readonly locks: LockManager,
  ) {}

  /**
   * Takes the slot, then the lock, for `holder`; one release gives back both. When either cannot
   * be had, whatever was taken is given back before the refusal is thrown.
   */
  async take(tool: TaskTool, args: unknown, holder: LockHolder): Promise<Hold> {
    const holds: Hold[] = [];
    try {
      if (tool.startsProcess) holds.push(this.processSlots.take());
      const lockRequest = tool.lock?.(args);
      if (lockRequest) holds.push(await this.locks.acquire(lockRequest, holder));
    } catch (error) {
      await releaseAll(holds);
      throw error;
    }
    return { release: () => releaseAll(holds) };
  }
}
