import { inject, injectable } from 'inversify';
import { AUDIT_LOG, type AuditLog } from '../ports/audit-log.js';
import { CLOCK, type Clock } from '../ports/clock.js';
import {
  CONSUMED_REQUEST_STATES,
  type ConsumedRequestStates,
} from '../ports/consumed-request-states.js';
import { LOGGER, type Logger } from '../ports/logger.js';
import { TASK_STORE, type TaskStore } from '../ports/task-store.js';
import { TaskRunner } from '../services/task-runner.js';

/**
 * How long a used requestState is remembered past its expiry: a replica whose clock lags the
 * sweeping one's by less than this still finds it used, should it not yet find it expired.
 */
export const CONSUMED_STATE_GRACE_MS = 60_000;

/**
 * Deletes every expired task, after failing any that was still running, and forgets the used
 * requestStates that have expired; called on an interval by the sweeper in the composition root.
 */
@injectable()
export class CleanupExpired {
  constructor(
    @inject(TASK_STORE) private readonly store: TaskStore,
    @inject(TaskRunner) private readonly runner: TaskRunner,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(LOGGER) private readonly logger: Logger,
    @inject(AUDIT_LOG) private readonly audit: AuditLog,
    @inject(CONSUMED_REQUEST_STATES) private readonly consumedStates: ConsumedRequestStates,
  ) {}

  async run(): Promise<number> {
    const now = this.clock.now();
    await this.runner.expireOverdue(now);
    const forgotten = await this.consumedStates.forgetExpired(now - CONSUMED_STATE_GRACE_MS);
    if (forgotten > 0) this.logger.debug('used request states forgotten', { forgotten });
    const removed = await this.store.cleanupExpired(now);
    if (removed > 0) {
      this.logger.debug('expired tasks removed', { removed });
      this.audit.record({ event: 'tasks.cleaned', severity: 'info', detail: { removed } });
    }
    return removed;
  }
}
