/**
 * The wall clock (Date.now()'s, which a server on this machine stamps its tasks with) read to a
 * fraction of a millisecond. Date.now() counts whole ms, which would leave a push that takes
 * 0.3 ms reading as 0 or 1; performance.now() counts finely but from another origin. So
 * performance.now() is anchored to the moment Date.now() ticks over, and every reading is kept
 * within the ms Date.now() gives, so that the two clocks drifting apart cannot move it further.
 */
export class PreciseWallClock {
  private offset = anchor();

  /** Re-anchors: call before each measurement, not during one (it spins up to a ms). */
  reanchor(): void {
    this.offset = anchor();
  }

  now(): number {
    const wall = Date.now();
    const precise = performance.now() + this.offset;
    return Math.min(Math.max(precise, wall), wall + 0.999);
  }
}

/** Date.now() minus performance.now(), read the moment Date.now() moves on to its next ms. */
function anchor(): number {
  const start = Date.now();
  let now = start;
  while (now === start) now = Date.now();
  return now - performance.now();
}
