import { z } from 'zod';
import { isSecureUrl } from '../../adapters/identity/secure-url.js';
import { DAY_MS, flag, integer } from './config-values.js';

/*
 * The TASK_MCP_AUTH_* part of the configuration contract. Setting TASK_MCP_AUTH_ISSUER turns
 * authentication on; everything else here has a default or is derived.
 */

/** An absolute URL that is https, or http on a loopback host (development and tests only). */
const secureUrl = z.string().trim().refine(isSecureUrl, {
  error: 'an https:// URL (http:// only for localhost), without credentials or #fragment',
});

/** Asymmetric JWS algorithms only: `none` and HMAC can never be configured. */
export const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

const algorithms = z
  .string()
  .transform((value) => value.split(/[\s,]+/).filter(Boolean))
  .pipe(
    z
      .array(
        z.enum(ASYMMETRIC_ALGORITHMS, {
          error: `a list of asymmetric algorithms from ${ASYMMETRIC_ALGORITHMS.join(' ')}`,
        }),
      )
      .min(1, { error: 'at least one algorithm' }),
  );

// RFC 6749 section 3.3: a scope token is printable ASCII without space, '"' and '\'.
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
const SCOPE_HINT = "scope names separated by spaces (printable ASCII, no quotes), or 'none'";

/** Space-separated scope names; `none` means the operation needs no scope. */
const scopeList = z
  .string()
  .transform((value) => value.split(/\s+/).filter(Boolean))
  .refine((scopes) => scopes.length > 0 && scopes.every((s) => SCOPE_TOKEN.test(s)), {
    error: SCOPE_HINT,
  })
  .transform((scopes) => (scopes.length === 1 && scopes[0] === 'none' ? [] : scopes));

const TOOL_SCOPE = /^([A-Za-z0-9_.-]{1,128})=([\x21\x23-\x5B\x5D-\x7E]+)$/;

/** `tool=scope` pairs separated by spaces; a tool named twice needs both scopes. */
const toolScopes = z
  .string()
  .transform((value) => value.split(/\s+/).filter(Boolean))
  .refine((pairs) => pairs.every((pair) => TOOL_SCOPE.test(pair)), {
    error: "'tool=scope' pairs separated by spaces, e.g. 'count_primes=primes:run'",
  })
  .transform((pairs) => {
    const byTool: Record<string, string[]> = {};
    for (const pair of pairs) {
      const [, tool = '', scope = ''] = TOOL_SCOPE.exec(pair) ?? [];
      (byTool[tool] ??= []).push(scope);
    }
    return byTool;
  });

/** Path patterns: `*` matches within one path segment, `**` matches across segments. */
const pathPatterns = z
  .string()
  .transform((value) => value.split(/\s+/).filter(Boolean))
  .refine((patterns) => patterns.every((p) => /^\/[\x21-\x7E]*$/.test(p) && !p.includes('?')), {
    error: "path patterns starting with '/', separated by spaces (no query strings)",
  });

export const AUTH_SETTINGS = {
  TASK_MCP_AUTH_ISSUER: secureUrl.optional(),
  TASK_MCP_AUTH_AUDIENCE: secureUrl.optional(),
  TASK_MCP_AUTH_JWKS_URL: secureUrl.optional(),
  TASK_MCP_AUTH_ALGORITHMS: algorithms.default([...ASYMMETRIC_ALGORITHMS]),
  TASK_MCP_AUTH_CLOCK_TOLERANCE_S: integer(0, 300).default(30),
  TASK_MCP_AUTH_REQUIRE_AT_JWT: flag.default(false),
  TASK_MCP_AUTH_JWKS_MAX_AGE_MS: integer(1000, DAY_MS).default(600_000),
  // At least a second: an unknown kid must never turn into one IdP request per token.
  TASK_MCP_AUTH_JWKS_COOLDOWN_MS: integer(1000, 3_600_000).default(30_000),
  TASK_MCP_AUTH_JWKS_TIMEOUT_MS: integer(100, 60_000).default(5000),
  TASK_MCP_AUTH_JWKS_STALE_MS: integer(0, 7 * DAY_MS).default(0),
  TASK_MCP_AUTH_TOKEN_CACHE_SIZE: integer(0, 1_000_000).default(10_000),
  TASK_MCP_AUTH_SCOPE_READ: scopeList.default(['tasks:read']),
  TASK_MCP_AUTH_SCOPE_CALL: scopeList.default(['tasks:create']),
  TASK_MCP_AUTH_SCOPE_CANCEL: scopeList.default(['tasks:cancel']),
  TASK_MCP_AUTH_TOOL_SCOPES: toolScopes.default({}),
  TASK_MCP_AUTH_EXEMPT_PATHS: pathPatterns.default([
    '/health',
    '/ready',
    '/.well-known/oauth-protected-resource',
    '/.well-known/oauth-protected-resource/**',
  ]),
};
