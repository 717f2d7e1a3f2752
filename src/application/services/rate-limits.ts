import { inject, injectable } from 'inversify';
import { AUDIT_LOG, type AuditLog } from '../ports/audit-log.js';
import type { Principal } from '../ports/identity-provider.js';
import { RATE_LIMITER, type RateBudget, type RateLimiter } from '../ports/rate-limiter.js';
import { RateLimitedError } from '../shared/errors.js';

const ADMITTED: Promise<void> = Promise.resolve();

/** How each budget reads in a refusal, for its size per window. */
const DESCRIBED: Record<RateBudget, (limit: number) => string> = {
  address: (limit) => `at most ${limit} requests per second from one address`,
  requests: (limit) => `at most ${limit} requests per second per user`,
  creates: (limit) => `at most ${limit} task creations per minute per user`,
};

/**
 * Spends a caller's rate-limit budgets, and refuses with RateLimitedError (saying how long to
 * wait) when one is spent. Transports call it where they can still refuse cheaply: HTTP before it
 * authenticates (address) and before it reads the body (requests); stdio per message.
 */
@injectable()
export class RateLimits {
  constructor(
    @inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  /** Whether `budget` is spent at all: a caller may skip waiting on one that is off. */
  isCounting(budget: RateBudget): boolean {
    return this.limiter.isOn(budget);
  }

  /** Before authentication: per client address. */
  admitAddress(address: string): Promise<void> {
    return this.spend('address', address, 1);
  }

  /** `count` requests of an authenticated caller (each request of a batch counts). */
  admitRequest(principal: Principal, count = 1): Promise<void> {
    return count === 0 ? ADMITTED : this.spend('requests', principal.owner, count, principal);
  }

  /** `count` task creations (tools/call) in one request. */
  admitCreates(principal: Principal, count: number): Promise<void> {
    return count === 0 ? ADMITTED : this.spend('creates', principal.owner, count, principal);
  }

  /** A budget that is off costs nothing: not even a promise of its own per request. */
  private spend(
    budget: RateBudget,
    key: string,
    points: number,
    principal?: Principal,
  ): Promise<void> {
    return this.limiter.isOn(budget) ? this.consume(budget, key, points, principal) : ADMITTED;
  }

  private async consume(
    budget: RateBudget,
    key: string,
    points: number,
    principal?: Principal,
  ): Promise<void> {
    const verdict = await this.limiter.consume(budget, key, points);
    if (verdict.allowed) return;
    const refusal = new RateLimitedError(budget, verdict, DESCRIBED[budget](verdict.limit));
    this.audit.record({
      event: 'rate.limited',
      severity: 'warn',
      ...(principal ? { owner: principal.owner } : {}),
      detail: { budget, limit: verdict.limit, retryAfterMs: refusal.retryAfterMs },
    });
    throw refusal;
  }
}
