import { inject, injectable } from 'inversify';
import {
  AccessPolicy,
  ANSWER_TASKS,
  type Operation,
} from '../../../application/policy/access-policy.js';
import type { Principal } from '../../../application/ports/identity-provider.js';
import { RateLimits } from '../../../application/services/rate-limits.js';
import type { InboundMessage } from './inbound-message.js';

const NOTHING_TO_SPEND: Promise<void> = Promise.resolve();

/**
 * The admit step, after classification and before anything runs: the caller's scopes must cover
 * every message (a reply to the server's question answers a task, which takes the scope to create
 * tasks), and each request costs what it would cost alone, in a batch as much as by itself.
 */
@injectable()
export class RequestAdmission {
  constructor(
    @inject(AccessPolicy) private readonly access: AccessPolicy,
    @inject(RateLimits) private readonly rateLimits: RateLimits,
  ) {}

  /** Throws InsufficientScopeError (audited) naming every scope the messages need. */
  authorize(principal: Principal, messages: readonly InboundMessage[]): void {
    if (!this.access.enforced) return;
    const operations: Operation[] = [];
    for (const message of messages) {
      if (message.kind === 'request' && message.operation) operations.push(message.operation);
      else if (message.kind === 'reply') operations.push(ANSWER_TASKS);
    }
    if (operations.length > 0) this.access.authorizeAll(principal, operations);
  }

  /**
   * Spends the caller's budgets for the messages' requests, `alreadySpent` of which were paid
   * before the body was read; throws RateLimitedError when one is spent.
   */
  spend(
    principal: Principal,
    messages: readonly InboundMessage[],
    alreadySpent: number,
  ): Promise<void> {
    let requests = 0;
    let creates = 0;
    for (const message of messages) {
      if (message.kind !== 'request') continue;
      requests++;
      creates += message.creates;
    }
    const more = Math.max(0, requests - alreadySpent);
    // The common case (one request, paid for already, creating nothing) costs no promise.
    if (more === 0 && creates === 0) return NOTHING_TO_SPEND;
    return this.spendBoth(principal, more, creates);
  }

  private async spendBoth(principal: Principal, requests: number, creates: number): Promise<void> {
    await this.rateLimits.admitRequest(principal, requests);
    await this.rateLimits.admitCreates(principal, creates);
  }
}
