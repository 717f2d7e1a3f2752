import type { LocalIssuer } from './local-issuer.js';
import { measureGet, measureScenarios } from './main-scenarios.js';
import type { ServedLoad } from './rounds.js';
import type { ServerSpec } from './server-process.js';
import { AUDIENCE, authEnv, RATE_LIMITS_HIGH, TASK_MCP_ENV } from './task-mcp-env.js';

/** One line of the A/B run: a way of starting task-mcp and the windows measured on it. */
export interface AbLine {
  readonly name: string;
  /** Starts the build at `script` this line's way and measures it: scenario -> window. */
  measure(script: string): Promise<Record<string, ServedLoad>>;
}

/**
 * The lines of `npm run bench` that run task-mcp alone, each started exactly as the main run
 * starts it (same spawning, same environment): in memory, with JWT auth, on PostgreSQL when a
 * server answers, and tasks/get with rate limits on. The replica and 100k-task lines are left
 * out: minutes of seeding per round, for lines the others already cover.
 */
export async function abLines(issuer: LocalIssuer, withPostgres: boolean): Promise<AbLine[]> {
  const headers = { authorization: `Bearer ${await issuer.token(AUDIENCE, 'bench-user')}` };
  const scenarios =
    (name: string, spec: Omit<ServerSpec, 'name' | 'script'>): AbLine['measure'] =>
    (script) =>
      measureScenarios({ name, script, ...spec });
  const getOnly =
    (name: string, spec: Omit<ServerSpec, 'name' | 'script'>): AbLine['measure'] =>
    async (script) => ({ 'tasks/get': await measureGet({ name, script, ...spec }) });
  const limitsOn = { env: { ...authEnv(issuer), ...RATE_LIMITS_HIGH }, headers };
  const lines: AbLine[] = [
    { name: 'in memory', measure: scenarios('in memory', { env: TASK_MCP_ENV }) },
    { name: 'JWT auth', measure: scenarios('JWT auth', { env: authEnv(issuer), headers }) },
    { name: 'rate limits on (memory, JWT auth)', measure: getOnly('rate limits on', limitsOn) },
  ];
  if (withPostgres) {
    lines.push(
      {
        name: 'PostgreSQL',
        measure: scenarios('PostgreSQL', { env: TASK_MCP_ENV, database: 'fresh' }),
      },
      {
        name: 'rate limits on (PostgreSQL, JWT auth)',
        measure: getOnly('rate limits on (postgres)', { ...limitsOn, database: 'fresh' }),
      },
    );
  }
  return lines;
}
