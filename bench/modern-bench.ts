/**
 * The 2026-07-28 section of `npm run bench` (BENCH_ONLY=modern): what the new protocol costs
 * beside 2025-11-25 on the main lines' server, how soon a listen hears a task change (on the
 * replica that runs the task, and on another one sharing its PostgreSQL database), and what a
 * thousand open listens cost the tasks/get beside them.
 */
import { CONCURRENCY, DURATION_MS, ROUNDS, SEEDED_TASKS } from './bench-settings.js';
import { TASK_MCP_MAIN } from './bench-servers.js';
import { cpuCell, latency, noteIfRough, printTable, ratio } from './format.js';
import { targetFor, type Call, type Target } from './http-load.js';
import { warmThenMeasure } from './main-scenarios.js';
import { modernCall, modernCreate, PROTOCOL_2026 } from './modern-call.js';
import { openListens, type OpenListens } from './open-listens.js';
import { benchDatabase } from './postgres.js';
import {
  PUSH_CHANGES,
  PUSH_STEP_MS,
  pushLatency,
  type HeardOn,
  type PushLatency,
} from './push-latency.js';
import { bestOf, cpuPerRequest, errorsIn, type CpuPerRequest, type ServedLoad } from './rounds.js';
import { createParams, seed, seedModern } from './seeding.js';
import { pidOf } from './server-cpu.js';
import { startServer, type ServerSpec, type Started } from './server-process.js';
import { TASK_MCP_ENV } from './task-mcp-env.js';

/** The main lines' server: in memory, stateless, quotas out of the way. */
const SERVER: ServerSpec = { name: 'task-mcp', script: TASK_MCP_MAIN, env: TASK_MCP_ENV };

const PROTOCOL_2025 = '2025-11-25';
const VERSIONS = [PROTOCOL_2025, PROTOCOL_2026] as const;
type Version = (typeof VERSIONS)[number];

/** The scenarios each version is measured on, in the order they run on a fresh server. */
const VERSION_SCENARIOS = ['tasks/get', 'tools/call (task)'] as const;
type VersionScenario = (typeof VERSION_SCENARIOS)[number];

/** How a client of each version creates a task and reads one. */
interface VersionCalls {
  seed(target: Target): Promise<string[]>;
  readonly create: Call;
  get(taskId: string): Call;
}

const CALLS: Record<Version, VersionCalls> = {
  [PROTOCOL_2025]: {
    seed: (target) => seed(target, SEEDED_TASKS),
    create: { method: 'tools/call', params: createParams },
    get: (taskId) => ({ method: 'tasks/get', params: { taskId } }),
  },
  [PROTOCOL_2026]: {
    seed: (target) => seedModern(target, SEEDED_TASKS, modernCreate),
    create: modernCreate,
    get: (taskId) => modernCall('tasks/get', { taskId }),
  },
};

/** Listens open beside the tasks/get load, and the tasks each names besides seeded ones. */
const OPEN_LISTENS = 1000;
const LIVE_TASKS = 10;
/** A task that stays `working` through a round without changing: a listen on it stays subscribed. */
const liveCreate = modernCall('tools/call', {
  name: 'wait',
  arguments: { durationMs: 600_000, steps: 1 },
});

/** 2026-07-28 against 2025-11-25 on the main lines, rounds alternating, a fresh server each. */
export async function versionsTable(): Promise<void> {
  const rounds: Record<Version, Record<VersionScenario, ServedLoad[]>> = {
    [PROTOCOL_2025]: { 'tasks/get': [], 'tools/call (task)': [] },
    [PROTOCOL_2026]: { 'tasks/get': [], 'tools/call (task)': [] },
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (const version of VERSIONS) {
      const measured = await measureVersion(version);
      for (const scenario of VERSION_SCENARIOS) {
        rounds[version][scenario].push(measured[scenario]);
      }
    }
  }
  console.log(
    `2026-07-28 beside 2025-11-25 (task-mcp in memory, concurrency ${CONCURRENCY}, ${DURATION_MS} ms windows, ${ROUNDS} alternating rounds):`,
  );
  sideBySide(
    VERSION_SCENARIOS.map((scenario) => ({
      label: scenario,
      ours: rounds[PROTOCOL_2026][scenario],
      anchor: rounds[PROTOCOL_2025][scenario],
    })),
    PROTOCOL_2026,
    PROTOCOL_2025,
  );
  console.log(
    `  2026-07-28: the tasks extension declared in _meta, routing headers; tools/call answers a server-directed task, tasks/get inlines a finished task's result. Aim: cpu x ${PROTOCOL_2025} at most 1.10x`,
  );
}

