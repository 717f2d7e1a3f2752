import type { LoadResult } from './http-load.js';
import type { CpuPerRequest } from './rounds.js';

export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
/** A window's median and 99th percentile latency, in ms. */
export const latency = (r: LoadResult): string => `${r.p50Ms.toFixed(2)}/${r.p99Ms.toFixed(2)}`;

/** a/b as a ratio, "1.23x". */
export const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;

/** Server CPU per request in µs, marked `*` when clock ticks make it rough (see ROUGH_NOTE). */
export const cpuCell = (cpu: CpuPerRequest): string =>
  `${cpu.micros.toFixed(1)}${cpu.rough ? '*' : ''}`;

export const ROUGH_NOTE =
  '  * rough: so little server CPU was measured that clock ticks could move it by over 5 %; a longer BENCH_DURATION_MS firms it up';

/** Prints ROUGH_NOTE under a table when any of its CPU figures was rough. */
export function noteIfRough(...figures: CpuPerRequest[]): void {
  if (figures.some((figure) => figure.rough)) console.log(ROUGH_NOTE);
}

/** Prints rows as columns, each as wide as its widest cell; the first row is the header. */
export function printTable(rows: readonly (readonly string[])[]): void {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, cell.length)));
  }
  for (const row of rows) {
    console.log(
      row
        .map((cell, column) => cell.padEnd(widths[column]! + 2))
        .join('')
        .trimEnd(),
    );
  }
}
