import { inject, injectable } from 'inversify';
import { ResourceExhaustedError, type OwnerId } from '../../domain/index.js';
import { AUDIT_LOG, type AuditLog } from '../ports/audit-log.js';
import { LOGGER, type Logger } from '../ports/logger.js';
import { TASK_STORE, type TaskStore } from '../ports/task-store.js';
import { ServerBusyError } from '../shared/errors.js';
import type { Hold } from './process-slots.js';
import { RunHolds } from './run-holds.js';
import type { PreparedCall } from './tool-call-preparer.js';

/**
 * Takes a prepared call's task in: what its run holds (a process slot, its lock) first, then the
 * task into the store within its owner's limits. If either is refused, whatever was taken is given
 * back, nothing is stored, and a refusal by the owner's limits or the server's capacity is
 * recorded as a security event; otherwise the task's creation is.
 */
@injectable()
export class TaskIntake {
  constructor(
    @inject(RunHolds) private readonly runHolds: RunHolds,
    @inject(TASK_STORE) private readonly store: TaskStore,
    @inject(LOGGER) private readonly logger: Logger,
    @inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  /** Resolves with what the run holds, for the runner to give back when the work ends. */
  async admit({ tool, args, task }: PreparedCall): Promise<Hold> {
    let hold: Hold | undefined;
    try {
      hold = await this.runHolds.take(tool, args, { owner: task.owner, taskId: task.id });
      await this.store.insert(task.owner, task);
    } catch (error) {
      await hold?.release();
      this.recordRefusal(task.owner, tool.name, error);
      throw error;
    }
    this.logger.info('task created', { owner: task.owner, task: task.id, tool: tool.name });
    this.audit.record({
      event: 'task.created',
      severity: 'info',
      owner: task.owner,
      detail: { task: task.id, tool: tool.name, ttlMs: task.ttlMs },
    });
    return hold;
  }

  /** The owner's limits and the server's capacity refusing a call are security events. */
  private recordRefusal(owner: OwnerId, tool: string, error: unknown): void {
    if (error instanceof ResourceExhaustedError) {
      this.audit.record({
        event: 'quota.exceeded',
        severity: 'warn',
        owner,
        detail: { tool, limit: error.message },
      });
    } else if (error instanceof ServerBusyError) {
      this.audit.record({
        event: 'capacity.refused',
        severity: 'warn',
        owner,
        detail: { tool, capacity: error.capacity },
      });
    }
  }
}
