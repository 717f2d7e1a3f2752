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
import { listeningUrl } from './listening-url.js';
import { createParams, seed, seedMany } from './seeding.js';
import { benchCatalogue, JOB_BENCH_CONCURRENCY, jobBench } from './jobs.js';
import { LocalIssuer } from './local-issuer.js';
import {
  adminUrlForDisplay,
  benchDatabase,
  postgresAnswers,
  seedFinishedTasks,
  type BenchDatabase,
} from './postgres.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SEEDED_TASKS = 50;

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

interface ServerSpec {
  readonly name: string;
  readonly script: string;
  readonly env: Record<string, string>;
  readonly headers?: Record<string, string>;
  /** Serve from PostgreSQL: a fresh database per start, or the given one (replicas share it). */
  readonly database?: 'fresh' | BenchDatabase;
}

interface Started {
  readonly url: URL;
  readonly child: ChildProcess;
  readonly database?: BenchDatabase;
  /** Kills the server, and drops its database if it made a fresh one. */
  stop(): Promise<void>;
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

const POSTGRES = 'task-mcp (postgres)';

const RATE_LIMITS_OFF = {
  TASK_MCP_RATE_REQUESTS_PER_SECOND: '0',
  TASK_MCP_RATE_CREATES_PER_MINUTE: '0',
  TASK_MCP_RATE_IP_PER_SECOND: '0',
};

/** task-mcp's settings as a resource server of the bench's own issuer. */
function authEnv(issuer: LocalIssuer): Record<string, string> {
  return {
    ...TASK_MCP_ENV,
    TASK_MCP_AUTH_ISSUER: issuer.url,
    TASK_MCP_AUTH_AUDIENCE: AUDIENCE,
    TASK_MCP_AUTH_JWKS_URL: issuer.jwksUrl,
    // The load is far past a team's rate; the rate-limit scenario measures limits on against off.
    ...RATE_LIMITS_OFF,
  };
}

/**
 * task-mcp anonymous (in memory, and on PostgreSQL when a server answers), task-mcp with JWT auth
 * (one token, as a polling client has), and stock.
 */
async function serversFor(issuer: LocalIssuer, withPostgres: boolean): Promise<ServerSpec[]> {
  const onPostgres: ServerSpec[] = withPostgres
    ? [{ name: POSTGRES, script: here('../src/main.js'), env: TASK_MCP_ENV, database: 'fresh' }]
    : [];
  return [
    { name: 'task-mcp', script: here('../src/main.js'), env: TASK_MCP_ENV },
    ...onPostgres,
    {
      name: 'task-mcp+auth',
      script: here('../src/main.js'),
      env: authEnv(issuer),
      headers: { authorization: `Bearer ${await issuer.token(AUDIENCE, 'bench-user')}` },
    },
    { name: 'stock', script: here('./stock-server.js'), env: {} },
    { name: 'bare node:http', script: here('./bare-server.js'), env: {} },
  ];
}

const SCENARIOS = ['tools/call (task)', 'tasks/get', 'tasks/list'] as const;
type Scenario = (typeof SCENARIOS)[number];

async function startServer(spec: ServerSpec): Promise<Started> {
  const fresh = spec.database === 'fresh' ? await benchDatabase() : undefined;
  const database = fresh ?? (spec.database === 'fresh' ? undefined : spec.database);
  const storeEnv = database
    ? { TASK_MCP_STORE: 'postgres', TASK_MCP_DATABASE_URL: database.url }
    : {};
  const child = spawn(process.execPath, [spec.script], {
    env: { PATH: process.env.PATH ?? '', ...spec.env, ...storeEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await listeningUrl(child, spec.name);
  const stop = async (): Promise<void> => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    await fresh?.drop();
  };
  return { url, child, stop, ...(database ? { database } : {}) };
}

async function measure(spec: ServerSpec): Promise<Record<Scenario, LoadResult>> {
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
  const wide = Math.max(20, ours.length + 8);
  console.log(
    `${pad('scenario', 20)}${pad(`${ours} req/s`, wide)}${pad(`${anchor} req/s`, 18)}${pad('ratio', 8)}${pad(`p50/p99 ms ${ours}`, wide + 10)}p50/p99 ms ${anchor}`,
  );
  for (const scenario of SCENARIOS) {
    const a = best[ours]![scenario]!;
    const b = best[anchor]![scenario]!;
    const latency = (r: LoadResult): string => `${r.p50Ms.toFixed(2)}/${r.p99Ms.toFixed(2)}`;
    console.log(
      `${pad(scenario, 20)}${pad(a.perSecond.toFixed(0), wide)}${pad(b.perSecond.toFixed(0), 18)}${pad(`${(a.perSecond / b.perSecond).toFixed(2)}x`, 8)}${pad(latency(a), wide + 10)}${latency(b)}`,
    );
    if (a.errors || b.errors) console.log(`  errors: ${ours} ${a.errors}, ${anchor} ${b.errors}`);
  }
}

async function main(): Promise<void> {
  console.log(
    `task-mcp vs stock SDK stateless server: concurrency ${CONCURRENCY}, ${DURATION_MS} ms per scenario, best of ${ROUNDS} alternating rounds`,
  );
  const withPostgres = await postgresAnswers();
  if (!withPostgres) {
    console.log(`PostgreSQL lines skipped: no server answers at ${adminUrlForDisplay()}`);
  }
  const issuer = await LocalIssuer.start();
  const servers = await serversFor(issuer, withPostgres);
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
  console.log('Against the ceiling: bare node:http answering a fixed JSON body, nothing parsed');
  compare(best, 'task-mcp', 'bare node:http');
  compare(best, 'stock', 'bare node:http');
  if (withPostgres) {
    console.log('');
    compare(best, POSTGRES, 'task-mcp');
  }
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
  console.log('');
  await rateLimitBench(issuer, withPostgres);
  if (withPostgres) {
    console.log('');
    await replicaBench(issuer);
  }
  await issuer.close();
  console.log('');

  console.log('');
  await listAtScale();
  console.log('');
  if (withPostgres) {
    await listScaling();
    console.log('');
  }

  const jobServer = await startServer({
    name: 'task-mcp (jobs)',
    script: here('../src/main.js'),
    // The bench starts more jobs at once than the default cap on job processes.
    env: { ...TASK_MCP_ENV, TASK_MCP_JOBS: benchCatalogue(), TASK_MCP_MAX_JOB_PROCESSES: '1000' },
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
    await jobServer.stop();
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

/** Runs every target at once, each with its own calls and concurrency 1; sums the rates. */
async function aggregate(
  targets: readonly Target[],
  next: (target: number) => (i: number) => { method: string; params: unknown },
): Promise<{ perSecond: number; errors: number }> {
  const each = await Promise.all(targets.map((target, t) => load(target, 1, DURATION_MS, next(t))));
  return {
    perSecond: each.reduce((sum, r) => sum + r.perSecond, 0),
    errors: each.reduce((sum, r) => sum + r.errors, 0),
  };
}

/**
 * One replica against two on one database, best of the rounds, a fresh database for each. The
 * load is a team's: CONCURRENCY users (JWT auth, one token each), each with one call in flight,
 * spread over the replicas as a load balancer would. (One owner's creates are serialised by its
 * quota, whichever replica they reach, so a single owner could not show what replicas add.)
 */
async function replicaBench(issuer: LocalIssuer): Promise<void> {
  const spec: ServerSpec = {
    name: POSTGRES,
    script: here('../src/main.js'),
    env: authEnv(issuer),
  };
  const users = await Promise.all(
    Array.from({ length: CONCURRENCY }, (_, u) => issuer.token(AUDIENCE, `bench-user-${u}`)),
  );
  const best: Record<string, Record<string, number>> = { one: {}, two: {} };
  const wakeMs: number[] = [];
  let errors = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const replicas of [1, 2]) {
      const database = await benchDatabase();
      const servers: Started[] = [];
      try {
        for (let i = 0; i < replicas; i++) servers.push(await startServer({ ...spec, database }));
        const as = (user: number, server: Started): Target =>
          targetFor(server.url, 1, { authorization: `Bearer ${users[user]}` });
        const targets = users.map((_, u) => as(u, servers[u % replicas]!));
        const ids = await Promise.all(targets.map((target) => seed(target, 5)));
        const getTask = (t: number) => (i: number) => ({
          method: 'tasks/get',
          params: { taskId: ids[t]![i % ids[t]!.length] },
        });
        await aggregate(targets, getTask);
        const get = await aggregate(targets, getTask);
        const create = await aggregate(targets, () => () => ({
          method: 'tools/call',
          params: createParams,
        }));
        errors += get.errors + create.errors;
        if (replicas === 2) {
          const onB = as(0, servers[1]!);
          wakeMs.push(...(await crossReplicaWake(targets[0]!, onB)));
          onB.agent.destroy();
        }
        const kept = best[replicas === 1 ? 'one' : 'two']!;
        kept['tasks/get'] = Math.max(kept['tasks/get'] ?? 0, get.perSecond);
        kept['tools/call (task)'] = Math.max(kept['tools/call (task)'] ?? 0, create.perSecond);
        for (const target of targets) target.agent.destroy();
      } finally {
        for (const server of servers) await server.stop();
        await database.drop();
      }
    }
  }
  console.log(
    `PostgreSQL: one replica against two on one database (aggregate; ${CONCURRENCY} users with JWTs, one call in flight each):`,
  );
  console.log(
    `${pad('scenario', 20)}${pad('1 replica req/s', 20)}${pad('2 replicas req/s', 20)}ratio`,
  );
  for (const scenario of ['tools/call (task)', 'tasks/get']) {
    const one = best.one![scenario]!;
    const two = best.two![scenario]!;
    console.log(
      `${pad(scenario, 20)}${pad(one.toFixed(0), 20)}${pad(two.toFixed(0), 20)}${(two / one).toFixed(2)}x`,
    );
  }
  wakeMs.sort((a, b) => a - b);
  const at = (q: number): string => wakeMs[Math.floor(q * (wakeMs.length - 1))]!.toFixed(1);
  console.log(
    `  a tasks/result waiter on B, answered after the task ended on A (${wakeMs.length} tasks): median ${at(0.5)} ms, max ${at(1)} ms`,
  );
  if (errors) console.log(`  errors: ${errors}`);
}

/**
 * How long after a task ends on replica A a tasks/result waiter on replica B gets it: the task's
 * own lastUpdatedAt (written by A when it ended) against the moment B's answer arrived. Both run
 * on this machine, so their clocks are one.
 */
async function crossReplicaWake(a: Target, b: Target): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < 10; i++) {
    const created = await call(a, 'tools/call', {
      name: 'wait',
      arguments: { durationMs: 150, steps: 1 },
      task: { ttl: 600_000 },
    });
    const taskId = (created.result as { task: { taskId: string } }).task.taskId;
    await call(b, 'tasks/result', { taskId });
    const answeredAt = Date.now();
    const got = await call(b, 'tasks/get', { taskId });
    const ended = Date.parse((got.result as { lastUpdatedAt: string }).lastUpdatedAt);
    samples.push(answeredAt - ended);
  }
  return samples;
}

/** Every budget on, far too large to refuse anything: what spending them costs a request. */
const RATE_LIMITS_HIGH = {
  TASK_MCP_RATE_REQUESTS_PER_SECOND: '1000000',
  TASK_MCP_RATE_CREATES_PER_MINUTE: '1000000',
  TASK_MCP_RATE_IP_PER_SECOND: '1000000',
};

/** tasks/get of a polling client (JWT auth) with rate limits off and on, rounds alternating. */
async function rateLimitBench(issuer: LocalIssuer, withPostgres: boolean): Promise<void> {
  const headers = { authorization: `Bearer ${await issuer.token(AUDIENCE, 'bench-user')}` };
  const stores: [string, ServerSpec['database'] | undefined][] = [['memory', undefined]];
  if (withPostgres) stores.push(['postgres', 'fresh']);
  console.log('tasks/get with rate limits on (budgets too large to refuse) against off, JWT auth:');
  for (const [store, database] of stores) {
    const spec = (limits: Record<string, string>): ServerSpec => ({
      name: `task-mcp (${store})`,
      script: here('../src/main.js'),
      env: { ...authEnv(issuer), ...limits },
      headers,
      ...(database ? { database } : {}),
    });
    let off: LoadResult | undefined;
    let on: LoadResult | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      off = better(off, await measureGet(spec(RATE_LIMITS_OFF)));
      on = better(on, await measureGet(spec(RATE_LIMITS_HIGH)));
    }
    const latency = (r: LoadResult): string => `${r.p50Ms.toFixed(2)}/${r.p99Ms.toFixed(2)}`;
    console.log(
      `  ${store}: on ${on!.perSecond.toFixed(0)} req/s (p50/p99 ${latency(on!)} ms), off ${off!.perSecond.toFixed(0)} req/s (${latency(off!)} ms), ratio ${(on!.perSecond / off!.perSecond).toFixed(2)}x`,
    );
    if (on!.errors || off!.errors) console.log(`  errors: on ${on!.errors}, off ${off!.errors}`);
  }
}

async function measureGet(spec: ServerSpec): Promise<LoadResult> {
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
async function listAtScale(): Promise<void> {
  const ours = await startServer({
    name: 'task-mcp',
    script: here('../src/main.js'),
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
      script: here('./stock-server.js'),
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
async function listScaling(): Promise<void> {
  const server = await startServer({
    name: POSTGRES,
    script: here('../src/main.js'),
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

await main();
