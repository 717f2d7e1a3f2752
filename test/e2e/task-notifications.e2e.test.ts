import { z } from 'zod';
import type { TaskTool, ToolResult } from '../../src/application/ports/task-tool.js';
import type { TaskContext } from '../../src/application/tool-kit/task-context.js';
import { TaskSubscriptions } from '../../src/adapters/mcp/subscriptions/task-subscriptions.js';
import { eventually, startHttpFixture, type HttpFixture } from '../support/http-fixture.js';
import { stalledClient } from '../support/loopback-http.js';
import { Listen, request2026, type Wire } from '../support/modern-http.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../support/postgres.js';
import { spawnHttpServer, STACK_TRACE, type SpawnedServer } from '../support/spawned-server.js';
import { spawnStdioServer } from '../support/stdio-lines.js';

const SUBSCRIPTION = 'io.modelcontextprotocol/subscriptionId';

/**
 * Changes its task many times, each change with a 1000-character status message, letting the
 * event loop turn between changes (as a real tool's I/O would), so that they go out as they come.
 */
class ChattyTool implements TaskTool {
  readonly name = 'chatty';
  readonly description = 'Changes its status message many times, quickly';
  readonly inputSchema = z.object({ changes: z.number().int() });
  readonly taskSupport = 'optional';
  changesMade = 0;

