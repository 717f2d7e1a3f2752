import { ConfigError, loadConfig } from '../../../src/composition/config/load-config.js';

const ISSUER = 'https://idp.example.test/realms/team';
const AUDIENCE = 'https://mcp.example.test/mcp';
const auth = (env: Record<string, string> = {}) => ({
  TASK_MCP_AUTH_ISSUER: ISSUER,
  TASK_MCP_AUTH_AUDIENCE: AUDIENCE,
  ...env,
});

describe('authentication settings', () => {
  it('are off without an issuer, and on with sensible defaults with one', () => {
    expect(loadConfig({}).TASK_MCP_AUTH_ISSUER).toBeUndefined();
    expect(loadConfig(auth())).toMatchObject({
      TASK_MCP_AUTH_ISSUER: ISSUER,
      TASK_MCP_AUTH_AUDIENCE: AUDIENCE,
      TASK_MCP_AUTH_CLOCK_TOLERANCE_S: 30,
      TASK_MCP_AUTH_REQUIRE_AT_JWT: false,
      TASK_MCP_AUTH_JWKS_MAX_AGE_MS: 600_000,
      TASK_MCP_AUTH_JWKS_COOLDOWN_MS: 30_000,
      TASK_MCP_AUTH_JWKS_TIMEOUT_MS: 5000,
      TASK_MCP_AUTH_JWKS_STALE_MS: 0,
      TASK_MCP_AUTH_TOKEN_CACHE_SIZE: 10_000,
      TASK_MCP_AUTH_SCOPE_READ: ['tasks:read'],
      TASK_MCP_AUTH_SCOPE_CALL: ['tasks:create'],
      TASK_MCP_AUTH_SCOPE_CANCEL: ['tasks:cancel'],
      TASK_MCP_AUTH_TOOL_SCOPES: {},
    });
  });

  it('parse lists: algorithms, scopes, tool scopes and exempt paths', () => {
    const config = loadConfig(
      auth({
        TASK_MCP_AUTH_ALGORITHMS: 'RS256, ES256',
        TASK_MCP_AUTH_SCOPE_READ: 'mcp:read  tasks:read',
        TASK_MCP_AUTH_SCOPE_CANCEL: 'none',
        TASK_MCP_AUTH_TOOL_SCOPES: 'count_primes=primes:run count_primes=cpu wait=w',
        TASK_MCP_AUTH_EXEMPT_PATHS: '/health /.well-known/**',
      }),
    );
    expect(config.TASK_MCP_AUTH_ALGORITHMS).toEqual(['RS256', 'ES256']);
    expect(config.TASK_MCP_AUTH_SCOPE_READ).toEqual(['mcp:read', 'tasks:read']);
    expect(config.TASK_MCP_AUTH_SCOPE_CANCEL).toEqual([]);
    expect(config.TASK_MCP_AUTH_TOOL_SCOPES).toEqual({
      count_primes: ['primes:run', 'cpu'],
      wait: ['w'],
    });
    expect(config.TASK_MCP_AUTH_EXEMPT_PATHS).toEqual(['/health', '/.well-known/**']);
  });

  it.each([
    [
      { TASK_MCP_AUTH_AUDIENCE: AUDIENCE },
      /^TASK_MCP_AUTH_AUDIENCE: set, but TASK_MCP_AUTH_ISSUER is not/,
    ],
    [
      { TASK_MCP_AUTH_ISSUER: ISSUER },
      /^TASK_MCP_AUTH_AUDIENCE: required with TASK_MCP_AUTH_ISSUER/,
    ],
    [
      auth({ TASK_MCP_AUTH_ISSUER: 'http://idp.example.test' }),
      /^TASK_MCP_AUTH_ISSUER: .*https:\/\//,
    ],
    [auth({ TASK_MCP_AUTH_ISSUER: 'not a url' }), /^TASK_MCP_AUTH_ISSUER: /],
    [
      auth({ TASK_MCP_AUTH_AUDIENCE: 'https://mcp.example.test/mcp#x' }),
      /^TASK_MCP_AUTH_AUDIENCE: /,
    ],
    [auth({ TASK_MCP_AUTH_JWKS_URL: 'ftp://idp.example.test/keys' }), /^TASK_MCP_AUTH_JWKS_URL: /],
    [auth({ TASK_MCP_AUTH_ALGORITHMS: 'RS256 HS256' }), /^TASK_MCP_AUTH_ALGORITHMS: .*asymmetric/],
    [auth({ TASK_MCP_AUTH_ALGORITHMS: 'none' }), /^TASK_MCP_AUTH_ALGORITHMS: .*asymmetric/],
    [
      auth({ TASK_MCP_AUTH_CLOCK_TOLERANCE_S: '3600' }),
      /^TASK_MCP_AUTH_CLOCK_TOLERANCE_S: .*at most 300/,
    ],
    [
      auth({ TASK_MCP_AUTH_JWKS_COOLDOWN_MS: '0' }),
      /^TASK_MCP_AUTH_JWKS_COOLDOWN_MS: .*at least 1000/,
    ],
    [auth({ TASK_MCP_AUTH_SCOPE_READ: 'a"b' }), /^TASK_MCP_AUTH_SCOPE_READ: .*scope names/],
    [
      auth({ TASK_MCP_AUTH_TOOL_SCOPES: 'count_primes' }),
      /^TASK_MCP_AUTH_TOOL_SCOPES: .*tool=scope/,
    ],
    [
      auth({ TASK_MCP_AUTH_EXEMPT_PATHS: 'health' }),
      /^TASK_MCP_AUTH_EXEMPT_PATHS: .*starting with '\/'/,
    ],
    [
      auth({ TASK_MCP_AUTH_EXEMPT_PATHS: '/health /**' }),
      /^TASK_MCP_AUTH_EXEMPT_PATHS: .*cover the MCP endpoint/,
    ],
    [
      auth({ TASK_MCP_TRANSPORT: 'stdio' }),
      /^TASK_MCP_AUTH_ISSUER: bearer tokens need the http transport/,
    ],
  ])('refuse %p with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('allow plain http for an issuer on localhost (development)', () => {
    const config = loadConfig(auth({ TASK_MCP_AUTH_ISSUER: 'http://127.0.0.1:8080/realms/dev' }));
    expect(config.TASK_MCP_AUTH_ISSUER).toBe('http://127.0.0.1:8080/realms/dev');
  });
});
