/**
 * npm run bench: task-mcp against the SDK's stock stateless server with its InMemoryTaskStore,
 * side by side in one run on 127.0.0.1, reported as ratios. Each server runs in its own process,
 * freshly started for each round; the rounds alternate, and the better round of each is kept.
 */
import { spawn } from 'node:child_process';
import { CONCURRENCY, DURATION_MS, ROUNDS } from './bench-settings.js';
import { BARE_SERVER, MEMORY_PROBE, STOCK_SERVER, TASK_MCP_MAIN } from './bench-servers.js';
import { coldVerification } from './cold-verification.js';
import { mib, pad } from './format.js';
import { targetFor, type LoadResult } from './http-load.js';
import { benchCatalogue, JOB_BENCH_CONCURRENCY, jobBench } from './jobs.js';
import { listAtScale, listScaling } from './list-at-scale.js';
import { LocalIssuer } from './local-issuer.js';
import { better, measureScenarios, SCENARIOS, type Scenario } from './main-scenarios.js';
import { adminUrlForDisplay, postgresAnswers } from './postgres.js';
import { rateLimitBench } from './rate-limit-bench.js';
import { replicaBench } from './replica-bench.js';
import { startServer, type ServerSpec } from './server-process.js';
import { AUDIENCE, authEnv, TASK_MCP_ENV } from './task-mcp-env.js';

const POSTGRES = 'task-mcp (postgres)';

/**
 * task-mcp anonymous (in memory, and on PostgreSQL when a server answers), task-mcp with JWT auth
 * (one token, as a polling client has), and stock.
 */
async function serversFor(issuer: LocalIssuer, withPostgres: boolean): Promise<ServerSpec[]> {
  const onPostgres: ServerSpec[] = withPostgres
    ? [{ name: POSTGRES, script: TASK_MCP_MAIN, env: TASK_MCP_ENV, database: 'fresh' }]
    : [];
  return [
    { name: 'task-mcp', script: TASK_MCP_MAIN, env: TASK_MCP_ENV },
    ...onPostgres,
    {
      name: 'task-mcp+auth',
      script: TASK_MCP_MAIN,
      env: authEnv(issuer),
      headers: { authorization: `Bearer ${await issuer.token(AUDIENCE, 'bench-user')}` },
    },
    { name: 'stock', script: STOCK_SERVER, env: {} },
    { name: 'bare node:http', script: BARE_SERVER, env: {} },
  ];
}

async function memory(which: string): Promise<{ rss: number; heapUsed: number; baseRss: number }> {
  const child = spawn(process.execPath, ['--expose-gc', MEMORY_PROBE, which], {
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

/**
 * BENCH_ONLY=main,rate-limits (a comma list) runs those sections alone, for a short check of
 * the lines a change touches; unset, every section runs.
 */
const SECTIONS = ['main', 'cold', 'rate-limits', 'replicas', 'list', 'jobs', 'memory'] as const;
type Section = (typeof SECTIONS)[number];
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
const runs = (section: Section): boolean => !only || only.includes(section);

async function main(): Promise<void> {
  const unknown = only?.filter((name) => !(SECTIONS as readonly string[]).includes(name)) ?? [];
  if (unknown.length)
    throw new Error(`BENCH_ONLY: no section ${unknown.join(', ')} (${SECTIONS.join(', ')})`);
  console.log(
    `task-mcp vs stock SDK stateless server: concurrency ${CONCURRENCY}, ${DURATION_MS} ms per scenario, best of ${ROUNDS} alternating rounds`,
  );
  const withPostgres = await postgresAnswers();
  if (!withPostgres) {
    console.log(`PostgreSQL lines skipped: no server answers at ${adminUrlForDisplay()}`);
  }
  const issuer = await LocalIssuer.start();
  if (runs('main')) await mainTables(issuer, withPostgres);
  if (runs('cold')) {
    console.log('');
    await coldSection(issuer);
  }
  if (runs('rate-limits')) {
    console.log('');
    await rateLimitBench(issuer, withPostgres);
  }
  if (withPostgres && runs('replicas')) {
    console.log('');
    await replicaBench(issuer);
  }
  await issuer.close();
  console.log('');

  if (runs('list')) {
    console.log('');
    await listAtScale();
    console.log('');
    if (withPostgres) {
      await listScaling();
      console.log('');
    }
  }
  if (runs('jobs')) await jobsSection();
  if (runs('memory')) await memorySection();
}

/** task-mcp, stock, bare, PostgreSQL and auth on the main scenarios, rounds alternating. */
async function mainTables(issuer: LocalIssuer, withPostgres: boolean): Promise<void> {
  const servers = await serversFor(issuer, withPostgres);
  const best: Record<string, Partial<Record<Scenario, LoadResult>>> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const spec of servers) {
      const results = await measureScenarios(spec);
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
}

async function coldSection(issuer: LocalIssuer): Promise<void> {
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
}

async function jobsSection(): Promise<void> {
  const jobServer = await startServer({
    name: 'task-mcp (jobs)',
    script: TASK_MCP_MAIN,
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
}

async function memorySection(): Promise<void> {
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
