import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema, CreateTaskResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { RPC_CODES } from '../../src/adapters/mcp/json-rpc/rpc-codes.js';

const STORE_UNAVAILABLE_CODE = RPC_CODES.storeUnavailable;
import { eventually } from '../support/http-fixture.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../support/postgres.js';
import { rawRequest } from '../support/rpc.js';
import { spawnHttpServer, STACK_TRACE, type SpawnedServer } from '../support/spawned-server.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

const STATEMENT_TIMEOUT_MS = 1000;
/** Trust authentication ignores it; it is here to prove it is never printed. */
const PASSWORD = 'hunter2-never-printed';

describePostgres('a database that goes away while the server runs', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let server: SpawnedServer;
  let client: Client;

  beforeAll(async () => {
    database = await freshDatabase();
    const direct = new URL(database.url);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const viaProxy = new URL(database.url);
    viaProxy.port = String(proxy.port);
    viaProxy.password = PASSWORD;
    server = await spawnHttpServer({
      TASK_MCP_STORE: 'postgres',
      TASK_MCP_DATABASE_URL: viaProxy.href,
      TASK_MCP_DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
    });
    client = new Client({ name: 'outage', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(server.url));
  });

  afterAll(async () => {
    await client?.close();
    server?.child.kill('SIGKILL');
    await proxy?.close();
    await database?.drop();
  });

  async function run(durationMs: number): Promise<string> {
    const created = await client.request(
      { method: 'tools/call', params: { name: 'wait', arguments: { durationMs }, task: {} } },
      CreateTaskResultSchema,
    );
    return created.task.taskId;
  }

  it('answers with a clear error while it is away, and works again once it is back', async () => {
    const before = await run(10);
    await client.request(
      { method: 'tasks/result', params: { taskId: before } },
      CallToolResultSchema,
    );

    // Down: connections are cut and new ones refused.
    proxy.setMode('refuse');
    const refused = await rawRequest(client, 'tasks/get', { taskId: before });
    expect(refused.error).toEqual({
      code: STORE_UNAVAILABLE_CODE,
      message: 'The task store is unavailable right now; nothing was changed. Try again shortly',
    });
    // The readiness probe says so, while the liveness probe stays up.
    const notReady = await fetch(new URL('/ready', server.url));
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({
      status: 'not ready',
      checks: { store: 'unreachable', catalogue: 'ok', keys: 'none' },
    });
    expect((await fetch(new URL('/health', server.url))).status).toBe(200);

    // Hanging: connections are accepted and never answered. The request still ends, with the
    // same error, bounded by the statement timeout rather than left waiting.
    proxy.setMode('blackhole');
    const startedAt = Date.now();
    const hung = await rawRequest(client, 'tools/call', {
      name: 'wait',
      arguments: { durationMs: 10 },
      task: {},
    });
    expect(hung.error?.code).toBe(STORE_UNAVAILABLE_CODE);
    expect(Date.now() - startedAt).toBeLessThan(STATEMENT_TIMEOUT_MS + 4000);

    // Back: the next requests work, old tasks included.
    proxy.setMode('forward');
    await eventually(
      async () => !(await rawRequest(client, 'tasks/get', { taskId: before })).error,
    );
    await eventually(async () => (await fetch(new URL('/ready', server.url))).status === 200);
    const after = await run(10);
    const result = await client.request(
      { method: 'tasks/result', params: { taskId: after } },
      CallToolResultSchema,
    );
    expect(result.isError).toBeFalsy();
    expect((await client.experimental.tasks.getTask(before)).status).toBe('completed');

    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect(server.stderr()).not.toMatch(STACK_TRACE);
    expect(server.stderr()).not.toContain(PASSWORD);
    expect(server.stderr()).toContain('task store unavailable');
  });
});
