import { CONCURRENCY, DURATION_MS, ROUNDS } from './bench-settings.js';
import { TASK_MCP_MAIN } from './bench-servers.js';
import { cpuCell, noteIfRough, printTable, ratio } from './format.js';
import { call, load, targetFor, type LoadResult, type Target } from './http-load.js';
import type { LocalIssuer } from './local-issuer.js';
import { benchDatabase } from './postgres.js';
import { bestOf, cpuPerRequest, type CpuPerRequest } from './rounds.js';
import { createParams, seed } from './seeding.js';
import { pidOf, withServerCpu, type CpuWindow } from './server-cpu.js';
import { startServer, type ServerSpec, type Started } from './server-process.js';
import { AUDIENCE, authEnv } from './task-mcp-env.js';

const REPLICA_SCENARIOS = ['tools/call (task)', 'tasks/get'] as const;
type ReplicaScenario = (typeof REPLICA_SCENARIOS)[number];
type Replicas = 'one' | 'two';

interface Aggregate extends CpuWindow {
  readonly perSecond: number;
  readonly errors: number;
}

/**
 * Runs every target at once, each with its own calls and concurrency 1; sums the rates, and the
 * CPU of every replica serving them.
 */
function aggregate(
  servers: readonly Started[],
  targets: readonly Target[],
  next: (target: number) => (i: number) => { method: string; params: unknown },
): Promise<Aggregate> {
  const pids = servers.map((server) => pidOf(server.child));
  return withServerCpu(pids, async () => {
    const each = await Promise.all(
      targets.map((target, t) => load(target, 1, DURATION_MS, next(t))),
    );
    const sum = (of: (r: LoadResult) => number): number => each.reduce((s, r) => s + of(r), 0);
    return {
      perSecond: sum((r) => r.perSecond),
      errors: sum((r) => r.errors),
      requests: sum((r) => r.requests),
    };
  });
}

/**
 * One replica against two on one database, best of the rounds, a fresh database for each. The
 * load is a team's: CONCURRENCY users (JWT auth, one token each), each with one call in flight,
 * spread over the replicas as a load balancer would. (One owner's creates are serialised by its
 * quota, whichever replica they reach, so a single owner could not show what replicas add.)
 */
export async function replicaBench(issuer: LocalIssuer): Promise<void> {
  const spec: ServerSpec = {
    name: 'task-mcp (postgres)',
    script: TASK_MCP_MAIN,
    env: authEnv(issuer),
  };
  const users = await Promise.all(
    Array.from({ length: CONCURRENCY }, (_, u) => issuer.token(AUDIENCE, `bench-user-${u}`)),
  );
  const rounds: Record<Replicas, Record<ReplicaScenario, Aggregate[]>> = {
    one: { 'tools/call (task)': [], 'tasks/get': [] },
    two: { 'tools/call (task)': [], 'tasks/get': [] },
  };
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
        await aggregate(servers, targets, getTask);
        const get = await aggregate(servers, targets, getTask);
        const create = await aggregate(servers, targets, () => () => ({
          method: 'tools/call',
          params: createParams,
        }));
        errors += get.errors + create.errors;
        if (replicas === 2) {
          const onB = as(0, servers[1]!);
          wakeMs.push(...(await crossReplicaWake(targets[0]!, onB)));
          onB.agent.destroy();
        }
        const kept = rounds[replicas === 1 ? 'one' : 'two'];
        kept['tasks/get'].push(get);
        kept['tools/call (task)'].push(create);
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
  const rows = [
    [
      'scenario',
      '1 replica req/s',
      '2 replicas req/s',
      'ratio',
      '1 replica µs/req',
      '2 replicas µs/req',
      'cpu x 1 replica',
    ],
  ];
  const figures: CpuPerRequest[] = [];
  for (const scenario of REPLICA_SCENARIOS) {
    const [one, two] = [bestOf(rounds.one[scenario]), bestOf(rounds.two[scenario])];
    const [oneCpu, twoCpu] = [
      cpuPerRequest(rounds.one[scenario]),
      cpuPerRequest(rounds.two[scenario]),
    ];
    figures.push(oneCpu, twoCpu);
    rows.push([
      scenario,
      one.perSecond.toFixed(0),
      two.perSecond.toFixed(0),
      ratio(two.perSecond, one.perSecond),
      cpuCell(oneCpu),
      cpuCell(twoCpu),
      ratio(twoCpu.micros, oneCpu.micros),
    ]);
  }
  printTable(rows);
  console.log(
    "  µs/req: CPU of every replica (summed) per request, pooled over the rounds; PostgreSQL's own not counted",
  );
  noteIfRough(...figures);
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
