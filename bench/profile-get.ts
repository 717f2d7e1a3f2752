/**
 * npm run bench:profile: where task-mcp spends its time serving a polling client. Starts the
 * server (stateless, in memory) under `--cpu-prof` in a temporary directory, seeds tasks, keeps
 * BENCH_CONCURRENCY tasks/get calls in flight for BENCH_DURATION_MS, stops it with SIGTERM and
 * prints the functions with the most self time in the profile it wrote.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, targetFor } from './http-load.js';
import { listeningUrl } from './listening-url.js';
import { seed } from './seeding.js';
import { selfTimes } from './self-times.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5000);
const TOP = 10;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'task-mcp-profile-'));
  try {
    const child = spawn(
      process.execPath,
      [
        '--cpu-prof',
        `--cpu-prof-dir=${dir}`,
        fileURLToPath(new URL('../src/main.js', import.meta.url)),
      ],
      {
        env: {
          PATH: process.env.PATH ?? '',
          TASK_MCP_PORT: '0',
          TASK_MCP_STATE_DIR: join(dir, 'state'),
          TASK_MCP_HTTP_MODE: 'stateless',
          TASK_MCP_LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const url = await listeningUrl(child, 'the server');
    const target = targetFor(url, CONCURRENCY);
    const ids = await seed(target, 50);
    const result = await load(target, CONCURRENCY, DURATION_MS, (i) => ({
      method: 'tasks/get',
      params: { taskId: ids[i % ids.length] },
    }));
    target.agent.destroy();
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) throw new Error(`the server exited with ${code}`);
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error('the server wrote no CPU profile');
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Parameters<
      typeof selfTimes
    >[0];
    console.log(
      `tasks/get, concurrency ${CONCURRENCY}, ${DURATION_MS} ms: ${result.perSecond.toFixed(0)} req/s, ${result.errors} errors`,
    );
    console.log(`The ${TOP} functions with the most self time:`);
    for (const entry of selfTimes(profile).slice(0, TOP)) {
      console.log(`  ${entry.percent.toFixed(1).padStart(5)} %  ${entry.name}  ${entry.where}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
