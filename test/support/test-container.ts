import 'reflect-metadata';
import type { Container } from 'inversify';
import { CLOCK } from '../../src/application/ports/clock.js';
import { LOGGER, type Logger } from '../../src/application/ports/logger.js';
import { TASK_TOOL, type TaskTool } from '../../src/application/ports/task-tool.js';
import { buildContainer } from '../../src/composition/container.js';
import { loadConfig } from '../../src/composition/config/load-config.js';
import { FakeClock } from './fake-clock.js';
import { isolatedSettings } from './isolated-env.js';

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export interface TestWorld {
  readonly container: Container;
  readonly clock: FakeClock;
}

/** The real container, with a fake clock, a silent logger and any extra tools bound. */
export function testContainer(env: Record<string, string> = {}, tools: TaskTool[] = []): TestWorld {
  const container = buildContainer(loadConfig(isolatedSettings(env)));
  const clock = new FakeClock();
  container.rebind(CLOCK).toConstantValue(clock);
  container.rebind(LOGGER).toConstantValue(silentLogger);
  for (const tool of tools) container.bind(TASK_TOOL).toConstantValue(tool);
  return { container, clock };
}
