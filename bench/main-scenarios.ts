import { CONCURRENCY, DURATION_MS, SEEDED_TASKS } from './bench-settings.js';
import { load, targetFor, type LoadResult } from './http-load.js';
import { createParams, seed } from './seeding.js';
import { startServer, type ServerSpec } from './server-process.js';

export const SCENARIOS = ['tools/call (task)', 'tasks/get', 'tasks/list'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** The main lines, each a window on one freshly started server. */
export async function measureScenarios(spec: ServerSpec): Promise<Record<Scenario, LoadResult>> {
  const { url, stop } = await startServer(spec);
  try {
    const target = targetFor(url, CONCURRENCY, spec.headers);
    const ids = await seed(target, SEEDED_TASKS);
    await load(target, CONCURRENCY, 500, (i) => ({
      method: 'tasks/get',
      params: { taskId: ids[i % ids.length] },
    }));
    const get = await load(target, CONCURRENCY, DURATION_MS, (i) => ({
      method: 'tasks/get',
      params: { taskId: ids[i % ids.length] },
    }));
    const list = await load(target, CONCURRENCY, DURATION_MS, () => ({
      method: 'tasks/list',
      params: {},
    }));
    const create = await load(target, CONCURRENCY, DURATION_MS, () => ({
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
export async function measureGet(spec: ServerSpec): Promise<LoadResult> {
  const { url, stop } = await startServer(spec);
  try {
    const target = targetFor(url, CONCURRENCY, spec.headers);
    const ids = await seed(target, SEEDED_TASKS);
    const get = (i: number) => ({ method: 'tasks/get', params: { taskId: ids[i % ids.length] } });
    await load(target, CONCURRENCY, 500, get);
    const result = await load(target, CONCURRENCY, DURATION_MS, get);
    target.agent.destroy();
    return result;
  } finally {
    await stop();
  }
}

export function better(a: LoadResult | undefined, b: LoadResult): LoadResult {
  return !a || b.perSecond > a.perSecond ? b : a;
}
