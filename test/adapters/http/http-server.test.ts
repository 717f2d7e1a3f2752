import type { Container } from 'inversify';
import { HttpServer } from '../../../src/adapters/http/http-server.js';
import { sendJson } from '../../../src/adapters/http/http-writer.js';
import { ROUTES, type Route } from '../../../src/adapters/http/routes.js';
import { RPC_CODES } from '../../../src/adapters/mcp/json-rpc/rpc-codes.js';
import {
  IDENTITY_PROVIDER,
  type Principal,
  type RequestCredentials,
} from '../../../src/application/ports/identity-provider.js';
import { RATE_LIMITER } from '../../../src/application/ports/rate-limiter.js';
import { RateLimitedError } from '../../../src/application/shared/errors.js';
import { flushAsync } from '../../support/fake-clock.js';
import { HeaderIdentityProvider } from '../../support/header-identity-provider.js';
import { startHttpFixture, type HttpFixture } from '../../support/http-fixture.js';
import {
  sendRequest,
  startRequest,
  type ClientAnswer,
  type RequestOptions,
} from '../../support/loopback-http.js';
import { rpcBody } from '../../support/rpc.js';
import { ScriptedRateLimiter } from '../../support/scripted-rate-limiter.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INITIALIZE = rpcBody('initialize', {
  protocolVersion: '2025-11-25',
  capabilities: {},
  clientInfo: { name: 'test', version: '1' },
});
const MCP_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

/** Owners by the x-test-owner header, counting how often it is asked. */
class CountingIdentity extends HeaderIdentityProvider {
  asked = 0;

  override authenticate(credentials: RequestCredentials): Promise<Principal> {
    this.asked++;
    return super.authenticate(credentials);
  }
}

/** A route of the test's own, under the same steps as every other. */
function testRoute(path: string, handle: Route['handle'], overrides: Partial<Route> = {}): Route {
  return {
    path,
    methods: [],
    auth: 'own',
    rateExempt: true,
    spendsRequest: false,
    handle,
    ...overrides,
  };
}

/** A route whose answer waits until the test opens its gate. */
class GatedRoute {
  private opened!: () => void;
  private entered!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.opened = resolve));
  /** Resolves once a request is inside the handler. */
  readonly arrived = new Promise<void>((resolve) => (this.entered = resolve));
  readonly route: Route = testRoute('/test/gated', async ({ res }) => {
    this.entered();
    await this.gate;
    sendJson(res, 200, { answered: true });
  });

  open(): void {
    this.opened();
  }
}

interface World {
  readonly fixture: HttpFixture;
  readonly server: HttpServer;
  readonly identity: CountingIdentity;
  readonly limiter: ScriptedRateLimiter;
  readonly errors: string[];
  send(path: string, options?: RequestOptions): Promise<ClientAnswer>;
}

async function startWorld(env: Record<string, string> = {}, routes: Route[] = []): Promise<World> {
  const identity = new CountingIdentity();
  const limiter = new ScriptedRateLimiter();
  const errors: string[] = [];
  const fixture = await startHttpFixture({
    env,
    logger: {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: (message, fields) => void errors.push(`${message} ${JSON.stringify(fields ?? {})}`),
    },
    configure: (container: Container) => {
      container.rebind(IDENTITY_PROVIDER).toConstantValue(identity);
      container.rebind(RATE_LIMITER).toConstantValue(limiter);
      if (routes.length > 0) container.bind(ROUTES).toConstantValue(routes);
    },
  });
  return {
    fixture,
    server: fixture.container.get(HttpServer),
    identity,
    limiter,
    errors,
    send: (path, options = {}) => sendRequest(fixture.url, { ...options, path }),
  };
}

const asAlice = { 'x-test-owner': 'alice' };
const errorOf = (answer: ClientAnswer) =>
  (JSON.parse(answer.body) as { error: { code: number; message: string } }).error;