  async run(args: { changes: number }, ctx: TaskContext): Promise<ToolResult> {
    for (let i = 0; i < args.changes && !ctx.signal.aborted; i++) {
      await ctx.setStatusMessage(`${i} ${'x'.repeat(990)}`);
      this.changesMade = i + 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { content: [{ type: 'text', text: 'done' }] };
  }
}

async function startWait(url: URL, owner: string, durationMs = 500, steps = 5): Promise<string> {
  const { body } = await request2026(
    url,
    'tools/call',
    { name: 'wait', arguments: { durationMs, steps } },
    { owner },
  );
  expect(body.result).toMatchObject({ resultType: 'task', status: 'working' });
  return body.result.taskId as string;
}

describe.each(['session', 'stateless'])(
  'subscriptions/listen over 2026-07-28 HTTP (%s mode)',
  (mode) => {
    let fixture: HttpFixture;
    const chatty = new ChattyTool();

    beforeAll(async () => {
      fixture = await startHttpFixture({
        ownersByHeader: true,
        tools: [chatty],
        env: { TASK_MCP_HTTP_MODE: mode },
      });
    });
    afterAll(() => fixture.close());

    it("streams the acknowledgement, then each state of the caller's task in order, the completed task with its result last", async () => {
      const taskId = await startWait(fixture.url, 'alice');
      const listen = await Listen.open(fixture.url, [taskId], { owner: 'alice', id: 'sub-1' });
      expect(listen.status).toBe(200);
      await listen.until((message) => message.params?.status === 'completed');
      const [ack, ...rest] = listen.messages;
      expect(ack).toEqual({
        jsonrpc: '2.0',
        method: 'notifications/subscriptions/acknowledged',
        params: { _meta: { [SUBSCRIPTION]: 'sub-1' }, notifications: { taskIds: [taskId] } },
      });
      expect(rest.every((message: Wire) => message.method === 'notifications/tasks')).toBe(true);
      const states = listen.tasks;
      expect(states.every((task: Wire) => task._meta[SUBSCRIPTION] === 'sub-1')).toBe(true);
      const stamps = states.map((task: Wire) => Date.parse(task.lastUpdatedAt));
      expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
      expect(states.at(-1)).toMatchObject({
        taskId,
        status: 'completed',
        result: { content: [{ type: 'text', text: 'Waited 500 ms' }] },
      });
      // No notifications/progress or notifications/message: progress shows in statusMessage.
      expect(states.map((task: Wire) => task.statusMessage).filter(Boolean)).toContain(
        'Waiting (4/5)',
      );
      // The stream stays open after the task ended; the client closes it.
      expect(listen.ended).toBe(false);
      listen.close();
      await eventually(() => fixture.container.get(TaskSubscriptions).size === 0);
    });

    it("treats another owner's task exactly like an unknown id: the same acknowledgement, then nothing", async () => {
      const taskId = await startWait(fixture.url, 'alice', 300);
      const theirs = await Listen.open(fixture.url, [taskId], { owner: 'mallory', id: 9 });
      const unknown = await Listen.open(fixture.url, ['tsk-no-such-task-id-000'], {
        owner: 'mallory',
        id: 9,
      });
      const mine = await Listen.open(fixture.url, [taskId], { owner: 'alice', id: 9 });
      await mine.until((message) => message.params?.status === 'completed');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(theirs.messages).toHaveLength(1);
      expect(unknown.messages).toHaveLength(1);
      const shape = (listen: Listen) =>
        JSON.stringify(listen.messages)
          .replace(taskId, 'ID')
          .replace('tsk-no-such-task-id-000', 'ID');
      expect(shape(theirs)).toBe(shape(unknown));
      for (const listen of [theirs, unknown, mine]) listen.close();
    });

    it('refuses task notifications to a client that did not declare the tasks extension', async () => {
      const refused = await Listen.open(fixture.url, ['anything'], {
        owner: 'alice',
        capabilities: {},
      });
      expect(refused.status).toBe(400);
      expect(refused.messages[0].error).toMatchObject({
        code: -32021,
        data: { requiredCapabilities: { extensions: { 'io.modelcontextprotocol/tasks': {} } } },
      });
    });

    it('cuts off a listen whose client reads nothing, while its task goes on changing', async () => {
      const subscriptions = fixture.container.get(TaskSubscriptions);
      const { body } = await request2026(
        fixture.url,
        'tools/call',
        { name: 'chatty', arguments: { changes: 20_000 } },
        { owner: 'slow-reader' },
      );
      const taskId = body.result.taskId as string;
      const payload = JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'subscriptions/listen',
        params: {
          notifications: { taskIds: [taskId] },
          _meta: {
            'io.modelcontextprotocol/protocolVersion': '2026-07-28',
            'io.modelcontextprotocol/clientCapabilities': {
              extensions: { 'io.modelcontextprotocol/tasks': {} },
            },
          },
        },
      });
      const before = process.memoryUsage().rss;
      const reader = stalledClient(
        fixture.url,
        `POST ${fixture.url.pathname} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
          'content-type: application/json\r\naccept: application/json, text/event-stream\r\n' +
          'mcp-protocol-version: 2026-07-28\r\nmcp-method: subscriptions/listen\r\n' +
          `x-test-owner: slow-reader\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`,
      );
      await eventually(() => subscriptions.size === 1);
      // Each change is about 1.2 KB on the stream: 20,000 of them would be 24 MB unread.
      await eventually(() => subscriptions.size === 0, 30_000);
      expect(chatty.changesMade).toBeLessThan(20_000);
      reader.socket.destroy();
      expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
      await request2026(fixture.url, 'tasks/cancel', { taskId }, { owner: 'slow-reader' });
    });
  },
);

describe('a shutdown with listens open', () => {
  it('ends each listen with its complete result before the connections close', async () => {
    const fixture = await startHttpFixture({ ownersByHeader: true });
    const listen = await Listen.open(fixture.url, [], { owner: 'alice', id: 'last' });
    await listen.until((message) => message.method === 'notifications/subscriptions/acknowledged');
    await fixture.close();
    const last = await listen.until((message) => message.id === 'last');
    expect(last).toEqual({
      jsonrpc: '2.0',
      id: 'last',
      result: { resultType: 'complete', _meta: { [SUBSCRIPTION]: 'last' } },
    });
  });
});

describePostgres('subscriptions/listen across replicas sharing PostgreSQL', () => {
  let database: TestDatabase;
  const servers: SpawnedServer[] = [];
  let stdio: ReturnType<typeof spawnStdioServer>;

  beforeAll(async () => {
    database = await freshDatabase();
    const shared = { TASK_MCP_STORE: 'postgres', TASK_MCP_DATABASE_URL: database.url };
    for (const [name, mode] of [
      ['runs-the-task', 'session'],
      ['listens-in-session-mode', 'session'],
      ['listens-stateless', 'stateless'],
    ]) {
      servers.push(
        await spawnHttpServer({
          ...shared,
          TASK_MCP_REPLICA_NAME: name!,
          TASK_MCP_HTTP_MODE: mode!,
        }),
      );
    }
    stdio = spawnStdioServer({ ...shared, TASK_MCP_REPLICA_NAME: 'listens-over-stdio' });
  });

  afterAll(async () => {
    for (const server of servers) server.child.kill('SIGTERM');
    const exits = await Promise.all([...servers.map((server) => server.exited), stdio.end()]);
    await database.drop();
    for (const exit of exits) expect(exit).toEqual({ code: 0, signal: null });
    for (const server of servers) expect(server.stderr()).not.toMatch(STACK_TRACE);
    expect(stdio.stderr()).not.toMatch(STACK_TRACE);
  });

  /** What a listen heard, as status messages (or the status, where there is none). */
  const heard = (states: Wire[]): string[] =>
    states.map((task: Wire) => task.statusMessage ?? task.status);

  it('hears on other replicas, over HTTP in both modes and over stdio, every change of a task one replica runs, in order, ending with the terminal task', async () => {
    const [running, sessionMode, stateless] = servers as [
      SpawnedServer,
      SpawnedServer,
      SpawnedServer,
    ];
    const taskId = await startWait(running.url, 'local', 2000, 10);
    await stdio.request('server/discover', {});
    stdio.send('subscriptions/listen', { notifications: { taskIds: [taskId] } }, 'over-stdio');
    const listens = [
      await Listen.open(sessionMode.url, [taskId]),
      await Listen.open(stateless.url, [taskId]),
    ];
    const isDone = (message: Wire) =>
      message.method === 'notifications/tasks' && message.params.status === 'completed';
    for (const listen of listens) {
      const done = await listen.until(isDone);
      expect(done.params.result).toEqual({
        content: [{ type: 'text', text: 'Waited 2000 ms' }],
        resultType: 'complete',
      });
    }
    await stdio.next(isDone);
    const overStdio = stdio.messages
      .filter((message) => message.params?._meta?.[SUBSCRIPTION] === 'over-stdio')
      .filter((message) => message.method === 'notifications/tasks')
      .map((message) => message.params);
    for (const states of [...listens.map((listen) => listen.tasks), overStdio]) {
      const messages = heard(states);
      // Each heard every step from the moment it listened, in order, and nothing after the end.
      const steps = messages.slice(0, -1).filter((message) => message.startsWith('Waiting'));
      expect(steps).toEqual([...steps].sort());
      expect(steps.length).toBeGreaterThanOrEqual(3);
      const numbers = steps.map((step) => Number(/\((\d+)\//.exec(step)![1]));
      expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => numbers[0]! + i));
      expect(messages.at(-1)).toBe('completed');
    }
    for (const listen of listens) listen.close();
    stdio.notify('notifications/cancelled', { requestId: 'over-stdio' });
  });
});

describe('2026-07-28 over stdio', () => {
  it('serves discover, a task, its listen and tasks/get from the same table as HTTP, and exits cleanly', async () => {
    const server = spawnStdioServer();
    const discovered = await server.request('server/discover', {});
    expect(discovered.result).toMatchObject({
      resultType: 'complete',
      supportedVersions: expect.arrayContaining(['2026-07-28', '2025-11-25']),
    });
    const created = await server.request('tools/call', {
      name: 'wait',
      arguments: { durationMs: 400, steps: 4 },
    });
    const taskId = created.result.taskId as string;
    server.send('subscriptions/listen', { notifications: { taskIds: [taskId] } }, 'sub');
    const done = await server.next(
      (message) =>
        message.method === 'notifications/tasks' && message.params.status === 'completed',
    );
    expect(done.params).toMatchObject({ taskId, _meta: { [SUBSCRIPTION]: 'sub' } });
    const got = await server.request('tasks/get', { taskId });
    expect(got.result).toMatchObject({ taskId, status: 'completed', resultType: 'complete' });
    // The listen ends when the client cancels it: no answer to it, ever.
    server.notify('notifications/cancelled', { requestId: 'sub' });
    const unknown = await server.request('tasks/get', { taskId: 'no-such-task' });
    expect(unknown.error).toMatchObject({ code: -32602, message: 'Task not found' });
    const wrongVersion = await server.request('tools/list', {}, { version: '2099-01-01' });
    expect(wrongVersion.error).toMatchObject({ code: -32022 });
    // A 2025-11-25 client may share the process: initialize still works.
    const legacy = await server.legacyRequest('initialize', {
      protocolVersion: '2025-11-25',
      capabilities: {},
      clientInfo: { name: 'legacy', version: '1' },
    });
    expect(legacy.result.protocolVersion).toBe('2025-11-25');
    const exit = await server.end();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.messages.filter((message) => message.id === 'sub')).toEqual([]);
    expect(server.stderr()).not.toMatch(STACK_TRACE);
  });
});
