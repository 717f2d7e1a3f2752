import { writeFileSync } from 'node:fs';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { join } from 'node:path';
import { eventually } from './http-fixture.js';
import { freshTempDir } from './isolated-env.js';

/** The jobs of catalogue/example.json, in order. */
export const BUNDLED_JOB_NAMES = [
  'countdown',
  'simulate-build',
  'simulate-deploy',
  'write-file',
  'list-files',
  'search-text',
  'checksum',
];

/** A fresh directory for one test's catalogue, sandbox and workspaces. */
export function freshDirectory(prefix = 'task-mcp-jobs-'): string {
  return freshTempDir(prefix);
}

/**
 * Writes a catalogue with `jobs` into a fresh directory, with its sandbox and workspaces beside
 * it, and returns the file's path. `prepare` may first put files (scripts) in that directory.
 */
export function writeCatalogue(
  jobs: unknown[],
  extra: Record<string, unknown> = {},
  prepare: (dir: string) => void = () => undefined,
): string {
  const dir = freshDirectory();
  prepare(dir);
  const file = join(dir, 'jobs.json');
  writeFileSync(
    file,
    JSON.stringify({ sandbox: 'sandbox', workspaces: 'workspaces', ...extra, jobs }, null, 2),
  );
  return file;
}

/** A node script for a catalogue job: prints its pid, then idles; with the argument `true` it ignores SIGTERM. */
export const IDLE_SCRIPT =
  "if (process.argv[1] === 'true') process.on('SIGTERM', () => console.log('ignoring SIGTERM')); console.log('pid', process.pid); setInterval(() => {}, 1000);";

/**
 * Waits until a job's progress message shows the line its script prints once it is set up
 * (`pid N`), and returns that pid. The runner's own "Started (pid N)" comes earlier, before the
 * script has installed its signal handlers.
 */
export async function pidOfJob(client: Client, taskId: string, timeoutMs = 5000): Promise<number> {
  let pid = 0;
  await eventually(async () => {
    const message = (await client.experimental.tasks.getTask(taskId)).statusMessage ?? '';
    pid = Number(/last: pid (\d+)/.exec(message)?.[1] ?? 0);
    return pid > 0;
  }, timeoutMs);
  return pid;
}
