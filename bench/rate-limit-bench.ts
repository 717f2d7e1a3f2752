import { ROUNDS } from './bench-settings.js';
import { cpuCell, latency, noteIfRough, ratio } from './format.js';
import type { LocalIssuer } from './local-issuer.js';
import { measureGet } from './main-scenarios.js';
import { bestOf, cpuPerRequest, type ServedLoad } from './rounds.js';
import type { ServerSpec } from './server-process.js';
import { TASK_MCP_MAIN } from './bench-servers.js';
import { AUDIENCE, authEnv, RATE_LIMITS_HIGH, RATE_LIMITS_OFF } from './task-mcp-env.js';

/** tasks/get of a polling client (JWT auth) with rate limits off and on, rounds alternating. */
export async function rateLimitBench(issuer: LocalIssuer, withPostgres: boolean): Promise<void> {
  const headers = { authorization: `Bearer ${await issuer.token(AUDIENCE, 'bench-user')}` };
  const stores: [string, ServerSpec['database'] | undefined][] = [['memory', undefined]];
  if (withPostgres) stores.push(['postgres', 'fresh']);
  console.log('tasks/get with rate limits on (budgets too large to refuse) against off, JWT auth:');
  for (const [store, database] of stores) {
    const spec = (limits: Record<string, string>): ServerSpec => ({
      name: `task-mcp (${store})`,
      script: TASK_MCP_MAIN,
      env: { ...authEnv(issuer), ...limits },
      headers,
      ...(database ? { database } : {}),
    });
    const offRounds: ServedLoad[] = [];
    const onRounds: ServedLoad[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      offRounds.push(await measureGet(spec(RATE_LIMITS_OFF)));
      onRounds.push(await measureGet(spec(RATE_LIMITS_HIGH)));
    }
    const [on, off] = [bestOf(onRounds), bestOf(offRounds)];
    const [onCpu, offCpu] = [cpuPerRequest(onRounds), cpuPerRequest(offRounds)];
    console.log(
      `  ${store}: on ${on.perSecond.toFixed(0)} req/s (p50/p99 ${latency(on)} ms), off ${off.perSecond.toFixed(0)} req/s (${latency(off)} ms), ratio ${ratio(on.perSecond, off.perSecond)}; ` +
        `CPU on ${cpuCell(onCpu)} µs/req, off ${cpuCell(offCpu)} µs/req, on x off ${ratio(onCpu.micros, offCpu.micros)}`,
    );
    if (on.errors || off.errors) console.log(`  errors: on ${on.errors}, off ${off.errors}`);
    noteIfRough(onCpu, offCpu);
  }
}