describe('HttpServer', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld({}, [
      testRoute('/test/throws', () =>
        Promise.reject(new Error('password hunter2 in /srv/secret/config.json')),
      ),
      testRoute('/test/rate-limited', () =>
        Promise.reject(
          new RateLimitedError(
            'creates',
            { allowed: false, limit: 5, remaining: 0, resetMs: 2500 },
            'at most 5 task creations per minute per user',
          ),
        ),
      ),
    ]);
  });

  afterAll(() => world.fixture.close());

  beforeEach(() => {
    world.limiter.reset();
    world.identity.asked = 0;
    world.errors.length = 0;
  });

  it('reports the MCP URL on the port it listens on', () => {
    expect(world.fixture.url.href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(world.fixture.url.port).not.toBe('0');
  });

  it('gives every answer, refusals too, a request id of its own', async () => {
    const answers = await Promise.all([
      world.send('/health'),
      world.send('/health'),
      world.send('/nope'),
    ]);
    const ids = answers.map((answer) => answer.headers['x-request-id']);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(3);
    expect(answers[2]!.status).toBe(401);
  });

  describe('runs the same steps, in order, for every route', () => {
    it('refuses a foreign Host first: before the query token, the budget and authentication', async () => {
      const answer = await world.send('/mcp?access_token=abc', {
        method: 'POST',
        headers: { host: 'evil.example' },
      });
      expect(answer.status).toBe(403);
      expect(errorOf(answer).message).toBe(
        'Forbidden: this server only answers requests addressed to localhost',
      );
      expect(world.limiter.spent).toEqual([]);
      expect(world.identity.asked).toBe(0);
    });

    it('refuses a token in the query string before charging the address or authenticating', async () => {
      const answer = await world.send('/nope?x=1&access_token=abc', { headers: asAlice });
      expect(answer.status).toBe(400);
      expect(answer.headers['www-authenticate']).toMatch(/^Bearer error="invalid_request"/);
      expect(world.limiter.spent).toEqual([]);
      expect(world.identity.asked).toBe(0);
    });

    it('charges the address before authenticating, and refuses a spent budget with 429', async () => {
      world.limiter.refusing.add('address');
      const answer = await world.send('/mcp', { method: 'POST', headers: asAlice });
      expect(answer.status).toBe(429);
      expect(answer.headers['retry-after']).toBe('2');
      expect(errorOf(answer).code).toBe(RPC_CODES.rateLimited);
      expect(world.limiter.of('address')).toEqual([
        { key: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/), points: 1 },
      ]);
      expect(world.identity.asked).toBe(0);
    });

    it('does not charge the address for probes and scrapes', async () => {
      world.limiter.refusing.add('address');
      for (const path of ['/health', '/ready', '/metrics']) {
        expect([path, (await world.send(path)).status]).toEqual([path, 200]);
      }
      expect(world.limiter.spent).toEqual([]);
    });

    it('serves an exempt path without asking who calls', async () => {
      expect((await world.send('/health')).status).toBe(200);
      expect(world.identity.asked).toBe(0);
    });

    it('authenticates a path no route serves before its 404, so nothing shows without a token', async () => {
      const anonymous = await world.send('/admin/secrets');
      expect(anonymous.status).toBe(401);
      expect(world.identity.asked).toBe(1);

      const known = await world.send('/admin/secrets', { method: 'DELETE', headers: asAlice });
      expect(known.status).toBe(404);
      expect(JSON.parse(known.body)).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: RPC_CODES.methodNotFound, message: 'Not found: the MCP endpoint is /mcp' },
      });
      expect(world.limiter.of('address')).toHaveLength(2);
      expect(world.limiter.of('requests')).toEqual([]);
    });

    it('authenticates before the method check, then answers 405 naming Allow', async () => {
      expect((await world.send('/mcp', { method: 'PUT' })).status).toBe(401);

      const wrong = await world.send('/mcp', { method: 'PUT', headers: asAlice });
      expect(wrong.status).toBe(405);
      expect(wrong.headers.allow).toBe('GET, POST, DELETE');
      expect(errorOf(wrong)).toEqual({
        code: RPC_CODES.transportRefused,
        message: 'Method not allowed',
      });

      const probe = await world.send('/health', { method: 'POST' });
      expect(probe.status).toBe(405);
      expect(probe.headers.allow).toBe('GET');
    });

    it('charges the MCP caller one request before the body is read, and only once', async () => {
      world.limiter.refusing.add('requests');
      const refused = await world.send('/mcp', {
        method: 'POST',
        headers: { ...MCP_HEADERS, ...asAlice },
        body: 'this is not JSON',
      });
      // 429, not the 400 of a parse error: the body was never looked at.
      expect(refused.status).toBe(429);
      expect(world.limiter.of('requests')).toEqual([
        { key: expect.stringContaining('alice'), points: 1 },
      ]);

      world.limiter.reset();
      const served = await world.send('/mcp', {
        method: 'POST',
        headers: { ...MCP_HEADERS, ...asAlice },
        body: INITIALIZE,
      });
      expect(served.status).toBe(200);
      expect(world.limiter.of('requests')).toHaveLength(1);
    });

    it('charges the MCP caller its request before the method check, as routes.ts says', async () => {
      // routes.ts (and the front door's brief) order the caller's request budget before the
      // method check; http-server.ts checks the method first, so a caller whose budget is spent
      // gets 405 for a wrong method instead of 429, and wrong methods cost it nothing.
      world.limiter.refusing.add('requests');
      const answer = await world.send('/mcp', { method: 'PUT', headers: asAlice });
      expect(answer.status).toBe(429);
      expect(world.limiter.of('requests')).toHaveLength(1);
    });
  });

  it('answers an unexpected error with 500 and nothing of it but "Internal error"', async () => {
    const answer = await world.send('/test/throws');
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: RPC_CODES.internalError, message: 'Internal error' },
    });
    expect(answer.body).not.toMatch(/hunter2|secret/);
    // The operator sees it.
    expect(world.errors).toHaveLength(1);
    expect(world.errors[0]).toContain('unexpected error on an HTTP request');
    expect(world.errors[0]).toContain('hunter2');
  });

  it('answers a budget a handler finds spent with 429 and its RateLimit fields', async () => {
    const answer = await world.send('/test/rate-limited');
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('3');
    expect(answer.headers['ratelimit-limit']).toBe('5');
    expect(errorOf(answer).message).toMatch(/^Rate limit reached: at most 5 task creations/);
    expect(world.errors).toEqual([]);
  });

  it('sends no HSTS over plain HTTP, whatever a client claims', async () => {
    const answer = await world.send('/health', { headers: { 'x-forwarded-proto': 'https' } });
    expect(answer.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('HttpServer behind a trusted TLS proxy', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld({ TASK_MCP_TRUST_PROXY: 'true' });
  });

  afterAll(() => world.fixture.close());

  it('sends HSTS when the proxy says the client came over TLS', async () => {
    const tls = await world.send('/health', { headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers['strict-transport-security']).toBe('max-age=31536000');
    const plain = await world.send('/health', { headers: { 'x-forwarded-proto': 'http' } });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
  });

  it('charges the address the proxy names', async () => {
    await world.send('/nope', { headers: { 'x-forwarded-for': '198.51.100.7, 203.0.113.9' } });
    expect(world.limiter.of('address')).toEqual([{ key: '203.0.113.9', points: 1 }]);
  });
});

describe('HttpServer in stateless mode', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld({ TASK_MCP_HTTP_MODE: 'stateless' });
  });

  afterAll(() => world.fixture.close());

  it('answers anything but POST at the MCP endpoint with 405 saying why', async () => {
    const answer = await world.send('/mcp', {
      headers: { ...asAlice, accept: 'text/event-stream' },
    });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('POST');
    expect(errorOf(answer).message).toBe(
      'Method not allowed: this server runs stateless, use POST',
    );
  });
});

