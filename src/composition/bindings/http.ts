import type { Container } from 'inversify';
import { AUDIT_LOG, type AuditLog } from '../../application/ports/audit-log.js';
import { CLOCK, type Clock } from '../../application/ports/clock.js';
import {
  IDENTITY_PROVIDER,
  type IdentityProvider,
} from '../../application/ports/identity-provider.js';
import { LOGGER, type Logger } from '../../application/ports/logger.js';
import { AccessPolicy } from '../../application/policy/access-policy.js';
import { RateLimits } from '../../application/services/rate-limits.js';
import { HttpAuth } from '../../adapters/http/http-auth.js';
import { Mcp2026Endpoint } from '../../adapters/http/mcp-2026-endpoint.js';
import { McpHttpEndpoint } from '../../adapters/http/mcp-http-endpoint.js';
import { Mcp2026Handler } from '../../adapters/mcp/protocol-2026/mcp-2026-handler.js';
import { TaskMethods2026 } from '../../adapters/mcp/protocol-2026/task-methods-2026.js';
import { ToolCall2026 } from '../../adapters/mcp/protocol-2026/tool-call-2026.js';
import { MCP_PATH, McpHttpServer } from '../../adapters/http/mcp-http-server.js';
import { McpServerFactory } from '../../adapters/mcp/mcp-server-factory.js';
import { isLoopbackHost } from '../../adapters/net/loopback-host.js';
import type { Config } from '../config/load-config.js';
import { readTlsFiles } from '../config/tls-files.js';
import { ServerOperations } from '../server-operations.js';
import { FRONT_DOOR } from '../tokens.js';
import { protectedResourceFrom } from './auth.js';

/** Streamable HTTP: the endpoint (sessions or stateless), the auth gate and the HTTP server. */
export function bindHttp(container: Container, config: Config): void {
  const tls = readTlsFiles(config);
  container.bind(McpHttpEndpoint).toDynamicValue(
    (context) =>
      new McpHttpEndpoint(
        config.TASK_MCP_HTTP_MODE,
        context.get(McpServerFactory),
        context.get<Logger>(LOGGER),
        context.get<Clock>(CLOCK),
        {
          maxSessions: config.TASK_MCP_MAX_SESSIONS,
          maxSessionsPerOwner: config.TASK_MCP_MAX_SESSIONS_PER_OWNER,
        },
        context.get<AuditLog>(AUDIT_LOG),
        new Mcp2026Endpoint(context.get(Mcp2026Handler)),
      ),
  );
  container.bind(Mcp2026Handler).toSelf();
  container.bind(ToolCall2026).toSelf();
  container.bind(TaskMethods2026).toSelf();
  container.bind(HttpAuth).toDynamicValue((context) => {
    const resource = protectedResourceFrom(config);
    return new HttpAuth(
      context.get<IdentityProvider>(IDENTITY_PROVIDER),
      context.get(AccessPolicy),
      context.get<Logger>(LOGGER),
      context.get<AuditLog>(AUDIT_LOG),
      {
        ...(resource ? { resource } : {}),
        exemptPaths: config.TASK_MCP_AUTH_EXEMPT_PATHS,
        mcpPath: MCP_PATH,
      },
    );
  });
  container.bind(McpHttpServer).toDynamicValue(
    (context) =>
      new McpHttpServer(
        {
          host: config.TASK_MCP_HOST,
          port: config.TASK_MCP_PORT,
          maxBodyBytes: config.TASK_MCP_MAX_BODY_BYTES,
          loopbackOnly: isLoopbackHost(config.TASK_MCP_HOST),
          requestTimeoutMs: config.TASK_MCP_REQUEST_TIMEOUT_MS,
          trustProxy: config.TASK_MCP_TRUST_PROXY,
          // Only the audit log reads the request context.
          carryRequestContext: config.TASK_MCP_AUDIT_LOG !== undefined,
          ...(tls ? { tls } : {}),
          ...(config.TASK_MCP_METRICS_TOKEN === undefined
            ? {}
            : { metricsToken: config.TASK_MCP_METRICS_TOKEN }),
        },
        context.get(McpHttpEndpoint),
        context.get(HttpAuth),
        context.get(RateLimits),
        context.get(ServerOperations),
        context.get<Logger>(LOGGER),
      ),
  );
  container.bind(ServerOperations).toSelf();
  container.bind(FRONT_DOOR).toService(McpHttpServer);
}
