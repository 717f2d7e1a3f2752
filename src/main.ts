#!/usr/bin/env node
import 'reflect-metadata';
import { messageOf } from './application/errors.js';
import { buildContainer } from './container.js';
import { ConfigError, loadConfig } from './config.js';
import { startServer } from './server.js';

/** Composition root: config from the environment, the container, the transport, signals. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const server = await startServer(buildContainer(config), config);
  if (server.url) console.error(`task-mcp listening on ${server.url.href}`);
  else console.error('task-mcp serving MCP on stdio');
  const stop = (): void => {
    void server.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await server.closed;
  process.exit(0);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`task-mcp: configuration error: ${error.message}`);
    process.exit(2);
  }
  console.error(`task-mcp: failed to start: ${messageOf(error)}`);
  process.exit(1);
});
