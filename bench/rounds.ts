import type { LoadResult } from './http-load.js';
import type { CpuWindow } from './server-cpu.js';

/** One measured window: its throughput and latency, and what it cost the server. */
export type ServedLoad = LoadResult & CpuWindow;

/** The round with the most req/s: the figure the bench has always kept for a line. */
export function bestOf<Load extends { readonly perSecond: number }>(rounds: readonly Load[]): Load {
  if (rounds.length === 0) throw new Error('no rounds measured');
  return rounds.reduce((best, round) => (round.perSecond > best.perSecond ? round : best));
}

/** The median req/s of the rounds (the mean of the middle two for an even count). */
export function medianPerSecond(rounds: readonly { readonly perSecond: number }[]): number {
  return median(rounds.map((round) => round.perSecond));
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('no rounds measured');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The failed calls over every round given. */
export function errorsIn(...lines: (readonly { readonly errors: number }[])[]): number {
  return lines.flat().reduce((sum, round) => sum + round.errors, 0);
}

/** Server CPU per request, in µs, over every window given. */
export interface CpuPerRequest {
  readonly micros: number;
  /** Clock ticks could move the figure by more than 5 %: too little CPU was measured. */
  readonly rough: boolean;
}

/**
 * Server CPU per request over all the rounds of a line, pooled (their CPU summed, over their
 * requests summed) rather than the best round's: each window's reading is off by up to a clock
 * tick, and pooling makes that error small against the total.
 */
export function cpuPerRequest(windows: readonly CpuWindow[]): CpuPerRequest {
  const cpu = windows.reduce((sum, w) => sum + w.serverCpuMicros, 0);
  const requests = windows.reduce((sum, w) => sum + w.requests, 0);
  const tickError = windows.reduce((sum, w) => sum + w.tickErrorMicros, 0);
  return { micros: requests ? cpu / requests : NaN, rough: tickError > 0.05 * cpu };
}
