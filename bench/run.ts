/**
 * npm run bench: task-mcp against the SDK's stock stateless server with its InMemoryTaskStore,
 * side by side in one run on 127.0.0.1, reported as ratios. Each server runs in its own process,
 * freshly started for each round; the rounds alternate, and the better round of each is kept.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { call, load, targetFor, type LoadResult, type Target } from './http-load.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const SEEDED_TASKS = 50;

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

interface ServerSpec {
  readonly name: string;
  readonly script: string;
  readonly env: Record<string, string>;
}

const SERVERS: readonly ServerSpec[] = [
  {
    name: 'task-mcp',
    script: here('../src/main.js'),
    env: {
      TASK_MCP_PORT: '0',
      TASK_MCP_HTTP_MODE: 'stateless',
      TASK_MCP_MAX_TASKS_PER_OWNER: '1000000',
      TASK_MCP_MAX_CONCURRENT_TASKS_PER_OWNER: '100000',
      // The stock store pages by 10; list the same number of tasks per call.
      TASK_MCP_LIST_PAGE_SIZE: '10',
      TASK_MCP_LOG_LEVEL: 'warn',
    },
  },
  { name: 'stock', script: here('./stock-server.js'), env: {} },
];

const SCENARIOS = ['tools/call (task)', 'tasks/get', 'tasks/list'] as const;
type Scenario = (typeof SCENARIOS)[number];

async function startServer(spec: ServerSpec): Promise<{ url: URL; child: ChildProcess }> {
  const child = spawn(process.execPath, [spec.script], {
    env: { PATH: process.env.PATH ?? '', ...spec.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise<URL>((resolve, reject) => {
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(new URL(match[1]!));
    });
    child.once('exit', (code) => reject(new Error(`${spec.name} exited with ${code}: ${output}`)));
  });
  return { url, child };
}

const createParams = {
  name: 'wait',
  arguments: { durationMs: 0, steps: 1 },
  task: { ttl: 600_000 },
};

async function seed(target: Target): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < SEEDED_TASKS; i++) {
    const message = await call(target, 'tools/call', createParams);
    const task = (message.result as { task?: { taskId: string } } | undefined)?.task;
    if (!task) throw new Error(`seeding failed: ${JSON.stringify(message)}`);
    ids.push(task.taskId);
  }
  return ids;
}

async function measure(spec: ServerSpec): Promise<Record<Scenario, LoadResult>> {
  const { url, child } = await startServer(spec);
  try {
    const target = targetFor(url, CONCURRENCY);
    const ids = await seed(target);
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
    child.kill('SIGKILL');
  }
}

function better(a: LoadResult | undefined, b: LoadResult): LoadResult {
  return !a || b.perSecond > a.perSecond ? b : a;
}

async function memory(which: string): Promise<{ rss: number; heapUsed: number; baseRss: number }> {
  const child = spawn(process.execPath, ['--expose-gc', here('./memory.js'), which], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  await new Promise((resolve) => child.once('exit', resolve));
  const parsed = JSON.parse(output.trim().split('\n').pop()!) as {
    before: { rss: number };
    after: { rss: number; heapUsed: number };
  };
  return { rss: parsed.after.rss, heapUsed: parsed.after.heapUsed, baseRss: parsed.before.rss };
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const pad = (text: string, width: number): string => text.padEnd(width);

async function main(): Promise<void> {
  console.log(
    `task-mcp vs stock SDK stateless server: concurrency ${CONCURRENCY}, ${DURATION_MS} ms per scenario, best of ${ROUNDS} alternating rounds`,
  );
  const best: Record<string, Partial<Record<Scenario, LoadResult>>> = { 'task-mcp': {}, stock: {} };
  for (let round = 0; round < ROUNDS; round++) {
    for (const spec of SERVERS) {
      const results = await measure(spec);
      for (const scenario of SCENARIOS)
        best[spec.name]![scenario] = better(best[spec.name]![scenario], results[scenario]);
    }
  }
  console.log('');
  console.log(
    `${pad('scenario', 20)}${pad('task-mcp req/s', 16)}${pad('stock req/s', 14)}${pad('ratio', 8)}${pad('p50/p99 ms task-mcp', 22)}p50/p99 ms stock`,
  );
  for (const scenario of SCENARIOS) {
    const ours = best['task-mcp']![scenario]!;
    const stock = best.stock![scenario]!;
    const latency = (r: LoadResult): string => `${r.p50Ms.toFixed(2)}/${r.p99Ms.toFixed(2)}`;
    console.log(
      `${pad(scenario, 20)}${pad(ours.perSecond.toFixed(0), 16)}${pad(stock.perSecond.toFixed(0), 14)}${pad(`${(ours.perSecond / stock.perSecond).toFixed(2)}x`, 8)}${pad(latency(ours), 22)}${latency(stock)}`,
    );
    if (ours.errors || stock.errors)
      console.log(`  errors: task-mcp ${ours.errors}, stock ${stock.errors}`);
  }

  const ours = await memory('task-mcp');
  const stock = await memory('stock');
  console.log('');
  console.log(
    'RSS after creating 100k tasks across 1k owners (each task completed with a small result):',
  );
  console.log(
    `  task-mcp: ${mib(ours.rss)} (heap ${mib(ours.heapUsed)}, +${mib(ours.rss - ours.baseRss)} over start)`,
  );
  console.log(
    `  stock:    ${mib(stock.rss)} (heap ${mib(stock.heapUsed)}, +${mib(stock.rss - stock.baseRss)} over start)`,
  );
  console.log(`  ratio task-mcp/stock RSS: ${(ours.rss / stock.rss).toFixed(2)}x`);
}

await main();
