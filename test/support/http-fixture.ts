import 'reflect-metadata';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { Container } from 'inversify';
import { CLOCK, type Clock } from '../../src/application/ports/clock.js';
import { IDENTITY_PROVIDER } from '../../src/application/ports/identity-provider.js';
import { LOGGER, type Logger } from '../../src/application/ports/logger.js';
import { TASK_TOOL, type TaskTool } from '../../src/application/ports/task-tool.js';
import { buildContainer } from '../../src/composition/container.js';
import { loadConfig } from '../../src/composition/config/load-config.js';
import { ServerLifecycle } from '../../src/composition/server-lifecycle.js';
import { HeaderIdentityProvider } from './header-identity-provider.js';
import { isolatedSettings } from './isolated-env.js';
import { silentLogger } from './test-container.js';

export interface HttpFixture {
  readonly url: URL;
  readonly container: Container;
  readonly server: ServerLifecycle;
  connect(owner?: string, capabilities?: ClientCapabilities): Promise<Client>;
  close(): Promise<void>;
}

/**
 * The real server on 127.0.0.1 with a free port, started in-process from the real container so a
 * test can look inside it (the runner) and swap single bindings (identity, extra tools).
 */
export async function startHttpFixture(
  options: {
    env?: Record<string, string>;
    ownersByHeader?: boolean;
    tools?: TaskTool[];
    logger?: Logger;
    clock?: Clock;
    /** Rebinds or adds bindings once the options above are applied, before anything is built. */
    configure?: (container: Container) => void;
  } = {},
): Promise<HttpFixture> {
  const config = loadConfig(isolatedSettings({ TASK_MCP_PORT: '0', ...options.env }));
  const container = buildContainer(config);
  container.rebind(LOGGER).toConstantValue(options.logger ?? silentLogger);
  if (options.clock) container.rebind(CLOCK).toConstantValue(options.clock);
  if (options.ownersByHeader)
    container.rebind(IDENTITY_PROVIDER).toConstantValue(new HeaderIdentityProvider());
  for (const tool of options.tools ?? []) container.bind(TASK_TOOL).toConstantValue(tool);
  options.configure?.(container);
  const server = container.get(ServerLifecycle);
  const url = (await server.start())!;
  const clients: Client[] = [];
  return {
    url,
    container,
    server,
    async connect(owner?: string, capabilities?: ClientCapabilities) {
      const client = new Client(
        { name: 'e2e', version: '1.0.0' },
        capabilities ? { capabilities } : undefined,
      );
      const headers: Record<string, string> = owner ? { 'x-test-owner': owner } : {};
      await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.allSettled(clients.map((client) => client.close()));
      await server.stop();
    },
  };
}

/** Polls `check` until it returns true, failing after `timeoutMs`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
