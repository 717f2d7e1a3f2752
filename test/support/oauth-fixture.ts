import { startHttpFixture, type HttpFixture } from './http-fixture.js';
import { TestIssuer } from './test-issuer.js';

/** The resource URL the OAuth fixtures serve as (tokens' aud). */
export const AUDIENCE = 'https://mcp.example.test/mcp';

/**
 * Runs `test` against the real server, stateless, as the protected resource of a test issuer of
 * its own; `env` adds or overrides settings. Both are closed afterwards, whatever the test did.
 */
export async function withOAuthServer(
  env: Record<string, string>,
  test: (fixture: HttpFixture, issuer: TestIssuer) => Promise<void>,
): Promise<void> {
  const issuer = await TestIssuer.start();
  const fixture = await startHttpFixture({
    env: {
      TASK_MCP_HTTP_MODE: 'stateless',
      TASK_MCP_AUTH_ISSUER: issuer.url,
      TASK_MCP_AUTH_AUDIENCE: AUDIENCE,
      ...env,
    },
  });
  try {
    await test(fixture, issuer);
  } finally {
    await fixture.close();
    await issuer.close();
  }
}
