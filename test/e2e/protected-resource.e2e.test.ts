import { Agent, request } from 'node:http';
import type { HttpFixture } from '../support/http-fixture.js';
import { postRaw, rpcBody, PRIMES_TASK } from '../support/rpc.js';
import { AUDIENCE, withOAuthServer } from '../support/oauth-fixture.js';

const METADATA = 'https://mcp.example.test/.well-known/oauth-protected-resource/mcp';
const LIST = rpcBody('tasks/list');

const at = (fixture: HttpFixture, path: string): URL => new URL(path, fixture.url);

describe('protected resource metadata (RFC 9728)', () => {
  it('is served without a token at the root and path-suffixed locations', () =>
    withOAuthServer({}, async (fixture, issuer) => {
      for (const path of [
        '/.well-known/oauth-protected-resource',
        '/.well-known/oauth-protected-resource/mcp',
      ]) {
        const response = await fetch(at(fixture, path));
        expect(response.status).toBe(200);
        expect(response.headers.get('access-control-allow-origin')).toBe('*');
        expect(await response.json()).toEqual({
          resource: AUDIENCE,
          authorization_servers: [issuer.url],
          scopes_supported: ['tasks:read', 'tasks:create', 'tasks:cancel'],
          bearer_methods_supported: ['header'],
          resource_name: 'task-mcp',
        });
      }
      expect(issuer.jwksRequests).toBe(0);
    }));

  it('lists per-tool scopes among the supported ones', () =>
    withOAuthServer(
      { TASK_MCP_AUTH_TOOL_SCOPES: 'count_primes=primes:run', TASK_MCP_AUTH_SCOPE_CANCEL: 'none' },
      async (fixture, issuer) => {
        const document = (await (
          await fetch(at(fixture, '/.well-known/oauth-protected-resource'))
        ).json()) as { scopes_supported: string[] };
        expect(document.scopes_supported).toEqual(['tasks:read', 'tasks:create', 'primes:run']);
        // The tool's scope is required on top of the common one; cancel needs none.
        const token = await issuer.token(AUDIENCE, { scope: 'tasks:read tasks:create' });
        const call = rpcBody('tools/call', PRIMES_TASK);
        const refused = await postRaw(fixture.url, call, { authorization: `Bearer ${token}` });
        expect(refused.status).toBe(403);
        // The challenge asks for what the call needs and keeps what the token has, so a client
        // that replaces its scopes on step-up can still read its tasks afterwards.
        expect(refused.headers.get('www-authenticate')).toBe(
          'Bearer error="insufficient_scope", error_description="This request needs the scope(s) tasks:create primes:run; ask the authorization server for a token that grants them, along with the ones it has: tasks:read", scope="tasks:create primes:run tasks:read", resource_metadata="https://mcp.example.test/.well-known/oauth-protected-resource/mcp"',
        );
        const stepped = await issuer.token(AUDIENCE, {
          scope: 'tasks:create primes:run tasks:read',
        });
        for (const body of [call, LIST]) {
          const allowed = await postRaw(fixture.url, body, { authorization: `Bearer ${stepped}` });
          expect(allowed.status).toBe(200);
        }
        const cancel = rpcBody('tasks/cancel', { taskId: 'x'.repeat(20) }, 2);
        const notFound = await postRaw(fixture.url, cancel, { authorization: `Bearer ${token}` });
        expect(notFound.status).toBe(200);
        expect(await notFound.json()).toMatchObject({ error: { code: -32602 } });
      },
    ));
});

