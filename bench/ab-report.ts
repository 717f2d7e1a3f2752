import { cpuCell, noteIfRough, printTable, ratio } from './format.js';
import {
  cpuPerRequest,
  errorsIn,
  medianPerSecond,
  type CpuPerRequest,
  type ServedLoad,
} from './rounds.js';

/** A scenario's rounds on each side, in the order they ran: a[i] just before b[i]. */
export interface Sides {
  readonly a: ServedLoad[];
  readonly b: ServedLoad[];
}

/** One A/B line as a table: medians, pooled CPU, the ratios B/A and their spread over rounds. */
export function printAbLine(name: string, scenarios: Record<string, Sides>): void {
  console.log(`${name}:`);
  const rows = [
    [
      'scenario',
      'A req/s',
      'B req/s',
      'B/A',
      'rounds',
      'A µs/req',
      'B µs/req',
      'B/A',
      'rounds',
      'errors A/B',
    ],
  ];
  const figures: CpuPerRequest[] = [];
  for (const [scenario, { a, b }] of Object.entries(scenarios)) {
    const [cpuA, cpuB] = [cpuPerRequest(a), cpuPerRequest(b)];
    figures.push(cpuA, cpuB);
    const perRequest = (w: ServedLoad): number => w.serverCpuMicros / w.requests;
    rows.push([
      scenario,
      medianPerSecond(a).toFixed(0),
      medianPerSecond(b).toFixed(0),
      ratio(medianPerSecond(b), medianPerSecond(a)),
      spread(a, b, (w) => w.perSecond),
      cpuCell(cpuA),
      cpuCell(cpuB),
      ratio(cpuB.micros, cpuA.micros),
      spread(a, b, perRequest),
      `${errorsIn(a)}/${errorsIn(b)}`,
    ]);
  }
  printTable(rows);
  noteIfRough(...figures);
}

/** The lowest and highest B/A of a figure over the rounds, each B against the A just before. */
function spread(
  a: readonly ServedLoad[],
  b: readonly ServedLoad[],
  of: (w: ServedLoad) => number,
): string {
  const ratios = b.map((round, i) => of(round) / of(a[i]!));
  return `${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}`;
}
