/**
 * npm run bench: task-mcp against the SDK's stock stateless server with its InMemoryTaskStore,
 * side by side in one run on 127.0.0.1, reported as ratios. Each server runs in its own process,
 * freshly started for each round; the rounds alternate, and the better round of each is kept.
 * Beside req/s, every throughput line gives the server's CPU per request, which depends far
 * less than req/s on how much of the two cores the load generator (or anything else) takes.
 */
import { spawn } from 'node:child_process';
import { CONCURRENCY, DURATION_MS, ROUNDS } from './bench-settings.js';
import {
  BARE_SERVER,
  MEMORY_PROBE,
  PROGRESS_TOKEN_ATTACK,
  STOCK_SERVER,
  TASK_MCP_MAIN,
} from './bench-servers.js';
import { coldVerification } from './cold-verification.js';
import { cpuCell, latency, mib, noteIfRough, printTable, ratio } from './format.js';
import { targetFor } from './http-load.js';
import { benchCatalogue, JOB_BENCH_CONCURRENCY, jobBench } from './jobs.js';
import { listAtScale, listScaling } from './list-at-scale.js';
import { LocalIssuer } from './local-issuer.js';
import { measureScenarios, SCENARIOS, type Scenario } from './main-scenarios.js';
import { openListensTable, pushTable, versionsTable } from './modern-bench.js';
import { adminUrlForDisplay, postgresAnswers } from './postgres.js';
import { rateLimitBench } from './rate-limit-bench.js';
import { replicaBench } from './replica-bench.js';
import { bestOf, cpuPerRequest, errorsIn, type CpuPerRequest, type ServedLoad } from './rounds.js';
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

/** Every round of every server on every main scenario. */
type Rounds = Record<string, Partial<Record<Scenario, ServedLoad[]>>>;

/**
 * Which way a table divides CPU per request: `ours/anchor` says how many times the anchor's
 * CPU a request costs ours (x bare); `anchor/ours`, how many times ours the anchor spends, so
 * that above 1 favours ours, as the req/s ratio does (vs stock).
 */
type CpuRatio = 'ours/anchor' | 'anchor/ours';

const CPU_LEGEND = [
  'req/s: best round. µs/req: CPU (user + system) the server process spent per completed request',
  'in the measured windows (/proc/<pid>/stat, warm-up excluded), pooled over every round.',
  "cpu x A: this server's µs/req over A's; cpu vs A: A's over this server's (above 1: this server spends less).",
];

/** One table: `ours` against `anchor` in every scenario, as ratios of req/s and of CPU. */
function compare(rounds: Rounds, ours: string, anchor: string, cpuRatio: CpuRatio): void {
  const rows = [
    [
      'scenario',
      `${ours} req/s`,
      `${anchor} req/s`,
      'ratio',
      `${ours} µs/req`,
      `${anchor} µs/req`,
      cpuRatio === 'ours/anchor' ? `cpu x ${anchor}` : `cpu vs ${anchor}`,
      `p50/p99 ms ${ours}`,
      `p50/p99 ms ${anchor}`,
    ],
  ];
  const figures: CpuPerRequest[] = [];
  const errors: string[] = [];
  for (const scenario of SCENARIOS) {
    const a = rounds[ours]![scenario]!;
    const b = rounds[anchor]![scenario]!;
    const [bestA, bestB] = [bestOf(a), bestOf(b)];
    const [cpuA, cpuB] = [cpuPerRequest(a), cpuPerRequest(b)];
    figures.push(cpuA, cpuB);
    rows.push([
      scenario,
      bestA.perSecond.toFixed(0),
      bestB.perSecond.toFixed(0),
      ratio(bestA.perSecond, bestB.perSecond),
      cpuCell(cpuA),
      cpuCell(cpuB),
      cpuRatio === 'ours/anchor'
        ? ratio(cpuA.micros, cpuB.micros)
        : ratio(cpuB.micros, cpuA.micros),
      latency(bestA),
      latency(bestB),
    ]);
    const [errorsA, errorsB] = [errorsIn(a), errorsIn(b)];
    if (errorsA || errorsB) errors.push(`${scenario}: ${ours} ${errorsA}, ${anchor} ${errorsB}`);
  }
  printTable(rows);
  if (errors.length) console.log(`  errors over all rounds: ${errors.join('; ')}`);
  noteIfRough(...figures);
}

/**
 * BENCH_ONLY=main,rate-limits (a comma list) runs those sections alone, for a short check of
 * the lines a change touches; unset, every section runs.
 */
const SECTIONS = [
  'main',
  'cold',
  'rate-limits',
  'replicas',
  'versions',
  'push',
  'listens',
  'list',
  'jobs',
  'memory',
  'progress-token',
] as const;
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
  // 2026-07-28: its cost beside 2025-11-25, how fast a listen hears a change, what open listens cost.
  if (runs('versions')) {
    console.log('');
    await versionsTable();
  }
  if (runs('push')) {
    console.log('');
    await pushTable(withPostgres);
  }
  if (runs('listens')) {
    console.log('');
    await openListensTable();
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
  if (runs('progress-token')) {
    console.log('');
    await progressTokenSection();
  }
}

/** task-mcp, stock, bare, PostgreSQL and auth on the main scenarios, rounds alternating. */
async function mainTables(issuer: LocalIssuer, withPostgres: boolean): Promise<void> {
  const servers = await serversFor(issuer, withPostgres);
  const rounds: Rounds = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const spec of servers) {
      const results = await measureScenarios(spec);
      const kept = (rounds[spec.name] ??= {});
      for (const scenario of SCENARIOS) (kept[scenario] ??= []).push(results[scenario]);
    }
  }
  const authFetches = issuer.jwksRequests;
  console.log('');
  for (const line of CPU_LEGEND) console.log(line);
  console.log('');
  compare(rounds, 'task-mcp', 'stock', 'anchor/ours');
  console.log('');
  console.log('Against the ceiling: bare node:http answering a fixed JSON body, nothing parsed');
  compare(rounds, 'task-mcp', 'bare node:http', 'ours/anchor');
  compare(rounds, 'stock', 'bare node:http', 'ours/anchor');
  if (withPostgres) {
    console.log('');
    compare(rounds, POSTGRES, 'task-mcp', 'ours/anchor');
    console.log(
      `  ${POSTGRES} µs/req is the node process alone: PostgreSQL's own work is not counted`,
    );
  }
  console.log('');
  compare(rounds, 'task-mcp+auth', 'task-mcp', 'ours/anchor');
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

/**
 * The progress-token attack, in a process of its own as it is also run alone: its megabyte
 * strings and unread sockets stay out of this one. It bounds itself with timeouts and kills its
 * servers, so waiting for it cannot hang the bench.
 */
async function progressTokenSection(): Promise<void> {
  const child = spawn(process.execPath, [PROGRESS_TOKEN_ATTACK], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) console.log(`  the progress-token attack exited with ${code}`);
}

await main();
