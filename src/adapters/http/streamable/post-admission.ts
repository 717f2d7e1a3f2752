import { inject, injectable } from 'inversify';
import type { Principal } from '../../../application/ports/identity-provider.js';
import { InsufficientScopeError, RateLimitedError } from '../../../application/shared/errors.js';
import type { InboundMessage } from '../../mcp/inbound/inbound-message.js';
import { RequestAdmission } from '../../mcp/inbound/request-admission.js';
import { BearerAuth } from '../bearer/bearer-auth.js';
import { rateLimitedRefusal } from '../rate-limit-refusal.js';

/**
 * The admit step for a POST's messages, as HTTP says it: scopes first (403 with the challenge
 * naming them), then the budgets (429), every request of a batch counted.
 */
@injectable()
export class PostAdmission {
  constructor(
    @inject(RequestAdmission) private readonly admission: RequestAdmission,
    @inject(BearerAuth) private readonly bearer: BearerAuth,
  ) {}

  /** `spent` requests were paid for before the body was read. */
  async admit(
    principal: Principal,
    messages: readonly InboundMessage[],
    spent: number,
  ): Promise<void> {
    try {
      this.admission.authorize(principal, messages);
      await this.admission.spend(principal, messages, spent);
    } catch (error) {
      if (error instanceof InsufficientScopeError) throw this.bearer.scopeRefusal(error);
      if (error instanceof RateLimitedError) throw rateLimitedRefusal(error);
      throw error;
    }
  }
}
