import { readFileSync } from 'node:fs';

export interface ResidentMemory {
  /** VmRSS: resident now, in bytes. */
  readonly rss: number;
  /** VmHWM: the most it has been resident since it started, in bytes. */
  readonly peakRss: number;
}

/** Resident memory of process `pid` from /proc/<pid>/status: any spawned process, no help from it. */
export function residentMemory(pid: number): ResidentMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kibibytes = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
    return Number(match[1]) * 1024;
  };
  return { rss: kibibytes('VmRSS'), peakRss: kibibytes('VmHWM') };
}
