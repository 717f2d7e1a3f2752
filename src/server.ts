import type { Container } from 'inversify';
import { IDENTITY_PROVIDER, type IdentityProvider } from './application/ports/identity-provider.js';
import { LOGGER, type Logger } from './application/ports/logger.js';
import { TaskRunner } from './application/task-runner.js';
import { CleanupExpired } from './application/use-cases/cleanup-expired.js';
import { isLoopbackHost } from './adapters/net/loopback-host.js';
import { McpHttpEndpoint } from './adapters/http/mcp-http-endpoint.js';
import { HttpAuth } from './adapters/http/http-auth.js';
import { MCP_PATH, McpHttpServer } from './adapters/http/mcp-http-server.js';
import { McpServerFactory } from './adapters/mcp/mcp-server-factory.js';
import { StdioMcpServer } from './adapters/stdio/stdio-mcp-server.js';
import { AccessPolicy } from './application/access-policy.js';
import { ConfigError, type Config } from './config.js';
import { protectedResourceFrom } from './container-auth.js';
import { JOBS_SUMMARY, type JobsSummary } from './container-jobs.js';

export interface RunningServer {
  /** The MCP endpoint, for the HTTP transport. */
  readonly url?: URL;
  /** Resolves when the server has stopped (close() called, or stdin ended on stdio). */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the transport the config names, plus the sweeper that removes expired tasks (the store
 * has no timers of its own) and closes idle HTTP sessions.
 */
export async function startServer(container: Container, config: Config): Promise<RunningServer> {
  const logger = container.get<Logger>(LOGGER);
  const identity = container.get<IdentityProvider>(IDENTITY_PROVIDER);
  const factory = container.get(McpServerFactory);
  const runner = container.get(TaskRunner);
  const cleanup = container.get(CleanupExpired);
  if (container.isBound(JOBS_SUMMARY)) {
    const jobs = container.get<JobsSummary>(JOBS_SUMMARY);
    logger.info('job catalogue loaded', { ...jobs, jobs: jobs.jobs.join(' ') });
  }

  let stopTransport: () => Promise<void>;
  let endpoint: McpHttpEndpoint | undefined;
  let url: URL | undefined;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  let closing: Promise<void> | undefined;

  const close = (): Promise<void> =>
    (closing ??= (async () => {
      clearInterval(sweeper);
      const counters = identity.stats?.();
      if (counters) logger.info('authentication counters at shutdown', counters);
      await stopTransport();
      await runner.shutdown();
      resolveClosed();
    })());

  if (config.TASK_MCP_TRANSPORT === 'stdio') {
    const stdio = new StdioMcpServer(factory, identity);
    stopTransport = () => stdio.close();
    await stdio.start(() => void close());
  } else {
    if (
      identity.anonymous &&
      !isLoopbackHost(config.TASK_MCP_HOST) &&
      !config.TASK_MCP_ALLOW_REMOTE_ANONYMOUS
    ) {
      throw new ConfigError(
        `TASK_MCP_HOST: ${config.TASK_MCP_HOST} is not loopback, and without authentication every caller would share one owner; bind 127.0.0.1 or set TASK_MCP_ALLOW_REMOTE_ANONYMOUS=true`,
      );
    }
    const httpEndpoint = new McpHttpEndpoint(config.TASK_MCP_HTTP_MODE, factory, logger);
    const resource = protectedResourceFrom(config);
    const auth = new HttpAuth(identity, container.get(AccessPolicy), logger, {
      ...(resource ? { resource } : {}),
      exemptPaths: config.TASK_MCP_AUTH_EXEMPT_PATHS,
      mcpPath: MCP_PATH,
    });
    const http = new McpHttpServer(
      {
        host: config.TASK_MCP_HOST,
        port: config.TASK_MCP_PORT,
        maxBodyBytes: config.TASK_MCP_MAX_BODY_BYTES,
        loopbackOnly: isLoopbackHost(config.TASK_MCP_HOST),
      },
      httpEndpoint,
      auth,
      logger,
    );
    endpoint = httpEndpoint;
    url = await http.listen();
    stopTransport = () => http.close();
  }

  const sweeper = setInterval(() => {
    const counters = identity.stats?.();
    if (counters) logger.debug('authentication counters', counters);
    cleanup
      .run()
      .catch((error: unknown) => logger.error('cleanup failed', { error: String(error) }));
    endpoint
      ?.closeIdleSessions(config.TASK_MCP_SESSION_IDLE_MS)
      .catch((error: unknown) =>
        logger.error('closing idle sessions failed', { error: String(error) }),
      );
  }, config.TASK_MCP_CLEANUP_INTERVAL_MS);
  sweeper.unref();

  return url ? { url, closed, close } : { closed, close };
}
