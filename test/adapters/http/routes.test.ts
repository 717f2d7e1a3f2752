import type { Container } from 'inversify';
import { sendJson } from '../../../src/adapters/http/http-writer.js';
import { ROUTES, type Route, type RouteCall } from '../../../src/adapters/http/routes.js';
import { RATE_LIMITER } from '../../../src/application/ports/rate-limiter.js';
import { startHttpFixture, type HttpFixture } from '../../support/http-fixture.js';
import { sendRequest } from '../../support/loopback-http.js';
import { ScriptedRateLimiter } from '../../support/scripted-rate-limiter.js';
import { anOwner } from '../../support/task-mother.js';

/** A route that answers with what it was called with, and keeps the call. */
function echoRoute(path: string, calls: RouteCall[], overrides: Partial<Route> = {}): Route {
  return {
    path,
    methods: [],
    auth: 'oauth',
    rateExempt: false,
    spendsRequest: false,
    handle: async (call) => {
      calls.push(call);
      sendJson(call.res, 200, { method: call.req.method, path: call.path, spent: call.spent });
    },
    ...overrides,
  };
}

describe('routes bound under ROUTES', () => {
  const calls: RouteCall[] = [];
  const limiter = new ScriptedRateLimiter();
  let fixture: HttpFixture;

  beforeAll(async () => {
    fixture = await startHttpFixture({
      ownersByHeader: true,
      configure: (container: Container) => {
        container.rebind(RATE_LIMITER).toConstantValue(limiter);
        container
          .bind(ROUTES)
          .toConstantValue([
            echoRoute('/test/open', calls),
            echoRoute('/test/paying', calls, { spendsRequest: true }),
          ]);
        container
          .bind(ROUTES)
          .toConstantValue([echoRoute('/test/own', calls, { auth: 'own', methods: ['GET'] })]);
        // A binding may serve no path at all.
        container.bind(ROUTES).toConstantValue([]);
      },
    });
  });

  afterAll(() => fixture.close());

  beforeEach(() => {
    calls.length = 0;
    limiter.reset();
  });

  const send = (path: string, owner?: string, method = 'GET') =>
    sendRequest(fixture.url, {
      path,
      method,
      headers: owner === undefined ? {} : { 'x-test-owner': owner },
    });

  it('are served beside the built-in ones, each list adding its paths', async () => {
    for (const path of ['/test/open', '/test/paying', '/test/own', '/health']) {
      expect([path, (await send(path, 'alice')).status]).toEqual([path, 200]);
    }
    expect(calls.map((call) => call.path)).toEqual(['/test/open', '/test/paying', '/test/own']);
  });

  it('hand the handler the request, the path without its query, and who calls', async () => {
    const answer = await send('/test/open?page=2', 'alice', 'PATCH');
    expect(JSON.parse(answer.body)).toEqual({ method: 'PATCH', path: '/test/open', spent: 0 });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.req.url).toBe('/test/open?page=2');
    expect(calls[0]!.principal?.owner).toBe(anOwner('alice'));
  });

  it('tell the handler a request was paid for only on a route that spends one', async () => {
    expect(JSON.parse((await send('/test/paying', 'bob')).body).spent).toBe(1);
    expect(limiter.of('requests')).toEqual([{ key: calls[0]!.principal!.owner, points: 1 }]);
    limiter.reset();
    expect(JSON.parse((await send('/test/open', 'bob')).body).spent).toBe(0);
    expect(limiter.of('requests')).toEqual([]);
  });

  it('are not called without a caller when they use OAuth', async () => {
    expect((await send('/test/open')).status).toBe(401);
    expect(calls).toEqual([]);
  });

  it('check their own credentials when they say so: no principal is made for them', async () => {
    const answer = await send('/test/own');
    expect(answer.status).toBe(200);
    expect(calls[0]!.principal).toBeUndefined();
    expect(calls[0]!.spent).toBe(0);
  });

  it('take only the methods they list, any when they list none', async () => {
    expect((await send('/test/own', undefined, 'POST')).status).toBe(405);
    expect((await send('/test/open', 'alice', 'DELETE')).status).toBe(200);
  });
});