async function measureVersion(version: Version): Promise<Record<VersionScenario, ServedLoad>> {
  const server = await startServer(SERVER);
  const target = targetFor(server.url, CONCURRENCY);
  try {
    const pid = pidOf(server.child);
    const calls = CALLS[version];
    const gets = (await calls.seed(target)).map((taskId) => calls.get(taskId));
    const get = await warmThenMeasure(pid, target, (i) => gets[i % gets.length]!);
    const create = await warmThenMeasure(pid, target, () => calls.create);
    return { 'tasks/get': get, 'tools/call (task)': create };
  } finally {
    target.agent.destroy();
    await server.stop();
  }
}

/** Push latency on one replica, and across two on PostgreSQL when a server answers. */
export async function pushTable(withPostgres: boolean): Promise<void> {
  const same = await pushOnOneReplica();
  const across = withPostgres ? await pushAcrossReplicas() : undefined;
  console.log(
    `Push latency: a task's change (its lastUpdatedAt) to its notifications/tasks read off an open listen, over ${PUSH_CHANGES} changes (wait tasks, a change every ${PUSH_STEP_MS} ms):`,
  );
  const rows = [['listen', 'median ms', 'p99 ms', 'samples', 'changes heard/made']];
  const row = (label: string, samples: readonly number[], of?: HeardOn): string[] => [
    label,
    quantile(samples, 0.5).toFixed(2),
    quantile(samples, 0.99).toFixed(2),
    String(samples.length),
    of ? `${of.heard}/${of.made}` : '',
  ];
  rows.push(row('same replica (memory store)', same.on[0]!.latencyMs, same.on[0]));
  if (across) {
    const [onB, onA] = across.on as [HeardOn, HeardOn];
    rows.push(row('across replicas (PostgreSQL, task on A, listen on B)', onB.latencyMs, onB));
    rows.push(row('  beside it, a listen on A (PostgreSQL)', onA.latencyMs, onA));
    rows.push(row("  B's arrival after A's, per change (one clock)", across.gapMs));
  }
  printTable(rows);
  console.log(
    '  lastUpdatedAt is whole ms (truncated), arrivals are read to µs: each latency is 0-1 ms over the true one, 0.5 on average. Aim: median under 5 ms across replicas',
  );
  if (!across) console.log('  across replicas: skipped, no PostgreSQL server answers');
}

async function pushOnOneReplica(): Promise<PushLatency> {
  const server = await startServer(SERVER);
  try {
    return await pushLatency(server.url, [server.url]);
  } finally {
    await server.stop();
  }
}

async function pushAcrossReplicas(): Promise<PushLatency> {
  const database = await benchDatabase();
  const replicas: Started[] = [];
  try {
    for (const name of ['A', 'B']) {
      replicas.push(
        await startServer({ ...SERVER, name: `task-mcp (postgres) ${name}`, database }),
      );
    }
    const [a, b] = replicas as [Started, Started];
    return await pushLatency(a.url, [b.url, a.url]);
  } finally {
    for (const replica of replicas) await replica.stop();
    await database.drop();
  }
}

