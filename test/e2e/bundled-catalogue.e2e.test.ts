import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  CallToolResultSchema,
  CreateTaskResultSchema,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { JobOutput } from '../../src/adapters/jobs/job-result.js';
import { builtBin as main, isolatedProcessEnv } from '../support/isolated-env.js';
import { BUNDLED_JOB_NAMES, writeCatalogue } from '../support/jobs.js';
import { rawRequest } from '../support/rpc.js';

/** The server as a first-time user starts it: nothing set but the transport. */
describe('the bundled example catalogue, served over stdio by the built server', () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ name: 'bundled-catalogue-e2e', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [main],
        env: isolatedProcessEnv({ TASK_MCP_TRANSPORT: 'stdio' }),
        stderr: 'ignore',
      }),
    );
  });

  afterAll(async () => {
    await client.close();
  });

  const output = (result: unknown) => (result as CallToolResult).structuredContent as JobOutput;

  it('lists the example jobs beside the demo tools', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual([
      'count_primes',
      'wait',
      'guess_number',
      ...BUNDLED_JOB_NAMES,
    ]);
  });

  it('writes, lists, searches and checksums a file in the caller’s workspace', async () => {
    const file = `e2e-${randomBytes(6).toString('hex')}.txt`;
    const text = 'a needle in a haystack';
    const written = await client.callTool({ name: 'write-file', arguments: { file, text } });
    expect(output(written)).toMatchObject({ exitCode: 0, stdout: 'wrote 23 bytes\n' });

    const listed = await client.callTool({ name: 'list-files', arguments: {} });
    expect(output(listed).stdout).toContain(file);

    const found = await client.callTool({
      name: 'search-text',
      arguments: { pattern: 'NEEDLE', ignoreCase: true },
    });
    expect(output(found).stdout).toContain(`./${file}:1:${text}`);

    const summed = await client.callTool({ name: 'checksum', arguments: { file } });
    const expected = createHash('sha256').update(`${text}\n`).digest('hex');
    expect(output(summed).stdout).toMatch(new RegExp(`^${expected}  /.*/${file}\\n$`));
  });

  it('runs a countdown to completion', async () => {
    const done = await client.callTool({ name: 'countdown', arguments: { seconds: 1 } });
    expect(output(done)).toMatchObject({ exitCode: 0, stdout: '1 s left\n0 s left\n' });
  });

  it('refuses a second build of the same target while the first holds its lock', async () => {
    const start = (target: string) =>
      client.request(
        {
          method: 'tools/call',
          params: { name: 'simulate-build', arguments: { target, seconds: 30 }, task: {} },
        },
        CreateTaskResultSchema,
      );
    const first = await start('docs');
    const second = await rawRequest(client, 'tools/call', {
      name: 'simulate-build',
      arguments: { target: 'docs' },
      task: {},
    });
    expect(second.error).toMatchObject({ code: -32004 });
    expect(second.error?.message).toMatch(/^Lock 'build-docs' is held by another run/);
    const cancelled = await client.experimental.tasks.cancelTask(first.task.taskId);
    expect(cancelled.statusMessage).toMatch(/Its process group \(pid \d+\) was stopped/);
    const again = await start('docs');
    await client.experimental.tasks.cancelTask(again.task.taskId);
    const result = await client.experimental.tasks.getTaskResult(
      again.task.taskId,
      CallToolResultSchema,
    );
    expect(result.isError).toBe(true);
  });
});

describe('a bad catalogue at start-up', () => {
  it('stops the server with exit code 2 and a message naming the job and the field', async () => {
    const file = writeCatalogue([
      { name: 'deploy', description: 'Deploys', command: 'node', timeoutSeconds: 'soon' },
    ]);
    const run = promisify(execFile)(process.execPath, [main], {
      env: isolatedProcessEnv({ TASK_MCP_JOBS: file, TASK_MCP_PORT: '0' }),
    });
    await expect(run).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /^task-mcp: configuration error: TASK_MCP_JOBS: jobs\[0\] \(deploy\)\.timeoutSeconds: Invalid input: expected number, received string \(in \/.*\/jobs\.json\)\n$/,
      ),
    });
  });
});
