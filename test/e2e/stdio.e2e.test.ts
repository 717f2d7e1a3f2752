import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CallToolResultSchema, CreateTaskResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { eventually } from '../support/http-fixture.js';
import { rawRequest, startLongPrimesTask } from '../support/rpc.js';
import { BUNDLED_JOB_NAMES } from '../support/jobs.js';
import { isolatedProcessEnv, repoRoot } from '../support/isolated-env.js';

const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};
const bin = join(repoRoot, packageJson.bin['task-mcp']!);

describe('stdio, spawned task-mcp with the real SDK client', () => {
  let client: Client;
  let transport: StdioClientTransport;
  let stderr = '';

  beforeAll(async () => {
    transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin],
      env: isolatedProcessEnv({ TASK_MCP_TRANSPORT: 'stdio', TASK_MCP_LOG_LEVEL: 'info' }),
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    client = new Client({ name: 'stdio-e2e', version: '1.0.0' });
    await client.connect(transport);
  });

  afterAll(async () => {
    await client.close();
  });

  it('introduces itself with the package version', () => {
    expect(client.getServerVersion()).toEqual({ name: 'task-mcp', version: packageJson.version });
  });

  it('serves the tools and the whole task lifecycle', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      'count_primes',
      'wait',
      'guess_number',
      ...BUNDLED_JOB_NAMES,
    ]);

    const created = await client.request(
      {
        method: 'tools/call',
        params: { name: 'count_primes', arguments: { below: 1000 }, task: { ttl: 30_000 } },
      },
      CreateTaskResultSchema,
    );
    const { taskId } = created.task;
    const result = await client.experimental.tasks.getTaskResult(taskId, CallToolResultSchema);
    expect(result.structuredContent).toMatchObject({ count: 168, largest: 997 });
    expect(result._meta?.['io.modelcontextprotocol/related-task']).toEqual({ taskId });
    expect((await client.experimental.tasks.getTask(taskId)).status).toBe('completed');
    expect((await client.experimental.tasks.listTasks()).tasks.map((t) => t.taskId)).toContain(
      taskId,
    );
  });

  it('cancels running work, and the server reports the work itself ended', async () => {
    const taskId = await startLongPrimesTask(client);
    expect((await client.experimental.tasks.cancelTask(taskId)).status).toBe('cancelled');
    // The runner logs when a tool's run() has returned: proof that the sieve loop stopped.
    await eventually(() => stderr.includes(`"task":"${taskId}","reason":"cancelled"`), 3000);
    const status = await client.experimental.tasks.getTask(taskId);
    expect(status.status).toBe('cancelled');
  });

  it('answers the spec error codes', async () => {
    expect(
      (await rawRequest(client, 'tools/call', { name: 'count_primes', arguments: { below: 5 } }))
        .error?.code,
    ).toBe(-32601);
    expect((await rawRequest(client, 'tasks/get', { taskId: 'nope' })).error).toEqual({
      code: -32602,
      message: 'Task not found',
    });
  });

  it('writes nothing but protocol messages to stdout (logs go to stderr)', () => {
    expect(stderr).toContain('task-mcp serving MCP on stdio');
    expect(stderr).toContain('"message":"task created"');
  });
});
