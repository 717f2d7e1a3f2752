import { CONCURRENCY, DURATION_MS, ROUNDS } from './bench-settings.js';
import { TASK_MCP_MAIN } from './bench-servers.js';
import { pad } from './format.js';
import { call, load, targetFor, type Target } from './http-load.js';
import type { LocalIssuer } from './local-issuer.js';
import { benchDatabase } from './postgres.js';
import { createParams, seed } from './seeding.js';
import { startServer, type ServerSpec, type Started } from './server-process.js';
import { AUDIENCE, authEnv } from './task-mcp-env.js';

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
export async function replicaBench(issuer: LocalIssuer): Promise<void> {
  const spec: ServerSpec = {
    name: 'task-mcp (postgres)',
    script: TASK_MCP_MAIN,
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
