// One temporary root for the whole run: every directory a test makes goes below it, and
// global-teardown.mjs removes it, so a run leaves nothing behind in the shared temp directory.
// Jest starts its workers after this runs, so they inherit the variable.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function globalSetup() {
  process.env.TASK_MCP_SUITE_TMP = mkdtempSync(join(tmpdir(), 'task-mcp-suite-'));
}
