/**
 * The requestStates already used, so that each is used once only, on whichever replica it is
 * presented. An entry is needed only until its state expires (an expired state is refused anyway);
 * the sweeper then forgets it. Bounded: in memory by a cap, in PostgreSQL by that cleanup.
 */
export interface ConsumedRequestStates {
  /**
   * Marks the state `id` used, atomically across every replica sharing the store: true for the one
   * call that marks it first, false for any other. Throws ServerBusyError, marking nothing, when
   * the record is full.
   */
  consume(id: string, expiresAt: number): Promise<boolean>;

  /** Forgets every entry whose state expired before `before`; returns how many. */
  forgetExpired(before: number): Promise<number>;
}

export const CONSUMED_REQUEST_STATES = Symbol('ConsumedRequestStates');
