import { cpuTickMicros, processCpuMicros } from './process-cpu.js';

/** What one measured window cost the server: its CPU, and the requests it completed for it. */
export interface CpuWindow {
  /** Requests the load generator completed in the window. */
  readonly requests: number;
  /** User + system CPU of the server process(es) between just before and just after. */
  readonly serverCpuMicros: number;
  /** The most the clock ticks can have put serverCpuMicros off: a tick per process. */
  readonly tickErrorMicros: number;
}

/**
 * Runs `window` (a load that counts its requests) and adds the CPU the processes `pids` spent
 * while it ran: a server's own cost per request, which, unlike req/s on cores shared with the
 * load generator, does not depend on how much CPU the generator took. Several pids (replicas
 * behind one load) are summed.
 */
export async function withServerCpu<Load extends { readonly requests: number }>(
  pids: readonly number[],
  window: () => Promise<Load>,
): Promise<Load & CpuWindow> {
  const cpuNow = (): number => pids.reduce((sum, pid) => sum + processCpuMicros(pid), 0);
  const before = cpuNow();
  const load = await window();
  const serverCpuMicros = cpuNow() - before;
  return { ...load, serverCpuMicros, tickErrorMicros: pids.length * cpuTickMicros() };
}

/** The pid of a spawned server, which a CPU reading needs. */
export function pidOf(child: { readonly pid?: number | undefined }): number {
  if (child.pid === undefined) throw new Error('the server process has no pid');
  return child.pid;
}
