import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root directory. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The built `task-mcp` binary, as package.json names it. */
export const builtBin = join(repoRoot, 'dist', 'src', 'main.js');

/**
 * TASK_MCP_* settings for a server a test starts, with a state directory of the test's own, so
 * that no test ever writes into the user's real default state directory ($TMPDIR/task-mcp-<uid>).
 * Settings given win; giving TASK_MCP_STATE_DIR explicitly is allowed.
 */
export function isolatedSettings(settings: Record<string, string> = {}): Record<string, string> {
  return { TASK_MCP_STATE_DIR: freshStateDir(), ...settings };
}

/** The environment for a spawned task-mcp: PATH, the isolated settings, nothing else inherited. */
export function isolatedProcessEnv(settings: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', ...isolatedSettings(settings) };
}

export function freshStateDir(): string {
  return freshTempDir('state-');
}

/**
 * A new directory below the run's own temporary root (made by test/global-setup.mjs and removed
 * when the run ends); below the system's temp directory when a test runs without it.
 */
export function freshTempDir(prefix: string): string {
  return mkdtempSync(join(process.env.TASK_MCP_SUITE_TMP ?? tmpdir(), prefix));
}
