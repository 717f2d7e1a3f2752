/**
 * npm run bench: task-mcp against the SDK's stock stateless server with its InMemoryTaskStore,
 * side by side in one run on 127.0.0.1, reported as ratios. Each server runs in its own process,
 * freshly started for each round; the rounds alternate, and the better round of each is kept.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coldVerification } from './cold-verification.js';
import { call, load, targetFor, type LoadResult, type Target } from './http-load.js';
import { benchCatalogue, JOB_BENCH_CONCURRENCY, jobBench } from './jobs.js';
import { LocalIssuer } from './local-issuer.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SEEDED_TASKS = 50;

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

interface ServerSpec {
  readonly name: string;
  readonly script: string;
  readonly env: Record<string, string>;
  readonly headers?: Record<string, string>;
}

const AUDIENCE = 'http://127.0.0.1/mcp';

const TASK_MCP_ENV = {
  TASK_MCP_PORT: '0',
  // The bench's own state directory: a bench never writes into the user's default one.
  TASK_MCP_STATE_DIR: mkdtempSync(join(tmpdir(), 'task-mcp-bench-state-')),
  TASK_MCP_HTTP_MODE: 'stateless',
  TASK_MCP_MAX_TASKS_PER_OWNER: '1000000',
  TASK_MCP_MAX_CONCURRENT_TASKS_PER_OWNER: '100000',
  // The stock store pages by 10; list the same number of tasks per call.
  TASK_MCP_LIST_PAGE_SIZE: '10',
  TASK_MCP_LOG_LEVEL: 'warn',
};

/** task-mcp anonymous, task-mcp with JWT auth (one token, as a polling client has), and stock. */
async function serversFor(issuer: LocalIssuer): Promise<ServerSpec[]> {
  return [
    { name: 'task-mcp', script: here('../src/main.js'), env: TASK_MCP_ENV },
    {
      name: 'task-mcp+auth',
      script: here('../src/main.js'),
      env: {
        ...TASK_MCP_ENV,
        TASK_MCP_AUTH_ISSUER: issuer.url,
        TASK_MCP_AUTH_AUDIENCE: AUDIENCE,
        TASK_MCP_AUTH_JWKS_URL: issuer.jwksUrl,
      },
      headers: { authorization: `Bearer ${await issuer.token(AUDIENCE, 'bench-user')}` },
    },
    { name: 'stock', script: here('./stock-server.js'), env: {} },
  ];
}

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
    const target = targetFor(url, CONCURRENCY, spec.headers);
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

/** One table: `ours` against `anchor` in every scenario, as a ratio. */
function compare(
  best: Record<string, Partial<Record<Scenario, LoadResult>>>,
  ours: string,
  anchor: string,
): void {
  console.log(
    `${pad('scenario', 20)}${pad(`${ours} req/s`, 20)}${pad(`${anchor} req/s`, 18)}${pad('ratio', 8)}${pad(`p50/p99 ms ${ours}`, 28)}p50/p99 ms ${anchor}`,
  );
  for (const scenario of SCENARIOS) {
    const a = best[ours]![scenario]!;
    const b = best[anchor]![scenario]!;
    const latency = (r: LoadResult): string => `${r.p50Ms.toFixed(2)}/${r.p99Ms.toFixed(2)}`;
    console.log(
      `${pad(scenario, 20)}${pad(a.perSecond.toFixed(0), 20)}${pad(b.perSecond.toFixed(0), 18)}${pad(`${(a.perSecond / b.perSecond).toFixed(2)}x`, 8)}${pad(latency(a), 28)}${latency(b)}`,
    );
    if (a.errors || b.errors) console.log(`  errors: ${ours} ${a.errors}, ${anchor} ${b.errors}`);
  }
}

async function main(): Promise<void> {
  console.log(
    `task-mcp vs stock SDK stateless server: concurrency ${CONCURRENCY}, ${DURATION_MS} ms per scenario, best of ${ROUNDS} alternating rounds`,
  );
  const issuer = await LocalIssuer.start();
  const servers = await serversFor(issuer);
  const best: Record<string, Partial<Record<Scenario, LoadResult>>> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const spec of servers) {
      const results = await measure(spec);
      const kept = (best[spec.name] ??= {});
      for (const scenario of SCENARIOS) kept[scenario] = better(kept[scenario], results[scenario]);
    }
  }
  const authFetches = issuer.jwksRequests;
  console.log('');
  compare(best, 'task-mcp', 'stock');
  console.log('');
  compare(best, 'task-mcp+auth', 'task-mcp');
  console.log(
    `  JWKS fetches by the auth server processes during their ${ROUNDS} runs: ${authFetches} (one per process start)`,
  );

  console.log('');
  const cold = await coldVerification(issuer, AUDIENCE);
  console.log(
    `Cold token verification (${cold.tokens} distinct RS256 tokens, none cached, ${cold.rounds} interleaved rounds):`,
  );
  console.log(`  JwksIdentityProvider: ${cold.provider.toFixed(0)} tokens/s`);
  console.log(`  raw jose jwtVerify:   ${cold.raw.toFixed(0)} tokens/s`);
  console.log(`  ratio: ${(cold.provider / cold.raw).toFixed(2)}x; JWKS fetches: ${cold.fetches}`);
  console.log(
    `Cached token (a polling client): ${cold.cachedMicros.toFixed(2)} µs per request in authenticate()`,
  );
  await issuer.close();

  console.log('');
  const jobServer = await startServer({
    name: 'task-mcp (jobs)',
    script: here('../src/main.js'),
    env: { ...TASK_MCP_ENV, TASK_MCP_JOBS: benchCatalogue() },
  });
  try {
    const target = targetFor(jobServer.url, 2 * JOB_BENCH_CONCURRENCY);
    const jobs = await jobBench(target, ROUNDS * 2);
    target.agent.destroy();
    const ms = (value: number): string => `${value.toFixed(2)} ms`;
    console.log('Catalogue jobs vs the same process spawned directly with child_process:');
    console.log(
      `  start latency (send -> child running), median: job ${ms(jobs.startMs.job)}, direct ${ms(jobs.startMs.direct)}, ratio ${(jobs.startMs.job / jobs.startMs.direct).toFixed(2)}x`,
    );
    for (const [name, pair] of Object.entries(jobs.concurrentMs)) {
      console.log(
        `  ${JOB_BENCH_CONCURRENCY} concurrent '${name}' jobs to their results, best round: job ${ms(pair.job)}, direct ${ms(pair.direct)}, ratio ${(pair.job / pair.direct).toFixed(2)}x`,
      );
    }
  } finally {
    jobServer.child.kill('SIGKILL');
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
