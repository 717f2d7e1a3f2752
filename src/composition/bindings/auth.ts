import type { Container } from 'inversify';
import { SCOPE_RULES, type ScopeRules } from '../../application/policy/access-policy.js';
import { IDENTITY_PROVIDER } from '../../application/ports/identity-provider.js';
import { AnonymousIdentityProvider } from '../../adapters/identity/anonymous-identity-provider.js';
import {
  JWT_SETTINGS,
  JwksIdentityProvider,
  type JwtSettings,
} from '../../adapters/identity/jwks-identity-provider.js';
import {
  JWKS_SETTINGS,
  JwksKeySource,
  type JwksSettings,
} from '../../adapters/identity/jwks-key-source.js';
import {
  TOKEN_CACHE_SIZE,
  VerifiedTokenCache,
} from '../../adapters/identity/verified-token-cache.js';
import type { ProtectedResource } from '../../adapters/http/bearer/protected-resource-metadata.js';
import type { Config } from '../config/load-config.js';

export function scopeRulesFrom(config: Config): ScopeRules {
  return {
    enforced: config.TASK_MCP_AUTH_ISSUER !== undefined,
    read: config.TASK_MCP_AUTH_SCOPE_READ,
    call: config.TASK_MCP_AUTH_SCOPE_CALL,
    cancel: config.TASK_MCP_AUTH_SCOPE_CANCEL,
    tools: config.TASK_MCP_AUTH_TOOL_SCOPES,
  };
}

/** The protected resource this server is, or undefined in anonymous mode. */
export function protectedResourceFrom(config: Config): ProtectedResource | undefined {
  const issuer = config.TASK_MCP_AUTH_ISSUER;
  const audience = config.TASK_MCP_AUTH_AUDIENCE;
  return issuer !== undefined && audience !== undefined ? { issuer, audience } : undefined;
}

/**
 * Identity and scopes: anonymous without an issuer; with one, JWT access tokens verified against
 * the issuer's JWKS. Built lazily so a test may rebind the clock or logger first.
 */
export function bindAuth(container: Container, config: Config): void {
  container.bind(SCOPE_RULES).toConstantValue(scopeRulesFrom(config));
  const resource = protectedResourceFrom(config);
  if (!resource) {
    container.bind(IDENTITY_PROVIDER).to(AnonymousIdentityProvider);
    return;
  }
  const jwksUrl = config.TASK_MCP_AUTH_JWKS_URL;
  const keys: JwksSettings = {
    issuer: resource.issuer,
    ...(jwksUrl === undefined ? {} : { jwksUrl: new URL(jwksUrl) }),
    maxAgeMs: config.TASK_MCP_AUTH_JWKS_MAX_AGE_MS,
    cooldownMs: config.TASK_MCP_AUTH_JWKS_COOLDOWN_MS,
    timeoutMs: config.TASK_MCP_AUTH_JWKS_TIMEOUT_MS,
    staleMs: config.TASK_MCP_AUTH_JWKS_STALE_MS,
  };
  const tokens: JwtSettings = {
    issuer: resource.issuer,
    audience: resource.audience,
    algorithms: config.TASK_MCP_AUTH_ALGORITHMS,
    clockToleranceS: config.TASK_MCP_AUTH_CLOCK_TOLERANCE_S,
    requireAccessTokenType: config.TASK_MCP_AUTH_REQUIRE_AT_JWT,
  };
  container.bind(JWKS_SETTINGS).toConstantValue(keys);
  container.bind(JWT_SETTINGS).toConstantValue(tokens);
  container.bind(TOKEN_CACHE_SIZE).toConstantValue(config.TASK_MCP_AUTH_TOKEN_CACHE_SIZE);
  container.bind(JwksKeySource).toSelf();
  container.bind(VerifiedTokenCache).toSelf();
  container.bind(IDENTITY_PROVIDER).to(JwksIdentityProvider);
}
