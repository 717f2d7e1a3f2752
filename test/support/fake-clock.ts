import type { CancelTimer, Clock } from '../../src/application/ports/clock.js';

/** A clock that moves only when told to, firing due timers in order. */
export class FakeClock implements Clock {
  private timers: { at: number; callback: () => void; seq: number }[] = [];
  private seq = 0;

  constructor(private current = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.current;
  }

  setTimer(delayMs: number, callback: () => void): CancelTimer {
    const timer = { at: this.current + Math.max(0, delayMs), callback, seq: this.seq++ };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((candidate) => candidate !== timer);
    };
  }

  /** Moves time on without firing timers, as when the event loop runs a timer late. */
  jump(ms: number): void {
    this.current += ms;
  }

  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.timers
        .filter((timer) => timer.at <= target)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.current = Math.max(this.current, due.at);
      due.callback();
    }
    this.current = target;
  }
}

/** Lets pending promise callbacks and immediates run. */
export async function flushAsync(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}