describe('HttpServer stopping', () => {
  let world: World;
  let gated: GatedRoute;

  beforeEach(async () => {
    gated = new GatedRoute();
    world = await startWorld({}, [gated.route]);
  });

  afterEach(async () => {
    gated.open();
    await world.fixture.close();
  });

  it('answers every new request with 503 once refusing, and lets those in flight finish', async () => {
    const inFlight = world.send('/test/gated', { method: 'POST' });
    await gated.arrived;
    world.server.refuseNewRequests();

    for (const [path, headers] of [
      ['/health', {}],
      ['/mcp', asAlice],
      ['/unknown', {}],
    ] as const) {
      const refused = await world.send(path, { headers });
      expect([path, refused.status]).toEqual([path, 503]);
      expect(refused.headers['retry-after']).toBe('5');
      expect(refused.headers.connection).toBe('close');
      expect(errorOf(refused)).toEqual({
        code: RPC_CODES.shuttingDown,
        message: 'The server is shutting down; try again once it is back',
      });
    }
    expect(world.identity.asked).toBe(0);

    gated.open();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ answered: true });
  });

  it('drains: resolves once the answers in flight have gone out, not before', async () => {
    const inFlight = world.send('/test/gated', { method: 'POST' });
    await gated.arrived;
    world.server.refuseNewRequests();
    let drained = false;
    const draining = world.server.drain().then(() => (drained = true));
    await flushAsync(20);
    expect(drained).toBe(false);

    gated.open();
    await draining;
    expect((await inFlight).status).toBe(200);
  });

  it("drains without waiting for a session's event stream, which close ends", async () => {
    const initialized = await world.send('/mcp', {
      method: 'POST',
      headers: { ...MCP_HEADERS, ...asAlice },
      body: INITIALIZE,
    });
    expect(initialized.status).toBe(200);
    const sessionId = initialized.headers['mcp-session-id'] as string;
    const stream = startRequest(world.fixture.url, {
      headers: {
        ...asAlice,
        accept: 'text/event-stream',
        'mcp-session-id': sessionId,
        'mcp-protocol-version': '2025-11-25',
      },
    });
    expect((await stream.response).statusCode).toBe(200);

    world.server.refuseNewRequests();
    await world.server.drain();
    await world.server.close();
    expect((await stream.finished).complete).toBe(true);
    await expect(world.send('/health')).rejects.toThrow(/ECONNREFUSED/);
  });
});