/** tasks/get with OPEN_LISTENS listens open against none, rounds alternating. */
export async function openListensTable(): Promise<void> {
  const rounds: Record<'none' | 'open', ServedLoad[]> = { none: [], open: [] };
  const stillOpen: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    rounds.none.push((await measureBesideListens(0)).get);
    const beside = await measureBesideListens(OPEN_LISTENS);
    rounds.open.push(beside.get);
    stillOpen.push(beside.stillOpen);
  }
  const open = `${OPEN_LISTENS} listens`;
  console.log(
    `tasks/get (2026-07-28) with ${OPEN_LISTENS} subscriptions/listen open against none (task-mcp in memory, ${ROUNDS} alternating rounds):`,
  );
  sideBySide([{ label: 'tasks/get', ours: rounds.open, anchor: rounds.none }], open, 'none');
  console.log(
    `  each listen on a socket of its own, read throughout, naming 2 of the ${SEEDED_TASKS} finished tasks the load reads and 1 of ${LIVE_TASKS} working ones; open at each window's end: ${stillOpen.join(', ')}. Aim: within 10 %`,
  );
}

async function measureBesideListens(
  listens: number,
): Promise<{ get: ServedLoad; stillOpen: number }> {
  const server = await startServer({
    ...SERVER,
    // One anonymous owner holds every listen: its own limit is raised, as an operator would.
    env: { ...TASK_MCP_ENV, TASK_MCP_MAX_LISTENS_PER_OWNER: String(OPEN_LISTENS) },
  });
  const target = targetFor(server.url, CONCURRENCY);
  let opened: OpenListens | undefined;
  try {
    const finished = await seedModern(target, SEEDED_TASKS, modernCreate);
    const working = await seedModern(target, LIVE_TASKS, liveCreate);
    opened = await openListens(server.url, listens, (n) => [
      finished[n % finished.length]!,
      finished[(n + 1) % finished.length]!,
      working[n % working.length]!,
    ]);
    const gets = finished.map((taskId) => modernCall('tasks/get', { taskId }));
    const get = await warmThenMeasure(pidOf(server.child), target, (i) => gets[i % gets.length]!);
    return { get, stillOpen: opened.stillOpen() };
  } finally {
    opened?.close();
    target.agent.destroy();
    await server.stop();
  }
}

interface Line {
  readonly label: string;
  readonly ours: readonly ServedLoad[];
  readonly anchor: readonly ServedLoad[];
}

/** `ours` against `anchor` per line: req/s (best round), CPU per request (pooled), latency. */
function sideBySide(lines: readonly Line[], ours: string, anchor: string): void {
  const rows = [
    [
      'scenario',
      `${ours} req/s`,
      `${anchor} req/s`,
      'ratio',
      `${ours} µs/req`,
      `${anchor} µs/req`,
      `cpu x ${anchor}`,
      `p50/p99 ms ${ours}`,
      `p50/p99 ms ${anchor}`,
    ],
  ];
  const figures: CpuPerRequest[] = [];
  const errors: string[] = [];
  for (const line of lines) {
    const [bestOurs, bestAnchor] = [bestOf(line.ours), bestOf(line.anchor)];
    const [cpuOurs, cpuAnchor] = [cpuPerRequest(line.ours), cpuPerRequest(line.anchor)];
    figures.push(cpuOurs, cpuAnchor);
    rows.push([
      line.label,
      bestOurs.perSecond.toFixed(0),
      bestAnchor.perSecond.toFixed(0),
      ratio(bestOurs.perSecond, bestAnchor.perSecond),
      cpuCell(cpuOurs),
      cpuCell(cpuAnchor),
      ratio(cpuOurs.micros, cpuAnchor.micros),
      latency(bestOurs),
      latency(bestAnchor),
    ]);
    const [errorsOurs, errorsAnchor] = [errorsIn(line.ours), errorsIn(line.anchor)];
    if (errorsOurs || errorsAnchor) {
      errors.push(`${line.label}: ${ours} ${errorsOurs}, ${anchor} ${errorsAnchor}`);
    }
  }
  printTable(rows);
  console.log(
    '  req/s: best round; µs/req: server CPU (/proc, user + system) per request in the measured windows, pooled over the rounds; cpu x: the first µs/req over the second',
  );
  if (errors.length) console.log(`  errors over all rounds: ${errors.join('; ')}`);
  noteIfRough(...figures);
}

/** The q-quantile of `samples` (nearest rank). */
function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
