import type { ChildProcess } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CallToolResultSchema,
  CreateTaskResultSchema,
  McpError,
  TaskStatusNotificationSchema,
  type Task,
} from '@modelcontextprotocol/sdk/types.js';
import { eventually } from '../support/http-fixture.js';
import { builtBin, isolatedProcessEnv } from '../support/isolated-env.js';
import { IDLE_SCRIPT, pidOfJob, writeCatalogue } from '../support/jobs.js';
import { isGone } from '../support/processes.js';
import { rawRequest } from '../support/rpc.js';
import { spawnHttpServer, STACK_TRACE, type Exit } from '../support/spawned-server.js';

const catalogue = (): string =>
  writeCatalogue([
    {
      name: 'idle',
      description: 'Idles until stopped',
      command: 'node',
      args: ['-e', IDLE_SCRIPT, '--', '{{stubborn}}'],
      parameters: { stubborn: { type: 'boolean', default: false } },
      taskSupport: 'required',
    },
  ]);

/** Starts the idle job as a task; returns its id and the pid it printed once it is running. */
async function startIdleJob(client: Client, stubborn = false) {
  const created = await client.request(
    { method: 'tools/call', params: { name: 'idle', arguments: { stubborn }, task: {} } },
    CreateTaskResultSchema,
  );
  const taskId = created.task.taskId;
  return { taskId, pid: await pidOfJob(client, taskId) };
}

/** The SDK's stdio client, connected to the built binary with the idle catalogue. */
async function connectOverStdio(name: string) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [builtBin],
    env: isolatedProcessEnv({ TASK_MCP_TRANSPORT: 'stdio', TASK_MCP_JOBS: catalogue() }),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(transport);
  // The SDK's transport offers no exit code; its child process is the server itself.
  const server = (transport as unknown as { _process: ChildProcess })._process;
  const exited = new Promise<Exit>((resolve) =>
    server.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { client, server, exited, stderr: () => stderr };
}

describe('stdio: the client closes', () => {
  it('exits 0 within 2 s, with no stack trace, and leaves no job process behind', async () => {
    const { client, exited, stderr } = await connectOverStdio('stdio-close');
    const { pid } = await startIdleJob(client);

    const closingAt = Date.now();
    await client.close();
    const exit = await exited;

    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - closingAt).toBeLessThan(2000);
    expect(stderr()).not.toMatch(STACK_TRACE);
    expect(stderr()).toContain('"message":"stopped"');
    expect(isGone(pid)).toBe(true);
  });
});

describe('HTTP: SIGTERM while a job runs', () => {
  it('answers the waiter and the session stream with the terminal result, then exits 0', async () => {
    const server = await spawnHttpServer({ TASK_MCP_JOBS: catalogue() });
    const client = new Client({ name: 'sigterm', version: '1.0.0' });
    const statuses: Task[] = [];
    client.setNotificationHandler(TaskStatusNotificationSchema, (notification) => {
      statuses.push(notification.params);
    });
    await client.connect(new StreamableHTTPClientTransport(server.url));
    const { taskId, pid } = await startIdleJob(client, true);
    const waiting = client.experimental.tasks.getTaskResult(taskId, CallToolResultSchema);
    // The waiter's request must be in flight before the signal.
    await new Promise((resolve) => setTimeout(resolve, 300));

    server.child.kill('SIGTERM');
    await server.stderrIncludes('"message":"shutting down"');
    // The stubborn job holds the stop for half a second: new requests meanwhile get 503.
    const late = await fetch(new URL('/health', server.url));
    expect(late.status).toBe(503);
    expect(late.headers.get('retry-after')).toBe('5');

    // The server ended the task: tasks/result answers the request's JSON-RPC error (issue 20,
    // defect 14), as 2026-07-28's tasks/get shows the same task failed with that error.
    const failure = await waiting.then(
      () => undefined,
      (error: unknown) => error as McpError,
    );
    expect(failure).toBeInstanceOf(McpError);
    expect(failure?.code).toBe(-32603);
    expect(failure?.message).toContain('server shutting down');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const terminal = statuses.find(
      (status) => status.taskId === taskId && status.status === 'failed',
    );
    expect(terminal?.statusMessage).toMatch(
      /^server shutting down\. Its process group \(pid \d+\) was killed with SIGKILL/,
    );
    expect(isGone(pid)).toBe(true);
    expect(server.stderr()).not.toMatch(STACK_TRACE);
    await client.close();
  });

  it('refuses new work in-band while stopping, and exits at once on a second signal', async () => {
    const server = await spawnHttpServer({ TASK_MCP_JOBS: catalogue() });
    const client = new Client({ name: 'second-signal', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(server.url));
    const { pid } = await startIdleJob(client, true);

    server.child.kill('SIGTERM');
    await server.stderrIncludes('"message":"shutting down"');
    server.child.kill('SIGINT');

    expect(await server.exited).toEqual({ code: 130, signal: null });
    expect(server.stderr()).toContain('task-mcp: SIGINT again, exiting at once');
    expect(server.stderr()).not.toMatch(STACK_TRACE);
    await eventually(() => isGone(pid), 2000);
    await client.close().catch(() => undefined);
  });

  it('stops waiting when the grace runs out: kills the jobs left and exits 1', async () => {
    const server = await spawnHttpServer({
      TASK_MCP_JOBS: catalogue(),
      TASK_MCP_SHUTDOWN_GRACE_MS: '100',
    });
    const client = new Client({ name: 'grace', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(server.url));
    const { pid } = await startIdleJob(client, true);

    server.child.kill('SIGTERM');

    expect(await server.exited).toEqual({ code: 1, signal: null });
    expect(server.stderr()).toContain('the shutdown grace ran out');
    expect(server.stderr()).not.toMatch(STACK_TRACE);
    await eventually(() => isGone(pid), 2000);
    await client.close().catch(() => undefined);
  });
});

describe('stdio: new work while stopping', () => {
  it('gets a clear in-band error', async () => {
    const { client, server, stderr } = await connectOverStdio('stdio-stopping');
    await startIdleJob(client, true);
    server.kill('SIGTERM');
    await eventually(() => stderr().includes('"message":"shutting down"'), 5000);

    const refused = await rawRequest(client, 'tools/call', {
      name: 'idle',
      arguments: {},
      task: {},
    });

    expect(refused.error).toEqual({
      code: -32005,
      message: 'The server is shutting down and accepts no new work; try again once it is back',
    });
    await client.close();
  });
});
