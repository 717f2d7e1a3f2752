import { CONCURRENCY, DURATION_MS, SEEDED_TASKS } from './bench-settings.js';
import { load, targetFor, type Call, type Target } from './http-load.js';
import type { ServedLoad } from './rounds.js';
import { createParams, seed } from './seeding.js';
import { pidOf, withServerCpu } from './server-cpu.js';
import { startServer, type ServerSpec } from './server-process.js';
import { warmUp } from './warm-up.js';

export const SCENARIOS = ['tools/call (task)', 'tasks/get', 'tasks/list'] as const;
export type Scenario = (typeof SCENARIOS)[number];

type Calls = (i: number) => Call;

/** A warm-up on the same calls, then the measured window, with the server's CPU during it. */
export async function warmThenMeasure(
  pid: number,
  target: Target,
  calls: Calls,
): Promise<ServedLoad> {
  await warmUp(target, calls);
  return withServerCpu([pid], () => load(target, CONCURRENCY, DURATION_MS, calls));
}

/** The main lines, each a window on one freshly started server. */
export async function measureScenarios(spec: ServerSpec): Promise<Record<Scenario, ServedLoad>> {
  const { url, child, stop } = await startServer(spec);
  try {
    const pid = pidOf(child);
    const target = targetFor(url, CONCURRENCY, spec.headers);
    const ids = await seed(target, SEEDED_TASKS);
    const get = await warmThenMeasure(pid, target, (i) => ({
      method: 'tasks/get',
      params: { taskId: ids[i % ids.length] },
    }));
    const list = await warmThenMeasure(pid, target, () => ({ method: 'tasks/list', params: {} }));
    const create = await warmThenMeasure(pid, target, () => ({
      method: 'tools/call',
      params: createParams,
    }));
    target.agent.destroy();
    return { 'tools/call (task)': create, 'tasks/get': get, 'tasks/list': list };
  } finally {
    await stop();
  }
}

/** tasks/get alone, after a warm-up, on a freshly started server. */
export async function measureGet(spec: ServerSpec): Promise<ServedLoad> {
  const { url, child, stop } = await startServer(spec);
  try {
    const target = targetFor(url, CONCURRENCY, spec.headers);
    const ids = await seed(target, SEEDED_TASKS);
    const result = await warmThenMeasure(pidOf(child), target, (i) => ({
      method: 'tasks/get',
      params: { taskId: ids[i % ids.length] },
    }));
    target.agent.destroy();
    return result;
  } finally {
    await stop();
  }
}
