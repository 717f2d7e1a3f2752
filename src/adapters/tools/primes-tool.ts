import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { injectable } from 'inversify';
import { z } from 'zod';
import type { TaskContext } from '../../application/tool-kit/task-context.js';
import type { TaskTool, ToolResult } from '../../application/ports/task-tool.js';

const SEGMENT_SIZE = 1 << 20;
const PROGRESS_EVERY_MS = 250;

const input = z.object({
  below: z
    .number()
    .int()
    .min(2)
    .max(10_000_000_000)
    .describe('Count the primes strictly below this number (2 .. 10^10)'),
});

const output = z.object({
  below: z.number().int(),
  count: z.number().int(),
  largest: z.number().int().nullable(),
  elapsedMs: z.number().int(),
});

/**
 * Counts primes with a segmented sieve of Eratosthenes: real CPU work that takes from milliseconds
 * to minutes depending on `below`. It yields to the event loop between segments, reports
 * progress, and stops within one segment when the task is cancelled or expires.
 */
@injectable()
export class PrimesTool implements TaskTool<typeof input> {
  readonly name = 'count_primes';
  readonly title = 'Count primes';
  readonly description =
    'Counts the prime numbers below a bound with a segmented sieve. Long-running for large ' +
    'bounds (10^9 takes seconds, 10^10 a minute or more); must be called as a task.';
  readonly inputSchema = input;
  readonly outputSchema = output;
  readonly taskSupport = 'required';

  async run(args: z.output<typeof input>, ctx: TaskContext): Promise<ToolResult> {
    const started = Date.now();
    const limit = args.below;
    const basePrimes = smallPrimes(Math.floor(Math.sqrt(limit - 1)) + 1);
    const segment = new Uint8Array(SEGMENT_SIZE);
    let count = 0;
    let largest: number | null = null;
    let lastReport = started;

    for (let low = 2; low < limit; low += SEGMENT_SIZE) {
      if (ctx.signal.aborted) throw new Error(`Stopped: ${String(ctx.signal.reason)}`);
      const high = Math.min(low + SEGMENT_SIZE, limit);
      const found = sieveSegment(segment, low, high, basePrimes);
      count += found.count;
      largest = found.largest ?? largest;

      const now = Date.now();
      if (now - lastReport >= PROGRESS_EVERY_MS) {
        lastReport = now;
        const percent = Math.floor(((high - 2) / (limit - 2)) * 100);
        await ctx.setStatusMessage(`Sieved up to ${high} (${percent}%), ${count} primes so far`);
      }
      await yieldToEventLoop();
    }

    const result = { below: limit, count, largest, elapsedMs: Date.now() - started };
    return {
      content: [{ type: 'text', text: `There are ${count} primes below ${limit}.` }],
      structuredContent: result,
    };
  }
}

/** Primes below `bound` by a plain sieve; bound is at most 10^5 here. */
function smallPrimes(bound: number): number[] {
  const composite = new Uint8Array(bound);
  const primes: number[] = [];
  for (let n = 2; n < bound; n++) {
    if (composite[n]) continue;
    primes.push(n);
    for (let multiple = n * n; multiple < bound; multiple += n) composite[multiple] = 1;
  }
  return primes;
}

function sieveSegment(
  segment: Uint8Array,
  low: number,
  high: number,
  basePrimes: readonly number[],
): { count: number; largest: number | null } {
  const size = high - low;
  segment.fill(0, 0, size);
  for (const prime of basePrimes) {
    if (prime * prime >= high) break;
    let start = Math.max(prime * prime, Math.ceil(low / prime) * prime);
    for (start -= low; start < size; start += prime) segment[start] = 1;
  }
  let count = 0;
  let largest: number | null = null;
  for (let offset = 0; offset < size; offset++) {
    if (segment[offset] === 0) {
      count++;
      largest = low + offset;
    }
  }
  return { count, largest };
}
