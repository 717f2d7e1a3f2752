import { CONCURRENCY, DURATION_MS, ROUNDS } from './bench-settings.js';
import { STOCK_SERVER, TASK_MCP_MAIN } from './bench-servers.js';
import { load, targetFor, type LoadResult, type Target } from './http-load.js';
import { better } from './main-scenarios.js';
import { seedFinishedTasks } from './postgres.js';
import { seedMany } from './seeding.js';
import { startServer } from './server-process.js';
import { TASK_MCP_ENV } from './task-mcp-env.js';

/** Best of the rounds of tasks/list (first page) against `target`. */
async function measureList(target: Target): Promise<LoadResult> {
  const listing = () => ({ method: 'tasks/list', params: {} });
  await load(target, CONCURRENCY, 500, listing);
  let kept: LoadResult | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    kept = better(kept, await load(target, CONCURRENCY, DURATION_MS, listing));
  }
  return kept!;
}

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
  let small: LoadResult;
  let large: LoadResult;
  try {
    const target = targetFor(ours.url, CONCURRENCY);
    await seedMany(target, 100, CONCURRENCY);
    small = await measureList(target);
    await seedMany(target, 100_000 - 100, CONCURRENCY);
    large = await measureList(target);
    target.agent.destroy();
  } finally {
    await ours.stop();
  }
  const stockAt = async (seeded: number): Promise<LoadResult> => {
    const stock = await startServer({
      name: 'stock',
      script: STOCK_SERVER,
      env: { BENCH_SEED_TASKS: String(seeded) },
    });
    try {
      const target = targetFor(stock.url, CONCURRENCY);
      const result = await measureList(target);
      target.agent.destroy();
      return result;
    } finally {
      await stock.stop();
    }
  };
  const stockSmall = await stockAt(100);
  const stockLarge = await stockAt(100_000);
  const line = (r: LoadResult): string =>
    `${r.perSecond.toFixed(0)} req/s (p50/p99 ${r.p50Ms.toFixed(2)}/${r.p99Ms.toFixed(2)} ms)`;
  console.log('In memory: tasks/list (page of 10) for one caller with 100 tasks stored, and 100k:');
  console.log(
    `  task-mcp 100: ${line(small)}; 100k: ${line(large)}; 100k/100 ${(large.perSecond / small.perSecond).toFixed(2)}x`,
  );
  console.log(
    `  stock    100: ${line(stockSmall)}; 100k: ${line(stockLarge)}; 100k/100 ${(stockLarge.perSecond / stockSmall.perSecond).toFixed(2)}x`,
  );
  console.log(`  at 100k, task-mcp/stock: ${(large.perSecond / stockLarge.perSecond).toFixed(2)}x`);
  const errors = [small, large, stockSmall, stockLarge].reduce((sum, r) => sum + r.errors, 0);
  if (errors) console.log(`  errors: ${errors}`);
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
    const listing = () => ({ method: 'tasks/list', params: {} });
    const results: LoadResult[] = [];
    let stored = 0;
    for (const total of [100, 100_000]) {
      await seedFinishedTasks(server.database!.url, 'local', stored + 1, total - stored);
      stored = total;
      await load(target, CONCURRENCY, 500, listing);
      let kept: LoadResult | undefined;
      for (let round = 0; round < ROUNDS; round++) {
        kept = better(kept, await load(target, CONCURRENCY, DURATION_MS, listing));
      }
      results.push(kept!);
    }
    target.agent.destroy();
    const [small, large] = results as [LoadResult, LoadResult];
    console.log(
      'PostgreSQL: tasks/list (page of 10) for a caller with 100 tasks stored, and 100k:',
    );
    console.log(
      `  100: ${small.perSecond.toFixed(0)} req/s (p50/p99 ${small.p50Ms.toFixed(2)}/${small.p99Ms.toFixed(2)} ms); 100k: ${large.perSecond.toFixed(0)} req/s (p50/p99 ${large.p50Ms.toFixed(2)}/${large.p99Ms.toFixed(2)} ms); ratio ${(large.perSecond / small.perSecond).toFixed(2)}x`,
    );
    if (small.errors || large.errors) console.log(`  errors: ${small.errors}, ${large.errors}`);
  } finally {
    await server.stop();
  }
}
