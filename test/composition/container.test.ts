import 'reflect-metadata';
import { CLOCK } from '../../src/application/ports/clock.js';
import { LOGGER } from '../../src/application/ports/logger.js';
import { TASK_STORE } from '../../src/application/ports/task-store.js';
import { TaskRunner } from '../../src/application/services/task-runner.js';
import { CreateTask } from '../../src/application/use-cases/create-task.js';
import { loadConfig } from '../../src/composition/config/load-config.js';
import { buildContainer } from '../../src/composition/container.js';
import { ServerLifecycle } from '../../src/composition/server-lifecycle.js';
import { Sweeper } from '../../src/composition/sweeper.js';
import { CONFIG } from '../../src/composition/tokens.js';
import { FakeClock } from '../support/fake-clock.js';
import { isolatedProcessEnv, isolatedSettings } from '../support/isolated-env.js';
import { aPrincipal } from '../support/task-mother.js';
import { silentLogger } from '../support/test-container.js';

const build = (settings: Record<string, string> = {}) =>
  buildContainer(loadConfig(isolatedSettings(settings)), isolatedProcessEnv());

describe('buildContainer', () => {
  it('holds the configuration it was built from', () => {
    const config = loadConfig(isolatedSettings({ TASK_MCP_PORT: '4100' }));
    expect(buildContainer(config, isolatedProcessEnv()).get(CONFIG)).toBe(config);
  });

  it('makes one of each object, shared by everything that uses it', () => {
    const container = build();
    expect(container.get(TASK_STORE)).toBe(container.get(TASK_STORE));
    expect(container.get(ServerLifecycle)).toBe(container.get(ServerLifecycle));
    expect(container.get(Sweeper)).toBe(container.get(Sweeper));
  });

  it('lets a token rebound before start-up reach every object built afterwards', async () => {
    const container = build({ TASK_MCP_DEMO_TOOLS: 'true' });
    const clock = new FakeClock(Date.UTC(2030, 0, 1));
    container.rebind(CLOCK).toConstantValue(clock);
    container.rebind(LOGGER).toConstantValue(silentLogger);
    const task = await container
      .get(CreateTask)
      .run(aPrincipal(), { toolName: 'wait', arguments: { durationMs: 0, steps: 1 } });
    expect(task.createdAt).toBe(Date.UTC(2030, 0, 1));
    await container.get(TaskRunner).shutdown();
  });
});
