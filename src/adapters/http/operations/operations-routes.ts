import type { BearerAuth } from '../bearer/bearer-auth.js';
import { HttpError } from '../http-error.js';
import { sendJson, sendText } from '../http-writer.js';
import type { Route } from '../routes.js';
import { assertMayScrape } from './metrics-guard.js';
import type { OperationsPages } from './operations-pages.js';

/** /health: the process answers. */
export function healthRoute(): Route {
  return {
    path: '/health',
    methods: ['GET'],
    auth: 'oauth',
    rateExempt: true,
    spendsRequest: false,
    handle: ({ res }) => {
      sendJson(res, 200, { status: 'ok' });
      return Promise.resolve();
    },
  };
}

/** /ready: the store, the catalogue and the key set are usable (503 naming the failing check). */
export function readyRoute(pages: OperationsPages): Route {
  return {
    path: '/ready',
    methods: ['GET'],
    auth: 'oauth',
    rateExempt: true,
    spendsRequest: false,
    handle: async ({ res }) => {
      const { ready, checks } = await pages.readiness();
      sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
    },
  };
}

/** /metrics: scraped with a token of its own (or from loopback), never an OAuth one. */
export function metricsRoute(pages: OperationsPages, metricsToken: string | undefined): Route {
  return {
    path: '/metrics',
    methods: ['GET'],
    auth: 'own',
    rateExempt: true,
    spendsRequest: false,
    handle: async ({ req, res }) => {
      assertMayScrape(req, metricsToken);
      const page = await pages.metrics();
      sendText(res, 200, page.text, { 'content-type': page.contentType });
    },
  };
}

/** The protected resource metadata (RFC 9728), at each path it is looked for; none anonymous. */
export function resourceMetadataRoutes(bearer: BearerAuth): Route[] {
  const metadata = bearer.metadata;
  if (!metadata) return [];
  return [...metadata.paths].map((path) => ({
    path,
    methods: ['GET'],
    auth: 'oauth',
    rateExempt: false,
    spendsRequest: false,
    handle: ({ res }) => {
      // Browser-based clients read this document cross-origin.
      sendJson(res, 200, metadata.document, { 'access-control-allow-origin': '*' });
      return Promise.resolve();
    },
  }));
}

/** Any other path: 404, after authentication, so that nothing is revealed without a token. */
export function notFoundRoute(mcpPath: string): Route {
  return {
    path: '*',
    methods: [],
    auth: 'oauth',
    rateExempt: false,
    spendsRequest: false,
    handle: () =>
      Promise.reject(new HttpError('NOT_FOUND', `Not found: the MCP endpoint is ${mcpPath}`)),
  };
}
