import { CONCURRENCY, DURATION_MS, ROUNDS } from './bench-settings.js';
import { STOCK_SERVER, TASK_MCP_MAIN } from './bench-servers.js';
import { cpuCell, latency, noteIfRough, ratio } from './format.js';
import { load, targetFor, type Target } from './http-load.js';
import { seedFinishedTasks } from './postgres.js';
import { bestOf, cpuPerRequest, errorsIn, type ServedLoad } from './rounds.js';
import { seedMany } from './seeding.js';
import { pidOf, withServerCpu } from './server-cpu.js';
import { startServer } from './server-process.js';
import { TASK_MCP_ENV } from './task-mcp-env.js';
import { warmUp } from './warm-up.js';

/** The rounds of tasks/list (first page) against `target`, served by process `pid`. */
async function measureList(target: Target, pid: number): Promise<ServedLoad[]> {
  const listing = () => ({ method: 'tasks/list', params: {} });
  await warmUp(target, listing);
  const rounds: ServedLoad[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    rounds.push(await withServerCpu([pid], () => load(target, CONCURRENCY, DURATION_MS, listing)));
  }
  return rounds;
}

/** The best round's req/s and latency, and CPU per request over every round. */
function figures(rounds: readonly ServedLoad[]): string {
  const best = bestOf(rounds);
  return `${best.perSecond.toFixed(0)} req/s (p50/p99 ${latency(best)} ms, ${cpuCell(cpuPerRequest(rounds))} µs/req)`;
}

const perSecondRatio = (a: readonly ServedLoad[], b: readonly ServedLoad[]): string =>
  ratio(bestOf(a).perSecond, bestOf(b).perSecond);

/**
 * tasks/list (first page of 10) for one caller with 100 tasks stored, then with 100k: task-mcp in
 * memory (created through tools/call), and stock (its store filled at start-up, as seeding 100k
 * through its HTTP would take minutes).
 */
export async function listAtScale(): Promise<void> {
  const ours = await startServer({
    name: 'task-mcp',
    script: TASK_MCP_MAIN,
    env: TASK_MCP_ENV,
  });
  let small: ServedLoad[];
  let large: ServedLoad[];
  try {
    const target = targetFor(ours.url, CONCURRENCY);
    await seedMany(target, 100, CONCURRENCY);
    small = await measureList(target, pidOf(ours.child));
    await seedMany(target, 100_000 - 100, CONCURRENCY);
    large = await measureList(target, pidOf(ours.child));
    target.agent.destroy();
  } finally {
    await ours.stop();
  }
  const stockAt = async (seeded: number): Promise<ServedLoad[]> => {
    const stock = await startServer({
      name: 'stock',
      script: STOCK_SERVER,
      env: { BENCH_SEED_TASKS: String(seeded) },
    });
    try {
      const target = targetFor(stock.url, CONCURRENCY);
      const result = await measureList(target, pidOf(stock.child));
      target.agent.destroy();
      return result;
    } finally {
      await stock.stop();
    }
  };
  const stockSmall = await stockAt(100);
  const stockLarge = await stockAt(100_000);
  console.log('In memory: tasks/list (page of 10) for one caller with 100 tasks stored, and 100k:');
  console.log(
    `  task-mcp 100: ${figures(small)}; 100k: ${figures(large)}; 100k/100 ${perSecondRatio(large, small)}`,
  );
  console.log(
    `  stock    100: ${figures(stockSmall)}; 100k: ${figures(stockLarge)}; 100k/100 ${perSecondRatio(stockLarge, stockSmall)}`,
  );
  const [oursCpu, stockCpu] = [cpuPerRequest(large), cpuPerRequest(stockLarge)];
  console.log(
    `  at 100k, task-mcp/stock: ${perSecondRatio(large, stockLarge)}; CPU per request, stock's over task-mcp's: ${ratio(stockCpu.micros, oursCpu.micros)}`,
  );
  const errors = errorsIn(small, large, stockSmall, stockLarge);
  if (errors) console.log(`  errors: ${errors}`);
  noteIfRough(...[small, large, stockSmall, stockLarge].map(cpuPerRequest));
}

/** tasks/list (first page) for a caller with 100 stored tasks, then with 100k, on one server. */
export async function listScaling(): Promise<void> {
  const server = await startServer({
    name: 'task-mcp (postgres)',
    script: TASK_MCP_MAIN,
    env: TASK_MCP_ENV,
    database: 'fresh',
  });
  try {
    const target = targetFor(server.url, CONCURRENCY);
    const results: ServedLoad[][] = [];
    let stored = 0;
    for (const total of [100, 100_000]) {
      await seedFinishedTasks(server.database!.url, 'local', stored + 1, total - stored);
      stored = total;
      results.push(await measureList(target, pidOf(server.child)));
    }
    target.agent.destroy();
    const [small, large] = results as [ServedLoad[], ServedLoad[]];
    console.log(
      'PostgreSQL: tasks/list (page of 10) for a caller with 100 tasks stored, and 100k (µs/req: the node process alone):',
    );
    console.log(
      `  100: ${figures(small)}; 100k: ${figures(large)}; ratio ${perSecondRatio(large, small)}`,
    );
    const errors = errorsIn(small, large);
    if (errors) console.log(`  errors: ${errors}`);
    noteIfRough(cpuPerRequest(small), cpuPerRequest(large));
  } finally {
    await server.stop();
  }
}
