import type { IncomingMessage } from 'node:http';
import { BearerAuth } from '../../../../src/adapters/http/bearer/bearer-auth.js';
import { HttpError } from '../../../../src/adapters/http/http-error.js';
import { AUDIT_LOG } from '../../../../src/application/ports/audit-log.js';
import {
  IDENTITY_PROVIDER,
  type IdentityProvider,
  type Principal,
  type RequestCredentials,
} from '../../../../src/application/ports/identity-provider.js';
import { LOGGER } from '../../../../src/application/ports/logger.js';
import {
  AuthenticationError,
  AuthenticationUnavailableError,
  InsufficientScopeError,
} from '../../../../src/application/shared/errors.js';
import { LoopbackServer, sendRequest } from '../../../support/loopback-http.js';
import { RecordingAuditLog } from '../../../support/recording-audit-log.js';
import { aPrincipal } from '../../../support/task-mother.js';
import { testContainer } from '../../../support/test-container.js';

const AUDIENCE = 'https://mcp.example.test/mcp';
const METADATA = 'https://mcp.example.test/.well-known/oauth-protected-resource/mcp';
const OAUTH = {
  TASK_MCP_AUTH_ISSUER: 'https://issuer.example.test',
  TASK_MCP_AUTH_AUDIENCE: AUDIENCE,
};

/** An identity provider that answers as told and keeps what it was asked. */
class ScriptedIdentity implements IdentityProvider {
  readonly asked: RequestCredentials[] = [];
  outcome: Principal | Error = aPrincipal('alice');

  constructor(readonly anonymous = false) {}

  async authenticate(credentials: RequestCredentials): Promise<Principal> {
    this.asked.push(credentials);
    if (this.outcome instanceof Error) throw this.outcome;
    return this.outcome;
  }
}

function bearerAuth(env: Record<string, string> = OAUTH, identity = new ScriptedIdentity()) {
  const { container } = testContainer(env);
  const audit = new RecordingAuditLog();
  const logged: string[] = [];
  const log = (message: string, fields?: object) =>
    void logged.push(`${message} ${JSON.stringify(fields ?? {})}`);
  container.rebind(IDENTITY_PROVIDER).toConstantValue(identity);
  container.rebind(AUDIT_LOG).toConstantValue(audit);
  container.rebind(LOGGER).toConstantValue({ debug: log, info: log, warn: log, error: log });
  return { bearer: container.get(BearerAuth), identity, audit, logged };
}

const withHeaders = (headers: Record<string, string>) => ({ headers }) as IncomingMessage;

async function refusalOf(call: () => unknown): Promise<HttpError> {
  const outcome = await Promise.resolve()
    .then(call)
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  expect(outcome).toBeInstanceOf(HttpError);
  return outcome as HttpError;
}

