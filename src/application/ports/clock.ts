export type CancelTimer = () => void;

/** Time for the application: read it, and be called back later. Tests use a settable fake. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `callback` after `delayMs`; the returned function cancels it. Never keeps a process alive. */
  setTimer(delayMs: number, callback: () => void): CancelTimer;
}

export const CLOCK = Symbol('Clock');
