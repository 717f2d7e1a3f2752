import type { Newable } from 'inversify';
import { BEARER_AUTH_SETTINGS, BearerAuth } from '../../../src/adapters/http/bearer/bearer-auth.js';
import {
  FALLBACK_ROUTE,
  HTTP_SERVER_SETTINGS,
  HttpServer,
} from '../../../src/adapters/http/http-server.js';
import { ROUTES, type Route } from '../../../src/adapters/http/routes.js';
import { SessionRegistry } from '../../../src/adapters/http/streamable/session-registry.js';
import {
  SESSION_LIMITS,
  SessionSlots,
} from '../../../src/adapters/http/streamable/session-slots.js';
import {
  STREAMABLE_SETTINGS,
  StreamableEndpoint,
} from '../../../src/adapters/http/streamable/streamable-endpoint.js';
import { StdioServer } from '../../../src/adapters/stdio/stdio-server.js';
import { buildContainer } from '../../../src/composition/container.js';
import { loadConfig } from '../../../src/composition/config/load-config.js';
import { ServerLifecycle } from '../../../src/composition/server-lifecycle.js';
import { ServerOperations } from '../../../src/composition/server-operations.js';
import { FRONT_DOOR } from '../../../src/composition/tokens.js';
import { freshTempDir, isolatedProcessEnv, isolatedSettings } from '../../support/isolated-env.js';

const OAUTH = {
  TASK_MCP_AUTH_ISSUER: 'https://issuer.example.test',
  TASK_MCP_AUTH_AUDIENCE: 'https://mcp.example.test/mcp',
};
const METADATA_PATHS = [
  '/.well-known/oauth-protected-resource',
  '/.well-known/oauth-protected-resource/mcp',
];

const build = (settings: Record<string, string> = {}) =>
  buildContainer(loadConfig(isolatedSettings(settings)), isolatedProcessEnv());

function routesOf(settings: Record<string, string> = {}): Map<string, Route> {
  const routes = build(settings).getAll<Route[]>(ROUTES).flat();
  return new Map(routes.map((route) => [route.path, route]));
}

describe('the http binding', () => {
  it('makes the HTTP server the front door, and no stdio one', () => {
    const container = build();
    const server = container.get(HttpServer);
    expect(container.get(FRONT_DOOR)).toBe(server);
    expect(container.get(ServerLifecycle)).toBeInstanceOf(ServerLifecycle);
    expect(container.isBound(StdioServer)).toBe(false);
  });

  it('serves /mcp, /health, /ready and /metrics, and 404 for the rest', () => {
    const routes = routesOf();
    expect([...routes.keys()].sort()).toEqual(['/health', '/mcp', '/metrics', '/ready']);
    expect(routes.get('/mcp')).toMatchObject({ methods: ['GET', 'POST', 'DELETE'] });
    expect(routes.get('/metrics')).toMatchObject({ auth: 'own' });
    expect(build().get(BEARER_AUTH_SETTINGS)).not.toHaveProperty('resource');
    const fallback = build().get<Route>(FALLBACK_ROUTE);
    expect(fallback).toMatchObject({ methods: [], auth: 'oauth', rateExempt: false });
  });

  it('adds the protected resource metadata routes with OAuth', () => {
    const routes = routesOf(OAUTH);
    expect([...routes.keys()].sort()).toEqual(
      ['/health', '/mcp', '/metrics', '/ready', ...METADATA_PATHS].sort(),
    );
    expect(build(OAUTH).get(BEARER_AUTH_SETTINGS)).toMatchObject({
      resource: { issuer: OAUTH.TASK_MCP_AUTH_ISSUER, audience: OAUTH.TASK_MCP_AUTH_AUDIENCE },
      mcpPath: '/mcp',
    });
  });

  it('serves POST alone at /mcp when stateless', () => {
    const container = build({ TASK_MCP_HTTP_MODE: 'stateless' });
    const mcp = container
      .getAll<Route[]>(ROUTES)
      .flat()
      .find((route) => route.path === '/mcp');
    expect(mcp?.methods).toEqual(['POST']);
    expect(container.get(STREAMABLE_SETTINGS)).toMatchObject({ mode: 'stateless' });
  });

  it('binds the server settings from the configuration', () => {
    expect(build().get(HTTP_SERVER_SETTINGS)).toEqual({
      host: '127.0.0.1',
      port: 3000,
      mcpPath: '/mcp',
      loopbackOnly: true,
      requestTimeoutMs: 30000,
      trustProxy: false,
      carryRequestContext: false,
    });
    const audited = build({
      ...OAUTH,
      TASK_MCP_HOST: '0.0.0.0',
      TASK_MCP_PORT: '8080',
      TASK_MCP_REQUEST_TIMEOUT_MS: '5000',
      TASK_MCP_TRUST_PROXY: 'true',
      TASK_MCP_AUDIT_LOG: `${freshTempDir('audit-')}/audit.log`,
    }).get(HTTP_SERVER_SETTINGS);
    expect(audited).toEqual({
      host: '0.0.0.0',
      port: 8080,
      mcpPath: '/mcp',
      loopbackOnly: false,
      requestTimeoutMs: 5000,
      trustProxy: true,
      carryRequestContext: true,
    });
  });

  it('binds the endpoint, session and gate settings from the configuration', () => {
    const container = build({
      ...OAUTH,
      TASK_MCP_MAX_BODY_BYTES: '65536',
      TASK_MCP_MAX_SESSIONS: '12',
      TASK_MCP_MAX_SESSIONS_PER_OWNER: '3',
      TASK_MCP_AUTH_EXEMPT_PATHS: '/health',
    });
    expect(container.get(STREAMABLE_SETTINGS)).toEqual({ mode: 'session', maxBodyBytes: 65536 });
    expect(container.get(SESSION_LIMITS)).toEqual({ maxSessions: 12, maxSessionsPerOwner: 3 });
    expect(container.get(BEARER_AUTH_SETTINGS)).toEqual({
      resource: { issuer: OAUTH.TASK_MCP_AUTH_ISSUER, audience: OAUTH.TASK_MCP_AUTH_AUDIENCE },
      exemptPaths: ['/health'],
      mcpPath: '/mcp',
    });
  });

  it('makes every part of the HTTP front door, once, with nothing built by hand', () => {
    const container = build(OAUTH);
    const parts: Newable[] = [
      HttpServer,
      BearerAuth,
      StreamableEndpoint,
      SessionRegistry,
      SessionSlots,
      ServerOperations,
    ];
    for (const part of parts) {
      const made = container.get(part);
      expect(made).toBeInstanceOf(part);
      expect(container.get(part)).toBe(made);
    }
  });
});
