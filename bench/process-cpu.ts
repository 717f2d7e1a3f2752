import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** The unit of utime and stime in /proc/<pid>/stat (usually 100), asked of getconf once. */
function clockTicksPerSecond(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  if (!(ticksPerSecond > 0)) throw new Error('getconf CLK_TCK gave no clock tick rate');
  return ticksPerSecond;
}

/**
 * The CPU time (user + system, every thread) process `pid` has used since it started, in µs,
 * from /proc/<pid>/stat: it works for any process the bench spawned, without its help.
 */
export function processCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Field 2, the command name, is in parentheses and may hold spaces: count from after it.
  // What follows starts at field 3, so utime (field 14) and stime (15) are at 11 and 12.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`no utime/stime in /proc/${pid}/stat`);
  return (ticks * 1e6) / clockTicksPerSecond();
}

/** How finely processCpuMicros counts: one clock tick, in µs (10 ms at 100 ticks/s). */
export function cpuTickMicros(): number {
  return 1e6 / clockTicksPerSecond();
}
