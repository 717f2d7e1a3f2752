import { rmSync } from 'node:fs';

export default function globalTeardown() {
  const root = process.env.TASK_MCP_SUITE_TMP;
  if (root) rmSync(root, { recursive: true, force: true });
}
