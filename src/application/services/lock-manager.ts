import { inject, injectable } from 'inversify';
import {
  createLock,
  isLockExpired,
  isTerminal,
  lockExpiresAt,
  type Lock,
  type LockHolder,
  type LockRequest,
} from '../../domain/index.js';
import { LockConflictError, messageOf } from '../shared/errors.js';
import { CLOCK, type Clock } from '../ports/clock.js';
import { LOCK_STORE, type LockStore } from '../ports/lock-store.js';
import {
  AUDIT_LOG,
  type AuditDetail,
  type AuditEventName,
  type AuditLog,
} from '../ports/audit-log.js';
import { LOGGER, type Logger } from '../ports/logger.js';
import { TASK_STORE, type TaskStore } from '../ports/task-store.js';

/**
 * A lock is taken before its holder task is stored, so for this long a missing holder task is
 * taken to be on its way in rather than gone.
 */
export const HOLDER_GRACE_MS = 10_000;

/** A held lock; `release` is idempotent, checks ownership and never throws. */
export interface Lease {
  readonly lock: Lock;
  release(): Promise<void>;
}

/**
 * Takes and gives back locks. Acquisition is one atomic store call; a lock in the way is reclaimed
 * (by compare-and-set) only when its ttl has passed or its holder task has ended, and otherwise
 * the run is refused at once, naming the lock. Every change is logged for audit.
 */
@injectable()
export class LockManager {
  constructor(
    @inject(LOCK_STORE) private readonly locks: LockStore,
    @inject(TASK_STORE) private readonly tasks: TaskStore,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(LOGGER) private readonly logger: Logger,
    @inject(AUDIT_LOG) private readonly auditLog: AuditLog,
  ) {}

  async acquire(request: LockRequest, holder: LockHolder): Promise<Lease> {
    const lock = createLock(request, holder, this.clock.now());
    // Each round either takes the lock, refuses, or lost a reclaim race to a third run; the
    // bound only guards against a store that misbehaves.
    for (let round = 0; round < 3; round++) {
      const held = await this.locks.tryAcquire(lock);
      if (!held) {
        this.audit('lock.acquired', lock);
        return this.leaseOf(lock);
      }
      const staleBecause = await this.whyStale(held);
      if (!staleBecause) throw this.refuse(lock, held, holder);
      if (await this.locks.reclaim(held, lock)) {
        this.audit('lock.reclaimed', lock, { from: held.holder.taskId, because: staleBecause });
        return this.leaseOf(lock);
      }
    }
    const current = await this.locks.get(lock.key);
    throw this.refuse(lock, current ?? lock, holder);
  }

  private refuse(wanted: Lock, held: Lock, caller: LockHolder): LockConflictError {
    this.audit('lock.refused', wanted, { heldBy: held.holder.taskId });
    return this.conflict(held, caller);
  }

  private leaseOf(lock: Lock): Lease {
    let released = false;
    return {
      lock,
      release: async () => {
        if (released) return;
        released = true;
        try {
          const removed = await this.locks.release(lock.key, lock.holder);
          // Not removed: its ttl ran out and another run reclaimed it, which is not ours to undo.
          this.audit('lock.released', lock, { alreadyReclaimed: !removed });
        } catch (error) {
          this.logger.error('could not release a lock', {
            lock: lock.name,
            error: messageOf(error),
          });
        }
      },
    };
  }

  /** Why `lock` may be taken over, or undefined while its holder still runs within its ttl. */
  private async whyStale(lock: Lock): Promise<string | undefined> {
    const now = this.clock.now();
    if (isLockExpired(lock, now)) return 'ttl passed';
    const task = await this.tasks.get(lock.holder.owner, lock.holder.taskId);
    if (task) return isTerminal(task.status) ? `holder ${task.status}` : undefined;
    return now - lock.acquiredAt > HOLDER_GRACE_MS ? 'holder gone' : undefined;
  }

  private conflict(held: Lock, caller: LockHolder): LockConflictError {
    const base = `Lock '${held.name}' is held by another run`;
    // Only the caller's own task is named: another owner's run stays anonymous.
    const detail =
      held.holder.owner === caller.owner
        ? ` (your task ${held.holder.taskId}, started ${iso(held.acquiredAt)}, lock expires ${iso(lockExpiresAt(held))} at the latest)`
        : '';
    return new LockConflictError(
      held.name,
      `${base}${detail}; this run was not started. Try again when that run has ended.`,
    );
  }

  /** Every lock change goes to the operational log and the audit trail. */
  private audit(event: AuditEventName, lock: Lock, extra: AuditDetail = {}): void {
    const detail = {
      lock: lock.name,
      scope: lock.scope,
      task: lock.holder.taskId,
      ttlMs: lock.ttlMs,
      ...extra,
    };
    this.logger.info(event, { owner: lock.holder.owner, ...detail });
    this.auditLog.record({
      event,
      severity: event === 'lock.refused' || event === 'lock.reclaimed' ? 'warn' : 'info',
      owner: lock.holder.owner,
      detail,
    });
  }
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
