import { AnonymousIdentityProvider } from '../../../src/adapters/identity/anonymous-identity-provider.js';
import {
  JWT_SETTINGS,
  JwksIdentityProvider,
} from '../../../src/adapters/identity/jwks-identity-provider.js';
import {
  JWKS_SETTINGS,
  JwksKeySource,
  type JwksSettings,
} from '../../../src/adapters/identity/jwks-key-source.js';
import {
  TOKEN_CACHE_SIZE,
  VerifiedTokenCache,
} from '../../../src/adapters/identity/verified-token-cache.js';
import { SCOPE_RULES } from '../../../src/application/policy/access-policy.js';
import {
  IDENTITY_PROVIDER,
  type IdentityProvider,
} from '../../../src/application/ports/identity-provider.js';
import { protectedResourceFrom, scopeRulesFrom } from '../../../src/composition/bindings/auth.js';
import { buildContainer } from '../../../src/composition/container.js';
import { loadConfig } from '../../../src/composition/config/load-config.js';
import { isolatedProcessEnv, isolatedSettings } from '../../support/isolated-env.js';

const ISSUER = 'https://issuer.example.test';
const AUDIENCE = 'https://mcp.example.test/mcp';
const OAUTH = { TASK_MCP_AUTH_ISSUER: ISSUER, TASK_MCP_AUTH_AUDIENCE: AUDIENCE };

const config = (settings: Record<string, string> = {}) => loadConfig(isolatedSettings(settings));
const build = (settings: Record<string, string> = {}) =>
  buildContainer(config(settings), isolatedProcessEnv());

describe('the auth binding', () => {
  it('makes every caller the anonymous owner without an issuer, and requires no scope', async () => {
    const container = build();
    const identity = container.get<IdentityProvider>(IDENTITY_PROVIDER);
    expect(identity).toBeInstanceOf(AnonymousIdentityProvider);
    expect(identity.anonymous).toBe(true);
    expect(container.get(SCOPE_RULES)).toMatchObject({ enforced: false });
    expect(container.isBound(JWKS_SETTINGS)).toBe(false);
    expect(container.isBound(JwksKeySource)).toBe(false);
  });

  it('verifies JWT access tokens against the JWKS of the issuer with one', () => {
    const container = build({
      ...OAUTH,
      TASK_MCP_AUTH_JWKS_URL: 'https://issuer.example.test/keys',
      TASK_MCP_AUTH_TOKEN_CACHE_SIZE: '77',
    });
    const identity = container.get<IdentityProvider>(IDENTITY_PROVIDER);
    expect(identity).toBeInstanceOf(JwksIdentityProvider);
    expect(identity.anonymous).toBe(false);
    expect(container.get(JwksKeySource)).toBeInstanceOf(JwksKeySource);
    expect(container.get(VerifiedTokenCache)).toBeInstanceOf(VerifiedTokenCache);
    expect(container.get(TOKEN_CACHE_SIZE)).toBe(77);
    expect(container.get(JWKS_SETTINGS)).toMatchObject({
      issuer: ISSUER,
      jwksUrl: new URL('https://issuer.example.test/keys'),
    });
    expect(container.get(JWT_SETTINGS)).toMatchObject({ issuer: ISSUER, audience: AUDIENCE });
    expect(container.get(SCOPE_RULES)).toMatchObject({ enforced: true });
  });

  it('finds the JWKS from the issuer metadata when no URL is set', () => {
    const settings = build(OAUTH).get<JwksSettings>(JWKS_SETTINGS);
    expect(settings).not.toHaveProperty('jwksUrl');
    expect(settings.issuer).toBe(ISSUER);
  });

  it('passes every token and key setting through', () => {
    const container = build({
      ...OAUTH,
      TASK_MCP_AUTH_ALGORITHMS: 'ES256',
      TASK_MCP_AUTH_CLOCK_TOLERANCE_S: '7',
      TASK_MCP_AUTH_REQUIRE_AT_JWT: 'true',
      TASK_MCP_AUTH_JWKS_MAX_AGE_MS: '120000',
      TASK_MCP_AUTH_JWKS_COOLDOWN_MS: '45000',
    });
    expect(container.get(JWT_SETTINGS)).toEqual({
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['ES256'],
      clockToleranceS: 7,
      requireAccessTokenType: true,
    });
    expect(container.get(JWKS_SETTINGS)).toMatchObject({ maxAgeMs: 120000, cooldownMs: 45000 });
  });
});

describe('scopeRulesFrom', () => {
  it('enforces the configured scopes with an issuer, per tool too', () => {
    expect(
      scopeRulesFrom(
        config({
          ...OAUTH,
          TASK_MCP_AUTH_SCOPE_READ: 'r1 r2',
          TASK_MCP_AUTH_SCOPE_CALL: 'c',
          TASK_MCP_AUTH_SCOPE_CANCEL: 'x',
          TASK_MCP_AUTH_TOOL_SCOPES: 'wait=waiting',
        }),
      ),
    ).toEqual({
      enforced: true,
      read: ['r1', 'r2'],
      call: ['c'],
      cancel: ['x'],
      tools: { wait: ['waiting'] },
    });
  });

  it('enforces none without an issuer', () => {
    expect(scopeRulesFrom(config()).enforced).toBe(false);
  });
});

describe('protectedResourceFrom', () => {
  it('is the issuer and audience, or nothing in anonymous mode', () => {
    expect(protectedResourceFrom(config(OAUTH))).toEqual({ issuer: ISSUER, audience: AUDIENCE });
    expect(protectedResourceFrom(config())).toBeUndefined();
  });
});
