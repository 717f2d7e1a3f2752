import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema, CreateTaskResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { startHttpFixture } from '../support/http-fixture.js';
import { eventually } from '../support/http-fixture.js';
import { postRaw, rpcBody } from '../support/rpc.js';
import { spawnHttpServer, STACK_TRACE } from '../support/spawned-server.js';
import { TestIssuer } from '../support/test-issuer.js';

/** The value of one sample line of a Prometheus page, e.g. `name{label="x"}`; 0 when absent. */
function sample(page: string, series: string): number {
  const line = page.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('/metrics and /ready of a real server process', () => {
  it('shows the counts a run produced', async () => {
    const server = await spawnHttpServer({ TASK_MCP_RATE_CREATES_PER_MINUTE: '4' });
    const client = new Client({ name: 'operations', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(server.url));
    try {
      const start = async (name: string, args: object) =>
        (
          await client.request(
            { method: 'tools/call', params: { name, arguments: args, task: {} } },
            CreateTaskResultSchema,
          )
        ).task.taskId;
      for (const below of [10, 100]) {
        const id = await start('count_primes', { below });
        await client.request(
          { method: 'tasks/result', params: { taskId: id } },
          CallToolResultSchema,
        );
      }
      const failing = await start('checksum', { file: 'no-such-file' });
      await client.request(
        { method: 'tasks/result', params: { taskId: failing } },
        CallToolResultSchema,
      );
      const long = await start('countdown', { seconds: 600 });
      await eventually(async () => {
        const page = await (await fetch(new URL('/metrics', server.url))).text();
        return sample(page, 'task_mcp_job_processes_running') === 1;
      });
      await client.experimental.tasks.cancelTask(long);
      // The fifth creation this minute is over the budget.
      // (Over HTTP the client sees the 429 as a transport error carrying the JSON-RPC body.)
      await expect(start('count_primes', { below: 10 })).rejects.toThrow(/"code":-32008/);

      const response = await fetch(new URL('/metrics', server.url));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const page = await response.text();
      expect(sample(page, 'task_mcp_tasks_created_total{tool="count_primes"}')).toBe(2);
      expect(
        sample(page, 'task_mcp_tasks_finished_total{tool="count_primes",status="completed"}'),
      ).toBe(2);
      expect(sample(page, 'task_mcp_tasks_finished_total{tool="checksum",status="failed"}')).toBe(
        1,
      );
      expect(
        sample(page, 'task_mcp_tasks_finished_total{tool="countdown",status="cancelled"}'),
      ).toBe(1);
      expect(
        sample(
          page,
          'task_mcp_task_duration_seconds_count{tool="count_primes",status="completed"}',
        ),
      ).toBe(2);
      expect(sample(page, 'task_mcp_tasks_running{tool="count_primes"}')).toBe(0);
      expect(sample(page, 'task_mcp_job_processes_running')).toBe(0);
      expect(sample(page, 'task_mcp_job_exits_total{code="1"}')).toBe(1);
      expect(sample(page, 'task_mcp_job_exits_total{code="signal"}')).toBe(1);
      expect(sample(page, 'task_mcp_rate_limited_total{budget="creates"}')).toBe(1);
      expect(sample(page, 'task_mcp_sessions_open')).toBe(1);
      expect(sample(page, 'task_mcp_store_seconds_count{operation="insert"}')).toBe(4);
      expect(sample(page, 'task_mcp_store_seconds_count{operation="get"}')).toBeGreaterThan(0);
      expect(page).toContain('task_mcp_process_cpu_seconds_total');

      const ready = await fetch(new URL('/ready', server.url));
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'ready',
        checks: { store: 'ok', catalogue: 'ok', keys: 'none' },
      });
    } finally {
      await client.close();
      server.child.kill('SIGTERM');
    }
    expect((await server.exited).code).toBe(0);
    expect(server.stderr()).not.toMatch(STACK_TRACE);
  });

  it('with OAuth: a metrics token of its own, refusals by reason, the token cache and key fetches', async () => {
    const issuer = await TestIssuer.start();
    const audience = 'https://mcp.example.test/mcp';
    const metricsToken = 'metrics-token-0123456789abcdef';
    const fixture = await startHttpFixture({
      env: {
        TASK_MCP_HTTP_MODE: 'stateless',
        TASK_MCP_AUTH_ISSUER: issuer.url,
        TASK_MCP_AUTH_AUDIENCE: audience,
        TASK_MCP_METRICS_TOKEN: metricsToken,
      },
    });
    try {
      const token = await issuer.token(audience);
      const list = rpcBody('tasks/list');
      for (let i = 0; i < 3; i++) {
        expect(
          (await postRaw(fixture.url, list, { authorization: `Bearer ${token}` })).status,
        ).toBe(200);
      }
      expect((await postRaw(fixture.url, list, { authorization: `Bearer ${token}x` })).status).toBe(
        401,
      );
      expect((await postRaw(fixture.url, list)).status).toBe(401);

      const metrics = new URL('/metrics', fixture.url);
      // An OAuth token is no metrics token, nor is none.
      expect((await fetch(metrics, { headers: { authorization: `Bearer ${token}` } })).status).toBe(
        401,
      );
      expect((await fetch(metrics)).status).toBe(401);
      const scraped = await fetch(metrics, {
        headers: { authorization: `Bearer ${metricsToken}` },
      });
      expect(scraped.status).toBe(200);
      const page = await scraped.text();
      expect(sample(page, 'task_mcp_auth_refused_total{reason="invalid_token"}')).toBe(1);
      expect(sample(page, 'task_mcp_auth_refused_total{reason="missing_token"}')).toBe(1);
      expect(sample(page, 'task_mcp_token_cache_hits_total')).toBe(2);
      expect(sample(page, 'task_mcp_token_cache_misses_total')).toBe(2);
      expect(sample(page, 'task_mcp_jwks_fetches_total')).toBe(1);
      // Readiness asks for the key set: cached now.
      expect(await (await fetch(new URL('/ready', fixture.url))).json()).toEqual({
        status: 'ready',
        checks: { store: 'ok', catalogue: 'ok', keys: 'ok' },
      });
    } finally {
      await fixture.close();
      await issuer.close();
    }
  });

  it('is not ready while the key set can be neither found in the cache nor fetched', async () => {
    const issuer = await TestIssuer.start();
    const fixture = await startHttpFixture({
      env: {
        TASK_MCP_AUTH_ISSUER: issuer.url,
        TASK_MCP_AUTH_AUDIENCE: 'https://mcp.example.test/mcp',
        TASK_MCP_AUTH_JWKS_URL: issuer.jwksUrl,
        TASK_MCP_AUTH_JWKS_COOLDOWN_MS: '1000',
      },
    });
    try {
      issuer.mode = 'down';
      const down = await fetch(new URL('/ready', fixture.url));
      expect(down.status).toBe(503);
      expect(((await down.json()) as { checks: object }).checks).toMatchObject({
        keys: 'unreachable',
      });
      issuer.mode = 'up';
      await eventually(async () => (await fetch(new URL('/ready', fixture.url))).status === 200);
    } finally {
      await fixture.close();
      await issuer.close();
    }
  });
});
