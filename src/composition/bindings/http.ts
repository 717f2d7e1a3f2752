import type { Container, Newable } from 'inversify';
import { isLoopbackHost } from '../../adapters/net/loopback-host.js';
import {
  BEARER_AUTH_SETTINGS,
  BearerAuth,
  type BearerAuthSettings,
} from '../../adapters/http/bearer/bearer-auth.js';
import {
  FALLBACK_ROUTE,
  HTTP_SERVER_SETTINGS,
  HttpServer,
  type HttpServerSettings,
} from '../../adapters/http/http-server.js';
import {
  healthRoute,
  metricsRoute,
  notFoundRoute,
  readyRoute,
  resourceMetadataRoutes,
} from '../../adapters/http/operations/operations-routes.js';
import { ROUTES } from '../../adapters/http/routes.js';
import { MCP_PATH, mcpRoute } from '../../adapters/http/streamable/mcp-route.js';
import { Post2026 } from '../../adapters/http/streamable/post-2026.js';
import { PostAdmission } from '../../adapters/http/streamable/post-admission.js';
import { SessionRegistry } from '../../adapters/http/streamable/session-registry.js';
import { SESSION_LIMITS, SessionSlots } from '../../adapters/http/streamable/session-slots.js';
import {
  STREAMABLE_SETTINGS,
  StreamableEndpoint,
} from '../../adapters/http/streamable/streamable-endpoint.js';
import type { Config } from '../config/load-config.js';
import { readTlsFiles } from '../config/tls-files.js';
import { ServerOperations } from '../server-operations.js';
import { FRONT_DOOR } from '../tokens.js';
import { protectedResourceFrom } from './auth.js';

/** Streamable HTTP: the route table, the MCP endpoint (sessions or stateless), the OAuth gate. */
export function bindHttp(container: Container, config: Config): void {
  const tls = readTlsFiles(config);
  const resource = protectedResourceFrom(config);
  const server: HttpServerSettings = {
    host: config.TASK_MCP_HOST,
    port: config.TASK_MCP_PORT,
    mcpPath: MCP_PATH,
    loopbackOnly: isLoopbackHost(config.TASK_MCP_HOST),
    requestTimeoutMs: config.TASK_MCP_REQUEST_TIMEOUT_MS,
    trustProxy: config.TASK_MCP_TRUST_PROXY,
    // Only the audit log reads the request context.
    carryRequestContext: config.TASK_MCP_AUDIT_LOG !== undefined,
    ...(tls ? { tls } : {}),
  };
  const bearer: BearerAuthSettings = {
    ...(resource ? { resource } : {}),
    exemptPaths: config.TASK_MCP_AUTH_EXEMPT_PATHS,
    mcpPath: MCP_PATH,
  };
  container.bind(HTTP_SERVER_SETTINGS).toConstantValue(server);
  container.bind(BEARER_AUTH_SETTINGS).toConstantValue(bearer);
  container.bind(STREAMABLE_SETTINGS).toConstantValue({
    mode: config.TASK_MCP_HTTP_MODE,
    maxBodyBytes: config.TASK_MCP_MAX_BODY_BYTES,
  });
  container.bind(SESSION_LIMITS).toConstantValue({
    maxSessions: config.TASK_MCP_MAX_SESSIONS,
    maxSessionsPerOwner: config.TASK_MCP_MAX_SESSIONS_PER_OWNER,
  });
  const parts: Newable[] = [
    HttpServer,
    BearerAuth,
    StreamableEndpoint,
    SessionRegistry,
    PostAdmission,
    Post2026,
    SessionSlots,
    ServerOperations,
  ];
  for (const part of parts) container.bind(part).toSelf();

  container
    .bind(ROUTES)
    .toDynamicValue((context) => [
      mcpRoute(context.get(StreamableEndpoint), MCP_PATH, config.TASK_MCP_HTTP_MODE),
    ]);
  container.bind(ROUTES).toDynamicValue((context) => {
    const pages = context.get(ServerOperations);
    return [healthRoute(), readyRoute(pages), metricsRoute(pages, config.TASK_MCP_METRICS_TOKEN)];
  });
  container
    .bind(ROUTES)
    .toDynamicValue((context) => resourceMetadataRoutes(context.get(BearerAuth)));
  container.bind(FALLBACK_ROUTE).toConstantValue(notFoundRoute(MCP_PATH));
  container.bind(FRONT_DOOR).toService(HttpServer);
}
