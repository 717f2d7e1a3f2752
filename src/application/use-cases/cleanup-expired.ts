import { inject, injectable } from 'inversify';
import { AUDIT_LOG, type AuditLog } from '../ports/audit-log.js';
import { CLOCK, type Clock } from '../ports/clock.js';
import { LOGGER, type Logger } from '../ports/logger.js';
import { TASK_STORE, type TaskStore } from '../ports/task-store.js';
import { TaskRunner } from '../services/task-runner.js';

/**
 * Deletes every expired task, after failing any that was still running; called on an interval by
 * the sweeper in the composition root.
 */
@injectable()
export class CleanupExpired {
  constructor(
    @inject(TASK_STORE) private readonly store: TaskStore,
    @inject(TaskRunner) private readonly runner: TaskRunner,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(LOGGER) private readonly logger: Logger,
    @inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  async run(): Promise<number> {
    const now = this.clock.now();
    await this.runner.expireOverdue(now);
    const removed = await this.store.cleanupExpired(now);
    if (removed > 0) {
      this.logger.debug('expired tasks removed', { removed });
      this.audit.record({ event: 'tasks.cleaned', severity: 'info', detail: { removed } });
    }
    return removed;
  }
}
