import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The jobs of catalogue/example.json, in order. */
export const BUNDLED_JOB_NAMES = [
  'countdown',
  'simulate-build',
  'write-file',
  'list-files',
  'search-text',
  'checksum',
];

/** A fresh directory for one test's catalogue, sandbox and workspaces. */
export function freshDirectory(prefix = 'task-mcp-jobs-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
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
