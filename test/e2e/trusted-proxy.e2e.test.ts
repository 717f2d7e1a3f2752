import { startHttpFixture, type HttpFixture } from '../support/http-fixture.js';

async function withServer(
  env: Record<string, string>,
  test: (fixture: HttpFixture) => Promise<void>,
): Promise<void> {
  const fixture = await startHttpFixture({
    env: { TASK_MCP_HTTP_MODE: 'stateless', TASK_MCP_RATE_IP_PER_SECOND: '2', ...env },
  });
  try {
    await test(fixture);
  } finally {
    await fixture.close();
  }
}

const from = (fixture: HttpFixture, forwardedFor: string, proto = 'http') =>
  fetch(new URL('/mcp', fixture.url), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'x-forwarded-for': forwardedFor,
      'x-forwarded-proto': proto,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tasks/list' }),
  });

describe('behind a TLS-terminating proxy', () => {
  it('with TASK_MCP_TRUST_PROXY=true, counts the address the proxy saw, and sends HSTS for https', () =>
    withServer({ TASK_MCP_TRUST_PROXY: 'true' }, async (fixture) => {
      // The client wrote the first entry; the proxy appended the last, the one that counts.
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        statuses.push((await from(fixture, '10.9.9.9, 198.51.100.1', 'https')).status);
      }
      expect(statuses).toEqual([200, 200, 429]);
      const other = await from(fixture, '10.9.9.9, 198.51.100.2', 'https');
      expect(other.status).toBe(200);
      expect(other.headers.get('strict-transport-security')).toBe('max-age=31536000');
      expect(
        (await from(fixture, '198.51.100.3', 'http')).headers.get('strict-transport-security'),
      ).toBeNull();
    }));

  it('without it, ignores X-Forwarded-For and -Proto: anyone can send them', () =>
    withServer({}, async (fixture) => {
      const statuses = [];
      for (const address of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
        const response = await from(fixture, address, 'https');
        expect(response.headers.get('strict-transport-security')).toBeNull();
        statuses.push(response.status);
      }
      expect(statuses).toEqual([200, 200, 429]);
    }));
});
