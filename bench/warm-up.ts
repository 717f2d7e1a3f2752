import { CONCURRENCY, WARM_UP_MS } from './bench-settings.js';
import { load, type Call, type Target } from './http-load.js';

/** Calls V8 wants before a server's code for them is optimised and its cost per call settles. */
const WARM_UP_REQUESTS = 5000;
/** A slow server (the stock one) is not kept warming up for ever. */
const WARM_UP_LIMIT_MS = 3000;

type Calls = (i: number) => Call;

/**
 * Sends the calls a window is about to measure until the server has served WARM_UP_REQUESTS
 * of them (or WARM_UP_LIMIT_MS went by), so JIT compiling is not measured. A fixed time would
 * not do: on a busy machine half a second is a few hundred calls, and a server's CPU per call
 * fell from about 480 µs to about 90 over its first 5000 in a trial.
 */
export async function warmUp(target: Target, calls: Calls): Promise<void> {
  const started = performance.now();
  let served = 0;
  while (served < WARM_UP_REQUESTS && performance.now() - started < WARM_UP_LIMIT_MS) {
    served += (await load(target, CONCURRENCY, WARM_UP_MS, calls)).requests;
  }
}