describe('BearerAuth', () => {
  describe('the protected resource metadata', () => {
    it('is there with OAuth, at the URL challenges point to', () => {
      const { bearer } = bearerAuth();
      expect(bearer.metadata?.url).toBe(METADATA);
      expect(bearer.metadata?.document).toMatchObject({ resource: AUDIENCE });
    });

    it('is absent in anonymous mode', () => {
      expect(bearerAuth({}).bearer.metadata).toBeUndefined();
    });
  });

  describe('isExempt', () => {
    it('opens the operator-exempted paths, by default health, readiness and the metadata', () => {
      const { bearer } = bearerAuth();
      for (const path of ['/health', '/ready', '/.well-known/oauth-protected-resource/mcp']) {
        expect([path, bearer.isExempt(path)]).toEqual([path, true]);
      }
      for (const path of ['/mcp', '/metrics', '/', '/health/x', '/nope']) {
        expect([path, bearer.isExempt(path)]).toEqual([path, false]);
      }
    });

    it('follows TASK_MCP_AUTH_EXEMPT_PATHS', () => {
      const { bearer } = bearerAuth({ ...OAUTH, TASK_MCP_AUTH_EXEMPT_PATHS: '/status/*' });
      expect(bearer.isExempt('/status/live')).toBe(true);
      expect(bearer.isExempt('/health')).toBe(false);
    });

    it('exempts nothing when every caller is anonymous anyway', () => {
      const { bearer } = bearerAuth({}, new ScriptedIdentity(true));
      expect(bearer.isExempt('/health')).toBe(false);
    });
  });

  describe('refuseQueryToken', () => {
    it('refuses an access token in the query string with 400 invalid_request', async () => {
      const { bearer, audit, logged } = bearerAuth();
      const token = 'eyJhbGciOiJFUzI1NiJ9.secret-part.signature';
      const refusal = await refusalOf(() => bearer.refuseQueryToken(`a=1&access_token=${token}`));
      expect(refusal.status).toBe(400);
      expect(refusal.refusal).toBe('BAD_AUTHORIZATION');
      expect(refusal.headers['www-authenticate']).toBe(
        `Bearer error="invalid_request", error_description="Access tokens in the query string are refused (they end up in logs); send Authorization: Bearer <token>", resource_metadata="${METADATA}"`,
      );
      expect(audit.named('auth.refused')).toEqual([
        {
          event: 'auth.refused',
          severity: 'warn',
          detail: { failure: 'invalid_request', reason: refusal.message },
        },
      ]);
      expect(logged).toHaveLength(1);
      expect(logged.join('\n')).not.toContain('secret-part');
    });

    it('leaves any other query alone', () => {
      const { bearer, audit } = bearerAuth();
      expect(() => bearer.refuseQueryToken('page=2&token=x&q=access_token')).not.toThrow();
      expect(() => bearer.refuseQueryToken('')).not.toThrow();
      expect(audit.events).toEqual([]);
    });
  });

  describe('authenticate', () => {
    it("hands the request's Authorization and headers to the identity provider", async () => {
      const { bearer, identity } = bearerAuth();
      const principal = aPrincipal('bob', ['tasks:read']);
      identity.outcome = principal;
      const server = await LoopbackServer.start();
      try {
        const served = server.nextRequest();
        const answer = sendRequest(server.url, {
          headers: { authorization: 'Bearer abc.def.ghi', 'x-custom': 'yes' },
        });
        const { req, res } = await served;
        expect(await bearer.authenticate(req)).toBe(principal);
        res.end();
        await answer;
      } finally {
        await server.close();
      }
      expect(identity.asked).toHaveLength(1);
      expect(identity.asked[0]).toMatchObject({
        transport: 'http',
        authorization: 'Bearer abc.def.ghi',
        headers: { authorization: 'Bearer abc.def.ghi', 'x-custom': 'yes' },
      });
    });

    it('answers a request without a token with 401 and the scopes to ask for', async () => {
      const { bearer, identity, audit } = bearerAuth();
      identity.outcome = new AuthenticationError('No access token', 'missing_token');
      const refusal = await refusalOf(() => bearer.authenticate(withHeaders({})));
      expect(refusal.status).toBe(401);
      expect(refusal.message).toBe('No access token');
      expect(refusal.headers['www-authenticate']).toBe(
        `Bearer resource_metadata="${METADATA}", scope="tasks:read tasks:create tasks:cancel"`,
      );
      expect(audit.named('auth.refused')[0]?.detail).toEqual({
        failure: 'missing_token',
        reason: 'No access token',
      });
    });

    it('answers a bad token with 401 invalid_token, and a malformed header with 400', async () => {
      const { bearer, identity } = bearerAuth();
      identity.outcome = new AuthenticationError('The access token has expired');
      const expired = await refusalOf(() => bearer.authenticate(withHeaders({})));
      expect(expired.status).toBe(401);
      expect(expired.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token", /);

      identity.outcome = new AuthenticationError('Use the Bearer scheme', 'invalid_request');
      const malformed = await refusalOf(() => bearer.authenticate(withHeaders({})));
      expect(malformed.status).toBe(400);
      expect(malformed.headers['www-authenticate']).toMatch(/^Bearer error="invalid_request", /);
    });

    it('answers 503 with a time to come back when tokens cannot be checked at all', async () => {
      const { bearer, identity, audit } = bearerAuth();
      identity.outcome = new AuthenticationUnavailableError('The key set cannot be fetched');
      const refusal = await refusalOf(() => bearer.authenticate(withHeaders({})));
      expect(refusal.refusal).toBe('AUTHENTICATION_UNAVAILABLE');
      expect(refusal.status).toBe(503);
      expect(refusal.headers).toEqual({ 'retry-after': '5' });
      expect(audit.named('auth.refused')).toEqual([
        {
          event: 'auth.refused',
          severity: 'error',
          detail: { failure: 'unavailable', reason: 'The key set cannot be fetched' },
        },
      ]);
    });

    it('lets an unexpected failure through as it is', async () => {
      const { bearer, identity, audit } = bearerAuth();
      const failure = new TypeError('bug in the provider');
      identity.outcome = failure;
      await expect(bearer.authenticate(withHeaders({}))).rejects.toBe(failure);
      expect(audit.events).toEqual([]);
    });
  });

  describe('scopeRefusal', () => {
    it('is the 403 naming the scopes the request needs, pointing to the metadata', () => {
      const { bearer } = bearerAuth();
      const refusal = bearer.scopeRefusal(
        new InsufficientScopeError(['tasks:cancel'], ['tasks:cancel', 'tasks:read']),
      );
      expect(refusal.status).toBe(403);
      expect(refusal.headers['www-authenticate']).toMatch(
        new RegExp(
          `^Bearer error="insufficient_scope", error_description="[^"]+", scope="tasks:cancel tasks:read", resource_metadata="${METADATA}"$`,
        ),
      );
    });
  });
});
