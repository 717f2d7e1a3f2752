import { inject, injectable } from 'inversify';
import { AUDIT_LOG, type AuditLog } from '../../../application/ports/audit-log.js';
import type { OwnerId } from '../../../domain/index.js';
import { HttpError } from '../http-error.js';

export const SESSION_LIMITS = Symbol('SessionLimits');

export interface SessionLimits {
  /** Open sessions, all owners together. */
  readonly maxSessions: number;
  /** Open sessions of one owner. */
  readonly maxSessionsPerOwner: number;
}

/**
 * Counts open sessions, and sessions still being opened, against the server's and each owner's
 * cap. A slot is taken before the SDK sees `initialize`, so a burst of concurrent initializes can
 * never open more sessions than the cap, and given back when the session closes or fails to open.
 */
@injectable()
export class SessionSlots {
  private total = 0;
  private readonly byOwner = new Map<OwnerId, number>();

  constructor(
    @inject(SESSION_LIMITS) private readonly limits: SessionLimits,
    @inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  get taken(): number {
    return this.total;
  }

  /** Takes a slot for `owner`, or throws the refusal; the function returned gives it back once. */
  take(owner: OwnerId): () => void {
    const { maxSessions, maxSessionsPerOwner } = this.limits;
    const owned = this.byOwner.get(owner) ?? 0;
    if (owned >= maxSessionsPerOwner) {
      this.refused(owner, 'sessions of one owner', maxSessionsPerOwner);
      throw new HttpError(
        'OWNER_SESSIONS_FULL',
        `You have ${owned} open sessions, the most allowed; close one (DELETE with its Mcp-Session-Id) or wait for an idle one to expire`,
      );
    }
    if (this.total >= maxSessions) {
      this.refused(owner, 'sessions', maxSessions);
      throw new HttpError(
        'SESSIONS_FULL',
        `The server has ${maxSessions} open sessions, the most it allows; try again later`,
        { 'retry-after': '30' },
      );
    }
    this.total += 1;
    this.byOwner.set(owner, owned + 1);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.total -= 1;
      const left = (this.byOwner.get(owner) ?? 1) - 1;
      if (left === 0) this.byOwner.delete(owner);
      else this.byOwner.set(owner, left);
    };
  }

  private refused(owner: OwnerId, capacity: string, limit: number): void {
    this.audit.record({
      event: 'capacity.refused',
      severity: 'warn',
      owner,
      detail: { capacity, limit },
    });
  }
}
