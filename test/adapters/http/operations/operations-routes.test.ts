import { BearerAuth } from '../../../../src/adapters/http/bearer/bearer-auth.js';
import { HttpError } from '../../../../src/adapters/http/http-error.js';
import {
  healthRoute,
  metricsRoute,
  notFoundRoute,
  readyRoute,
  resourceMetadataRoutes,
} from '../../../../src/adapters/http/operations/operations-routes.js';
import type {
  OperationsPages,
  ReadinessReport,
} from '../../../../src/adapters/http/operations/operations-pages.js';
import type { Route } from '../../../../src/adapters/http/routes.js';
import { LoopbackServer, sendRequest, type ClientAnswer } from '../../../support/loopback-http.js';
import { testContainer } from '../../../support/test-container.js';

const METRICS = { contentType: 'text/plain; version=0.0.4; charset=utf-8', text: 'up 1\n' };

function pages(report: ReadinessReport): OperationsPages {
  return { readiness: async () => report, metrics: async () => METRICS };
}

const READY = pages({ ready: true, checks: { store: 'ok', keys: 'ok' } });

let server: LoopbackServer;

beforeAll(async () => {
  server = await LoopbackServer.start();
});

afterAll(() => server.close());

/** Serves one real request with `route`: what the client got, or what the handler threw. */
async function serve(
  route: Route,
  headers: Record<string, string> = {},
): Promise<ClientAnswer | HttpError> {
  const served = server.nextRequest();
  const answer = sendRequest(server.url, { path: route.path, headers });
  const { req, res } = await served;
  try {
    await route.handle({ req, res, path: route.path, spent: 0 });
  } catch (error) {
    res.end();
    await answer;
    return error as HttpError;
  }
  return answer;
}

async function answered(route: Route, headers: Record<string, string> = {}) {
  const outcome = await serve(route, headers);
  if (outcome instanceof HttpError) throw outcome;
  return outcome;
}

describe('healthRoute', () => {
  it('answers GET /health with ok, uncharged, for whoever the operator lets in', async () => {
    const route = healthRoute();
    expect(route).toMatchObject({
      path: '/health',
      methods: ['GET'],
      auth: 'oauth',
      rateExempt: true,
      spendsRequest: false,
    });
    const answer = await answered(route);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ status: 'ok' });
  });
});

describe('readyRoute', () => {
  it('answers 200 with every check when ready', async () => {
    const route = readyRoute(READY);
    expect(route).toMatchObject({ path: '/ready', methods: ['GET'], rateExempt: true });
    const answer = await answered(route);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({
      status: 'ready',
      checks: { store: 'ok', keys: 'ok' },
    });
  });

  it('answers 503 naming the failing check when not', async () => {
    const answer = await answered(
      readyRoute(pages({ ready: false, checks: { store: 'ok', keys: 'unreachable' } })),
    );
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toEqual({
      status: 'not ready',
      checks: { store: 'ok', keys: 'unreachable' },
    });
  });
});

describe('metricsRoute', () => {
  it('checks its own token, never an OAuth one, and is not charged', () => {
    expect(metricsRoute(READY, undefined)).toMatchObject({
      path: '/metrics',
      methods: ['GET'],
      auth: 'own',
      rateExempt: true,
      spendsRequest: false,
    });
  });

  it('serves the page in its own content type to a loopback client without a token set', async () => {
    const answer = await answered(metricsRoute(READY, undefined));
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe(METRICS.contentType);
    expect(answer.body).toBe(METRICS.text);
  });

  it('wants the metrics token once one is set', async () => {
    const route = metricsRoute(READY, 'scrape-secret');
    const refused = await serve(route);
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBe(401);
    const answer = await answered(route, { authorization: 'Bearer scrape-secret' });
    expect(answer.body).toBe(METRICS.text);
  });
});

describe('resourceMetadataRoutes', () => {
  it('serves nothing in anonymous mode', () => {
    const { container } = testContainer({});
    expect(resourceMetadataRoutes(container.get(BearerAuth))).toEqual([]);
  });

  it('serves the metadata document at each of its paths, readable from any origin', async () => {
    const { container } = testContainer({
      TASK_MCP_AUTH_ISSUER: 'https://issuer.example.test',
      TASK_MCP_AUTH_AUDIENCE: 'https://mcp.example.test/mcp',
    });
    const bearer = container.get(BearerAuth);
    const routes = resourceMetadataRoutes(bearer);
    expect(routes.map((route) => route.path).sort()).toEqual([...bearer.metadata!.paths].sort());
    for (const route of routes) {
      expect(route).toMatchObject({
        methods: ['GET'],
        auth: 'oauth',
        rateExempt: false,
        spendsRequest: false,
      });
      const answer = await answered(route);
      expect(answer.status).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBe('*');
      expect(JSON.parse(answer.body)).toEqual(bearer.metadata!.document);
    }
  });
});

describe('notFoundRoute', () => {
  it('takes any method, and answers 404 naming the MCP endpoint', async () => {
    const route = notFoundRoute('/mcp');
    expect(route).toMatchObject({ methods: [], auth: 'oauth', rateExempt: false });
    const refused = await serve(route);
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).refusal).toBe('NOT_FOUND');
    expect((refused as HttpError).status).toBe(404);
    expect((refused as HttpError).message).toBe('Not found: the MCP endpoint is /mcp');
  });
});
