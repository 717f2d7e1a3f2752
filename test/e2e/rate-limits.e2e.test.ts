import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CreateTaskResultSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { builtBin, isolatedProcessEnv } from '../support/isolated-env.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../support/postgres.js';
import { spawnHttpServer, STACK_TRACE } from '../support/spawned-server.js';
import { startHttpFixture } from '../support/http-fixture.js';
import { postRaw, rpcBody, PRIMES_TASK } from '../support/rpc.js';
import { AUDIENCE, withOAuthServer } from '../support/oauth-fixture.js';

const LIST = rpcBody('tasks/list');
const CALL = rpcBody('tools/call', PRIMES_TASK);

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('rate limits over HTTP', () => {
  it("refuses an owner's requests past the budget with 429, Retry-After and RateLimit-*", () =>
    withOAuthServer(
      { TASK_MCP_RATE_REQUESTS_PER_SECOND: '5', TASK_MCP_RATE_BURST: '0' },
      async (fixture, issuer) => {
        const alice = bearer(await issuer.token(AUDIENCE, { sub: 'alice' }));
        const statuses = [];
        for (let i = 0; i < 6; i++) statuses.push((await postRaw(fixture.url, LIST, alice)).status);
        expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);

        const refused = await postRaw(fixture.url, LIST, alice);
        expect(refused.status).toBe(429);
        const retryAfter = Number(refused.headers.get('retry-after'));
        expect(retryAfter).toBe(1);
        expect(refused.headers.get('ratelimit-limit')).toBe('5');
        expect(refused.headers.get('ratelimit-remaining')).toBe('0');
        expect(Number(refused.headers.get('ratelimit-reset'))).toBe(1);
        const body = (await refused.json()) as {
          error: { code: number; message: string; data: { retryAfterMs: number } };
        };
        expect(body.error.code).toBe(-32008);
        expect(body.error.message).toMatch(
          /^Rate limit reached: at most 5 requests per second per user; retry in \d+ ms$/,
        );
        expect(body.error.data.retryAfterMs).toBeGreaterThan(0);
        expect(body.error.data.retryAfterMs).toBeLessThanOrEqual(1000);

        // Another owner has a budget of its own.
        const bob = bearer(await issuer.token(AUDIENCE, { sub: 'bob' }));
        expect((await postRaw(fixture.url, LIST, bob)).status).toBe(200);
      },
    ));

  it('counts task creations apart, per minute, and leaves reads alone', () =>
    withOAuthServer({ TASK_MCP_RATE_CREATES_PER_MINUTE: '2' }, async (fixture, issuer) => {
      const alice = bearer(await issuer.token(AUDIENCE));
      expect((await postRaw(fixture.url, CALL, alice)).status).toBe(200);
      expect((await postRaw(fixture.url, CALL, alice)).status).toBe(200);
      const refused = await postRaw(fixture.url, CALL, alice);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(50);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
        /at most 2 task creations per minute per user/,
      );
      const listed = await postRaw(fixture.url, LIST, alice);
      expect(listed.status).toBe(200);
      // The refused call stored nothing.
      expect(((await listed.json()) as { result: { tasks: unknown[] } }).result.tasks).toHaveLength(
        2,
      );
    }));

  it('refuses a flood of bad tokens from one address before checking them', () =>
    withOAuthServer({ TASK_MCP_RATE_IP_PER_SECOND: '10' }, async (fixture, issuer) => {
      const forged = bearer(`${await issuer.token(AUDIENCE)}x`);
      const statuses = await Promise.all(
        Array.from({ length: 40 }, () => postRaw(fixture.url, LIST, forged).then((r) => r.status)),
      );
      expect(statuses.filter((s) => s === 401)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(30);
      // Probes are not counted against the address.
      expect((await fetch(new URL('/health', fixture.url))).status).toBe(200);
    }));

  it('turns a budget off with 0', () =>
    withOAuthServer(
      { TASK_MCP_RATE_REQUESTS_PER_SECOND: '0', TASK_MCP_RATE_IP_PER_SECOND: '0' },
      async (fixture, issuer) => {
        const alice = bearer(await issuer.token(AUDIENCE));
        const statuses = await Promise.all(
          Array.from({ length: 300 }, () =>
            postRaw(fixture.url, LIST, alice).then((r) => r.status),
          ),
        );
        expect(statuses.every((s) => s === 200)).toBe(true);
      },
    ));
});

describe('rate limits in anonymous mode', () => {
  it('are off unless set: one local user is not throttled by its own client', async () => {
    const fixture = await startHttpFixture({ env: { TASK_MCP_HTTP_MODE: 'stateless' } });
    try {
      const statuses = await Promise.all(
        Array.from({ length: 700 }, () => postRaw(fixture.url, LIST).then((r) => r.status)),
      );
      expect(statuses.every((s) => s === 200)).toBe(true);
    } finally {
      await fixture.close();
    }
  });
});

describe('rate limits over stdio', () => {
  it('refuse in-band with -32008 and data.retryAfterMs', async () => {
    let stderr = '';
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [builtBin],
      env: isolatedProcessEnv({
        TASK_MCP_TRANSPORT: 'stdio',
        TASK_MCP_RATE_CREATES_PER_MINUTE: '1',
      }),
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const client = new Client({ name: 'stdio-rate', version: '1.0.0' });
    await client.connect(transport);
    try {
      await client.request({ method: 'tools/call', params: PRIMES_TASK }, CreateTaskResultSchema);
      const refusal = await client
        .request({ method: 'tools/call', params: PRIMES_TASK }, CreateTaskResultSchema)
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(refusal).toBeInstanceOf(McpError);
      const { code, data } = refusal as McpError;
      expect(code).toBe(-32008);
      expect(data).toMatchObject({ reason: 'RATE_LIMITED', retryAfterMs: expect.any(Number) });
      expect((data as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(50_000);
      // Reads are not creations.
      expect((await client.experimental.tasks.listTasks()).tasks).toHaveLength(1);
    } finally {
      await client.close();
    }
    expect(stderr).not.toMatch(STACK_TRACE);
  });
});

describePostgres('rate limits shared by replicas on one database', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => database.drop());

  it('holds one budget across two server processes', async () => {
    const settings = {
      TASK_MCP_STORE: 'postgres',
      TASK_MCP_DATABASE_URL: database.url,
      TASK_MCP_HTTP_MODE: 'stateless',
      TASK_MCP_RATE_CREATES_PER_MINUTE: '4',
    };
    const a = await spawnHttpServer(settings);
    const b = await spawnHttpServer(settings);
    try {
      const statuses = [];
      for (let i = 0; i < 10; i++) {
        statuses.push((await postRaw((i % 2 === 0 ? a : b).url, CALL)).status);
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(4);
      expect(statuses.filter((s) => s === 429)).toHaveLength(6);
      // Both replicas refuse from now on, whichever spent the budget.
      expect((await postRaw(a.url, CALL)).status).toBe(429);
      expect((await postRaw(b.url, CALL)).status).toBe(429);
    } finally {
      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
    }
    for (const server of [a, b]) {
      expect((await server.exited).code).toBe(0);
      expect(server.stderr()).not.toMatch(STACK_TRACE);
    }
  });
});
