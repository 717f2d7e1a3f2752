import type { Container } from 'inversify';
import { messageOf } from '../../application/shared/errors.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { buildContainer } from '../container.js';
import {
  authLine,
  catalogueLine,
  describeServer,
  transportLine,
  type ServerDescription,
} from '../describe-server.js';
import { packageInfo } from '../package-info.js';
import { serve } from '../serve.js';
import { STORE_RUNTIME, type StoreRuntime } from '../../application/ports/store-runtime.js';
import {} from '../tokens.js';
import { parseCommandLine, UsageError } from './command-line.js';
import { helpText } from './help-text.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The `task-mcp` command: resolves with the process's exit code. Usage and configuration errors
 * are one line on stderr and exit 2; a server that fails to start says why in one line, exit 1.
 */
export async function runCommandLine(argv: readonly string[], env: Env): Promise<number> {
  try {
    const command = parseCommandLine(argv);
    if (command === 'help') {
      process.stdout.write(helpText(packageInfo().version));
      return 0;
    }
    if (command === 'version') {
      process.stdout.write(`${packageInfo().version}\n`);
      return 0;
    }
    const container = buildContainer(loadConfig(env), env);
    if (command === 'check') {
      process.stdout.write(checkReport(describeServer(container)));
      return 0;
    }
    if (command === 'migrate') return await migrate(container);
    return await serve(container);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`task-mcp: ${error.message}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      console.error(`task-mcp: configuration error: ${error.message}`);
      return 2;
    }
    console.error(`task-mcp: failed to start: ${messageOf(error)}`);
    return 1;
  }
}

/** `task-mcp migrate`: applies the pending migrations to the configured database and exits. */
async function migrate(container: Container): Promise<number> {
  const store = container.get<StoreRuntime>(STORE_RUNTIME);
  if (!store.migrate) {
    throw new UsageError('migrate needs the postgres store: set TASK_MCP_STORE=postgres');
  }
  try {
    const applied = await store.migrate();
    process.stdout.write(
      applied.length === 0
        ? `task-mcp: the database is up to date (${store.description})\n`
        : `task-mcp: applied ${applied.join(', ')} (${store.description})\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

function checkReport(description: ServerDescription): string {
  return [
    `task-mcp ${description.version}: the configuration and the catalogue are valid`,
    `  auth:      ${authLine(description)}`,
    `  transport: ${transportLine(description)}`,
    `  store:     ${description.store}`,
    `  catalogue: ${catalogueLine(description)}`,
    `  tools:     ${description.tools.join(', ')}`,
    '',
  ].join('\n');
}