describe('route protection', () => {
  it('exempt paths never reach the identity provider; everything else needs a token', () =>
    withOAuthServer({}, async (fixture, issuer) => {
      expect((await fetch(at(fixture, '/health'))).status).toBe(200);
      for (const path of ['/mcp', '/other', '/health/../mcp', '/.well-known/other']) {
        const response = await sendRaw(fixture.url, path);
        expect(response.status).toBe(401);
        expect(response.challenge).toBe(
          `Bearer resource_metadata="${METADATA}", scope="tasks:read tasks:create tasks:cancel"`,
        );
      }
      expect(issuer.jwksRequests).toBe(0);
      // Paths are compared as sent: a dot-segment path under an exempt pattern is exempt, and
      // so it is not the MCP endpoint.
      const sneaky = await sendRaw(fixture.url, '/.well-known/oauth-protected-resource/../../mcp');
      expect(sneaky.status).toBe(404);
    }));

  it('takes configured wildcard patterns, and protects /health when it is not listed', () =>
    withOAuthServer(
      { TASK_MCP_AUTH_EXEMPT_PATHS: '/.well-known/** /status/*' },
      async (fixture) => {
        expect((await fetch(at(fixture, '/health'))).status).toBe(401);
        expect((await fetch(at(fixture, '/.well-known/oauth-protected-resource/mcp'))).status).toBe(
          200,
        );
        // Exempt, but nothing is there.
        expect((await fetch(at(fixture, '/status/anything'))).status).toBe(404);
        expect((await fetch(at(fixture, '/status/a/b'))).status).toBe(401);
      },
    ));
});

describe('when the issuer cannot be reached', () => {
  it('fails closed with 503 by default', () =>
    withOAuthServer({}, async (fixture, issuer) => {
      issuer.mode = 'down';
      const token = await issuer.token(AUDIENCE);
      const response = await postRaw(fixture.url, LIST, { authorization: `Bearer ${token}` });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(await response.json()).toMatchObject({
        error: {
          message:
            "The authorization server's signing keys cannot be fetched right now; try again shortly",
        },
      });
    }));
});

describe('RFC 9068 token type', () => {
  it('is enforced when TASK_MCP_AUTH_REQUIRE_AT_JWT=true', () =>
    withOAuthServer({ TASK_MCP_AUTH_REQUIRE_AT_JWT: 'true' }, async (fixture, issuer) => {
      const plain = await issuer.sign(issuer.claims(AUDIENCE), { typ: 'JWT' });
      const refused = await postRaw(fixture.url, LIST, { authorization: `Bearer ${plain}` });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toContain(
        'error_description="The access token must have the JWT type at+jwt (RFC 9068)"',
      );
      const typed = await issuer.token(AUDIENCE);
      const served = await postRaw(fixture.url, LIST, { authorization: `Bearer ${typed}` });
      expect(served.status).toBe(200);
    }));
});

describe('a cold cache under load', () => {
  // 1,000 requests from one address in a moment: over the default address budget on purpose.
  it('makes exactly one JWKS fetch for 1,000 concurrent requests', () =>
    withOAuthServer({ TASK_MCP_RATE_IP_PER_SECOND: '0' }, async (fixture, issuer) => {
      // Distinct tokens, so no request is answered from the verified-token cache.
      const tokens = await Promise.all(
        Array.from({ length: 1000 }, (_, i) => issuer.token(AUDIENCE, { sub: `user-${i}` })),
      );
      const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
      try {
        const statuses = await Promise.all(
          tokens.map((token) => rawPost(fixture.url, LIST, token, agent)),
        );
        expect(statuses.filter((status) => status === 200)).toHaveLength(1000);
      } finally {
        agent.destroy();
      }
      expect(issuer.metadataRequests).toBe(1);
      expect(issuer.jwksRequests).toBe(1);
    }));
});

/** One POST on its own connection, so all 1,000 are in flight at once. */
function rawPost(url: URL, body: string, token: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A POST with the path exactly as given (fetch and URL would normalise dot segments away). */
function sendRaw(url: URL, path: string): Promise<{ status: number; challenge?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ hostname: url.hostname, port: url.port, path, method: 'POST' }, (res) => {
      res.resume();
      res.on('end', () => {
        const challenge = res.headers['www-authenticate'];
        resolve({ status: res.statusCode ?? 0, ...(challenge ? { challenge } : {}) });
      });
    });
    req.on('error', reject);
    req.end(LIST);
  });
}
