import { inject, injectable } from 'inversify';
import { CLOCK, type Clock } from '../ports/clock.js';
import { LOGGER, type Logger } from '../ports/logger.js';
import { TASK_STORE, type TaskStore } from '../ports/task-store.js';

/** Deletes every expired task; called on an interval by the sweeper in the composition root. */
@injectable()
export class CleanupExpired {
  constructor(
    @inject(TASK_STORE) private readonly store: TaskStore,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  async run(): Promise<number> {
    const removed = await this.store.cleanupExpired(this.clock.now());
    if (removed > 0) this.logger.debug('expired tasks removed', { removed });
    return removed;
  }
}
