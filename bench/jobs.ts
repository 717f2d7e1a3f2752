/**
 * Catalogue jobs against plain child_process, in one run: how long from sending tools/call to the
 * child running, and how long 50 concurrent short jobs take end to end, as ratios.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, type Target } from './http-load.js';

const DATE = '/usr/bin/date';
const SAMPLES = 30;
const CONCURRENT = 50;

/**
 * The programs measured, each run both as a job and directly: `date`, which does next to nothing
 * (so the figure is nearly all overhead) and prints the time it started running, in ns; and a
 * short node script, more like a real short job.
 */
const PROGRAMS = {
  stamp: { command: DATE, args: ['+%s%N'] },
  'node-script': {
    command: process.execPath,
    args: ['-e', 'let sum = 0; for (let i = 0; i < 1e6; i++) sum += i; console.log(sum);'],
  },
} as const;

type Program = keyof typeof PROGRAMS;

/**
 * The environment a job gets by default (PATH, LANG, LC_ALL, TZ), given to the direct runs too:
 * the same processes, started the same way. (A variable like NODE_EXTRA_CA_CERTS alone doubles
 * a node child's start-up, so inheriting the bench's own environment would flatter the jobs.)
 */
const JOB_ENV = Object.fromEntries(
  ['PATH', 'LANG', 'LC_ALL', 'TZ'].flatMap((name) =>
    process.env[name] === undefined ? [] : [[name, process.env[name]!]],
  ),
);

export function benchCatalogue(): string {
  const dir = mkdtempSync(join(tmpdir(), 'task-mcp-bench-'));
  const file = join(dir, 'jobs.json');
  const jobs = Object.entries(PROGRAMS).map(([name, program]) => ({
    name,
    description: `Bench job ${name}`,
    command: program.command,
    args: [...program.args],
    timeoutSeconds: 60,
    taskSupport: 'optional',
  }));
  writeFileSync(file, JSON.stringify({ sandbox: 'sandbox', workspaces: 'workspaces', jobs }));
  return file;
}

export interface Pair {
  readonly job: number;
  readonly direct: number;
}

export interface JobBench {
  readonly startMs: Pair;
  readonly concurrentMs: Readonly<Record<Program, Pair>>;
}

const nowMs = (): number => performance.timeOrigin + performance.now();
const startedMs = (stdout: string): number => Number(BigInt(stdout.trim()) / 1000n) / 1000;

async function viaTask(target: Target, name: Program = 'stamp'): Promise<string> {
  const created = await call(target, 'tools/call', { name, arguments: {}, task: {} });
  const taskId = (created.result as { task?: { taskId: string } } | undefined)?.task?.taskId;
  if (!taskId) throw new Error(`job not created: ${JSON.stringify(created)}`);
  const result = await call(target, 'tasks/result', { taskId });
  const output = (result.result as { structuredContent?: { stdout: string; exitCode: number } })
    .structuredContent;
  if (output?.exitCode !== 0) throw new Error(`job failed: ${JSON.stringify(result)}`);
  return output.stdout;
}

function direct(name: Program = 'stamp'): Promise<string> {
  const program = PROGRAMS[name];
  return new Promise((resolve, reject) => {
    const child = spawn(program.command, program.args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: JOB_ENV,
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`exit ${code}`)),
    );
  });
}

async function latency(run: () => Promise<string>): Promise<number> {
  const sent = nowMs();
  return startedMs(await run()) - sent;
}

async function wall(runs: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await runs();
  return performance.now() - started;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;

/** Interleaves the two ways sample by sample, after a warm-up, so machine noise hits both. */
export async function jobBench(target: Target, rounds: number): Promise<JobBench> {
  for (let i = 0; i < 5; i++) await Promise.all([viaTask(target), direct()]);
  const jobStarts: number[] = [];
  const directStarts: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    jobStarts.push(await latency(() => viaTask(target)));
    directStarts.push(await latency(() => direct()));
  }
  const many = <T>(one: () => Promise<T>) => Promise.all(Array.from({ length: CONCURRENT }, one));
  const concurrent = async (name: Program): Promise<Pair> => {
    let job = Infinity;
    let directly = Infinity;
    for (let round = 0; round < rounds; round++) {
      job = Math.min(job, await wall(() => many(() => viaTask(target, name))));
      directly = Math.min(directly, await wall(() => many(() => direct(name))));
    }
    return { job, direct: directly };
  };
  return {
    startMs: { job: median(jobStarts), direct: median(directStarts) },
    concurrentMs: {
      stamp: await concurrent('stamp'),
      'node-script': await concurrent('node-script'),
    },
  };
}

export const JOB_BENCH_CONCURRENCY = CONCURRENT;
