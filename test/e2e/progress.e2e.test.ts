import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  CallToolResultSchema,
  CreateTaskResultSchema,
  type Progress,
} from '@modelcontextprotocol/sdk/types.js';
import { eventually, startHttpFixture, type HttpFixture } from '../support/http-fixture.js';
import { builtBin, isolatedProcessEnv } from '../support/isolated-env.js';

const WAIT = { name: 'wait', arguments: { durationMs: 300, steps: 4 } };

/** What a client showing progress would show: each step, in order. */
function expectSteps(steps: Progress[]): void {
  expect(steps).toEqual([
    { progress: 1, total: 4, message: 'Waiting (1/4)' },
    { progress: 2, total: 4, message: 'Waiting (2/4)' },
    { progress: 3, total: 4, message: 'Waiting (3/4)' },
  ]);
}

describe('notifications/progress for a request that carries a progressToken', () => {
  let fixture: HttpFixture;
  let client: Client;

  beforeAll(async () => {
    fixture = await startHttpFixture();
    client = await fixture.connect();
  });
  afterAll(() => fixture.close());

  it('follows a task-augmented call for the life of its task, as its status message does', async () => {
    const steps: Progress[] = [];
    const created = await client.request(
      { method: 'tools/call', params: { ...WAIT, task: {} } },
      CreateTaskResultSchema,
      { onprogress: (step) => steps.push(step) },
    );
    const { taskId } = created.task;
    await client.request({ method: 'tasks/result', params: { taskId } }, CallToolResultSchema);
    await eventually(() => steps.length === 3);
    expectSteps(steps);
  });

  it('follows a plain call until its answer', async () => {
    const steps: Progress[] = [];
    const result = await client.request(
      { method: 'tools/call', params: WAIT },
      CallToolResultSchema,
      {
        onprogress: (step) => steps.push(step),
      },
    );
    expect(result.isError).toBeFalsy();
    expectSteps(steps);
  });

  it('numbers the status updates of a tool that only sets messages (a job)', async () => {
    const steps: Progress[] = [];
    const created = await client.request(
      {
        method: 'tools/call',
        params: { name: 'countdown', arguments: { seconds: 2 }, task: {} },
      },
      CreateTaskResultSchema,
      { onprogress: (step) => steps.push(step) },
    );
    await client.request(
      { method: 'tasks/result', params: { taskId: created.task.taskId } },
      CallToolResultSchema,
    );
    // A job's progress is its output, once a second: "Started (pid N)", then "Running for ...".
    await eventually(() => steps.length >= 2);
    expect(steps.map((step) => step.progress)).toEqual(steps.map((_, i) => i + 1));
    expect(steps[0]!.message).toMatch(/^Started \(pid \d+\)/);
    expect(steps[1]!.message).toMatch(/^Running for \d+ s \(pid \d+\): \d+ lines of output/);
    for (const step of steps) expect(step).not.toHaveProperty('total');
  });

  it('sends none when no token was given', async () => {
    let notified = 0;
    client.setNotificationHandler(
      (await import('@modelcontextprotocol/sdk/types.js')).ProgressNotificationSchema,
      () => {
        notified += 1;
      },
    );
    await client.request({ method: 'tools/call', params: WAIT }, CallToolResultSchema);
    expect(notified).toBe(0);
  });
});

describe('notifications/progress over stdio', () => {
  it('follows a task-augmented call', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [builtBin],
      env: isolatedProcessEnv({ TASK_MCP_TRANSPORT: 'stdio' }),
      stderr: 'pipe',
    });
    const client = new Client({ name: 'progress', version: '1.0.0' });
    await client.connect(transport);
    try {
      const steps: Progress[] = [];
      const created = await client.request(
        { method: 'tools/call', params: { ...WAIT, task: {} } },
        CreateTaskResultSchema,
        { onprogress: (step) => steps.push(step) },
      );
      await client.request(
        { method: 'tasks/result', params: { taskId: created.task.taskId } },
        CallToolResultSchema,
      );
      await eventually(() => steps.length === 3);
      expectSteps(steps);
    } finally {
      await client.close();
    }
  });
});
