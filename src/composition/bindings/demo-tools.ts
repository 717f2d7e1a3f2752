import type { Container } from 'inversify';
import { TASK_TOOL } from '../../application/ports/task-tool.js';
import { GuessNumberTool } from '../../adapters/tools/guess-number-tool.js';
import { PrimesTool } from '../../adapters/tools/primes-tool.js';
import { WaitTool } from '../../adapters/tools/wait-tool.js';
import type { Config } from '../config/load-config.js';

/** The demo tools' names, which a catalogue job may not take while they are on. */
export const DEMO_TOOL_NAMES: readonly string[] = ['count_primes', 'wait', 'guess_number'];

/** TASK_MCP_DEMO_TOOLS, which defaults to on only with the bundled catalogue. */
export function demoToolsOn(config: Config): boolean {
  return config.TASK_MCP_DEMO_TOOLS ?? config.TASK_MCP_JOBS === undefined;
}

/** The demo tools (count_primes, wait, guess_number), when they are on. */
export function bindDemoTools(container: Container, config: Config): void {
  if (!demoToolsOn(config)) return;
  container.bind(TASK_TOOL).to(PrimesTool);
  container.bind(TASK_TOOL).to(WaitTool);
  container.bind(TASK_TOOL).to(GuessNumberTool);
}
