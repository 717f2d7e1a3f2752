import {
  CallToolResultSchema,
  CreateTaskResultSchema,
  TaskStatusNotificationSchema,
  type Task,
} from '@modelcontextprotocol/sdk/types.js';
import { TaskRunner } from '../../src/application/services/task-runner.js';
import { eventually, startHttpFixture, type HttpFixture } from '../support/http-fixture.js';
import { rawRequest, startLongPrimesTask } from '../support/rpc.js';

describe.each(['session', 'stateless'] as const)(
  'Streamable HTTP (%s mode), real SDK client',
  (mode) => {
    let fixture: HttpFixture;

    beforeAll(async () => {
      fixture = await startHttpFixture({ env: { TASK_MCP_HTTP_MODE: mode } });
    });

    afterAll(async () => {
      await fixture.close();
    });

    it('lists the tools with their task support', async () => {
      const client = await fixture.connect();
      const { tools } = await client.listTools();
      expect(tools.map((t) => [t.name, t.execution?.taskSupport])).toEqual([
        ['count_primes', 'required'],
        ['wait', 'optional'],
        ['guess_number', 'optional'],
        ['countdown', 'optional'],
        ['simulate-build', 'required'],
        ['simulate-deploy', 'required'],
        ['write-file', 'optional'],
        ['list-files', 'optional'],
        ['search-text', 'optional'],
        ['checksum', 'optional'],
      ]);
      expect(tools[0]!.outputSchema).toMatchObject({ type: 'object' });
      expect(client.getServerCapabilities()?.tasks).toEqual({
        list: {},
        cancel: {},
        requests: { tools: { call: {} } },
      });
    });

    it('runs the whole lifecycle: create as task, get, result, list', async () => {
      const client = await fixture.connect();
      const created = await client.request(
        {
          method: 'tools/call',
          params: { name: 'count_primes', arguments: { below: 2_000_000 }, task: { ttl: 60_000 } },
        },
        CreateTaskResultSchema,
      );
      const { taskId } = created.task;
      expect(created.task).toMatchObject({ status: 'working', ttl: 60_000, pollInterval: 1000 });
      expect(Date.parse(created.task.createdAt)).not.toBeNaN();

      const polled = await client.experimental.tasks.getTask(taskId);
      expect(polled.taskId).toBe(taskId);
      expect(['working', 'completed']).toContain(polled.status);

      const result = await client.experimental.tasks.getTaskResult(taskId, CallToolResultSchema);
      expect(result.content).toEqual([
        { type: 'text', text: 'There are 148933 primes below 2000000.' },
      ]);
      expect(result.structuredContent).toMatchObject({
        below: 2_000_000,
        count: 148_933,
        largest: 1_999_993,
      });
      expect(result._meta?.['io.modelcontextprotocol/related-task']).toEqual({ taskId });

      expect((await client.experimental.tasks.getTask(taskId)).status).toBe('completed');
      const listed = await client.experimental.tasks.listTasks();
      expect(listed.tasks.map((t: Task) => t.taskId)).toContain(taskId);
    });

    it('cancels a running task: the status is cancelled at once and the work really stops', async () => {
      const client = await fixture.connect();
      const runner = fixture.container.get(TaskRunner);
      const taskId = await startLongPrimesTask(client);
      expect(runner.runningCount).toBeGreaterThan(0);

      const cancelled = await client.experimental.tasks.cancelTask(taskId);
      expect(cancelled).toMatchObject({ taskId, status: 'cancelled' });
      await eventually(() => runner.runningCount === 0, 2000);

      const after = await client.experimental.tasks.getTask(taskId);
      expect(after.status).toBe('cancelled');
      const result = await client.experimental.tasks.getTaskResult(taskId, CallToolResultSchema);
      expect(result.isError).toBe(true);

      const again = await rawRequest(client, 'tasks/cancel', { taskId });
      expect(again.error).toEqual({
        code: -32602,
        message: "Cannot cancel task: already in terminal status 'cancelled'",
      });
    });

    it('answers -32601 when a required-task tool is called without task', async () => {
      const client = await fixture.connect();
      const reply = await rawRequest(client, 'tools/call', {
        name: 'count_primes',
        arguments: { below: 10 },
      });
      expect(reply.error?.code).toBe(-32601);
      expect(reply.error?.message).toMatch(/must be called as a task/);
    });

    it('runs an optional tool inline when called without task', async () => {
      const client = await fixture.connect();
      const result = await client.callTool({
        name: 'wait',
        arguments: { durationMs: 10, steps: 2 },
      });
      expect(result.content).toEqual([{ type: 'text', text: 'Waited 10 ms' }]);
    });

    it('answers -32602 for an unknown task id on get, result and cancel', async () => {
      const client = await fixture.connect();
      for (const method of ['tasks/get', 'tasks/result', 'tasks/cancel']) {
        const reply = await rawRequest(client, method, { taskId: 'AAAAAAAAAAAAAAAAAAAAAAAA' });
        expect(reply.error).toEqual({ code: -32602, message: 'Task not found' });
      }
    });

    if (mode === 'session') {
      it('sends notifications/tasks/status on the open stream', async () => {
        const client = await fixture.connect();
        const statuses: string[] = [];
        client.setNotificationHandler(TaskStatusNotificationSchema, (notification) => {
          statuses.push(notification.params.status);
        });
        const created = await client.request(
          {
            method: 'tools/call',
            params: { name: 'wait', arguments: { durationMs: 300, steps: 3 }, task: {} },
          },
          CreateTaskResultSchema,
        );
        await client.experimental.tasks.getTaskResult(created.task.taskId, CallToolResultSchema);
        await eventually(() => statuses.includes('completed'));
        expect(statuses).toContain('working');
      });
    }
  },
);
