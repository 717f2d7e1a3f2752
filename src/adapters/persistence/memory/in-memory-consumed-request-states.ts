import { inject, injectable } from 'inversify';
import {
  DIALOGUE_POLICY,
  type DialoguePolicy,
} from '../../../application/policy/dialogue-policy.js';
import { CLOCK, type Clock } from '../../../application/ports/clock.js';
import type { ConsumedRequestStates } from '../../../application/ports/consumed-request-states.js';
import { ServerBusyError } from '../../../application/shared/errors.js';

/**
 * The used requestStates of the one process on the in-memory store, in a Map from id to expiry.
 * Each check-and-mark is one synchronous step, atomic on Node's single thread. Only states this
 * server sealed get here, each after a round of its own; past the cap, expired entries go first,
 * and if none has expired the state is refused (fail closed: a state marked nowhere could be used
 * twice).
 */
@injectable()
export class InMemoryConsumedRequestStates implements ConsumedRequestStates {
  private readonly consumed = new Map<string, number>();

  constructor(
    @inject(CLOCK) private readonly clock: Clock,
    @inject(DIALOGUE_POLICY) private readonly policy: DialoguePolicy,
  ) {}

  consume(id: string, expiresAt: number): Promise<boolean> {
    if (this.consumed.has(id)) return Promise.resolve(false);
    if (this.consumed.size >= this.policy.maxConsumedStatesInMemory) {
      this.forget(this.clock.now());
      if (this.consumed.size >= this.policy.maxConsumedStatesInMemory) {
        return Promise.reject(
          new ServerBusyError('too many multi round-trip requests are in progress'),
        );
      }
    }
    this.consumed.set(id, expiresAt);
    return Promise.resolve(true);
  }

  forgetExpired(before: number): Promise<number> {
    return Promise.resolve(this.forget(before));
  }

  private forget(before: number): number {
    let forgotten = 0;
    for (const [id, expiresAt] of this.consumed) {
      if (expiresAt < before) {
        this.consumed.delete(id);
        forgotten++;
      }
    }
    return forgotten;
  }
}
