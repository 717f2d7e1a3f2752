import { injectable } from 'inversify';
import type { CancelTimer, Clock } from '../../application/ports/clock.js';

/** Node's wall clock and timers, unref'd so that a pending timer never holds the process open. */
@injectable()
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimer(delayMs: number, callback: () => void): CancelTimer {
    // setTimeout overflows above 2^31-1 ms and fires at once; re-arm in steps instead.
    const MAX_DELAY = 2_147_483_647;
    let handle: NodeJS.Timeout;
    const arm = (remaining: number): void => {
      const step = Math.min(Math.max(remaining, 0), MAX_DELAY);
      handle = setTimeout(
        () => (remaining > MAX_DELAY ? arm(remaining - MAX_DELAY) : callback()),
        step,
      );
      handle.unref();
    };
    arm(delayMs);
    return () => clearTimeout(handle);
  }
}
