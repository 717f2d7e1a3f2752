import { CreateTaskResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { startHttpFixture, type HttpFixture } from '../support/http-fixture.js';
import { freshDatabase, postgresUp, type TestDatabase } from '../support/postgres.js';
import { postRaw, rawRequest, rpcBody } from '../support/rpc.js';

const VARIANTS = [
  ['session', 'memory'],
  ['stateless', 'memory'],
  ['session', 'postgres'],
  ['stateless', 'postgres'],
] as const;

describe.each(VARIANTS)('two owners side by side (%s mode, %s store)', (mode, store) => {
  const skip = store === 'postgres' && !postgresUp;
  let fixture: HttpFixture;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    if (skip) return;
    database = store === 'postgres' ? await freshDatabase() : undefined;
    const storeEnv: Record<string, string> = database
      ? { TASK_MCP_STORE: 'postgres', TASK_MCP_DATABASE_URL: database.url }
      : {};
    fixture = await startHttpFixture({
      env: { TASK_MCP_HTTP_MODE: mode, ...storeEnv },
      ownersByHeader: true,
    });
  });

  afterAll(async () => {
    await fixture?.close();
    await database?.drop();
  });

  const it = skip ? test.skip : test;

  async function aliceTask(): Promise<{
    taskId: string;
    alice: Awaited<ReturnType<HttpFixture['connect']>>;
  }> {
    const alice = await fixture.connect('alice');
    const created = await alice.request(
      {
        method: 'tools/call',
        params: { name: 'wait', arguments: { durationMs: 60_000 }, task: {} },
      },
      CreateTaskResultSchema,
    );
    return { taskId: created.task.taskId, alice };
  }

  it("answers B's get, result and cancel on A's task exactly like an unknown id", async () => {
    const { taskId, alice } = await aliceTask();
    const bob = await fixture.connect('bob');
    const unknownId = `${taskId.slice(0, -4)}zzzz`;
    for (const method of ['tasks/get', 'tasks/result', 'tasks/cancel']) {
      const onAlicesTask = await rawRequest(bob, method, { taskId });
      const onUnknownTask = await rawRequest(bob, method, { taskId: unknownId });
      expect(onAlicesTask).toEqual(onUnknownTask);
      expect(onAlicesTask.error).toEqual({ code: -32602, message: 'Task not found' });
    }
    // Bob's attempts changed nothing: Alice's task is still running and still hers.
    const mine = await alice.experimental.tasks.getTask(taskId);
    expect(mine.status).toBe('working');
    await alice.experimental.tasks.cancelTask(taskId);
  });

  it("never shows A's tasks in B's list", async () => {
    const { taskId, alice } = await aliceTask();
    const bob = await fixture.connect('bob');
    expect((await alice.experimental.tasks.listTasks()).tasks.map((t) => t.taskId)).toContain(
      taskId,
    );
    const bobs = await bob.experimental.tasks.listTasks();
    expect(bobs.tasks.map((t) => t.taskId)).not.toContain(taskId);
    await alice.experimental.tasks.cancelTask(taskId);
  });

  it("keeps each owner's limits separate", async () => {
    const carol = await fixture.connect('carol');
    const dave = await fixture.connect('dave');
    const started: string[] = [];
    for (let i = 0; i < 10; i++) {
      const created = await carol.request(
        {
          method: 'tools/call',
          params: { name: 'wait', arguments: { durationMs: 60_000 }, task: {} },
        },
        CreateTaskResultSchema,
      );
      started.push(created.task.taskId);
    }
    const refused = await rawRequest(carol, 'tools/call', {
      name: 'wait',
      arguments: { durationMs: 1 },
      task: {},
    });
    expect(refused.error?.code).toBe(-32000);
    expect(refused.error?.message).toMatch(/at most 10 running tasks/);
    const davesOwn = await rawRequest(dave, 'tools/call', {
      name: 'wait',
      arguments: { durationMs: 1 },
      task: {},
    });
    expect(davesOwn.result).toHaveProperty('task');
    for (const taskId of started) await carol.experimental.tasks.cancelTask(taskId);
  });

  it('refuses a request with no identity', async () => {
    const response = await postRaw(fixture.url, rpcBody('tools/list'));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  if (mode === 'session') {
    it("rejects B's requests on A's session exactly like an unknown session", async () => {
      const alice = await fixture.connect('alice');
      const sessionId = (alice.transport as { sessionId?: string }).sessionId!;
      expect(sessionId).toBeTruthy();
      const send = (owner: string, session: string) =>
        postRaw(fixture.url, rpcBody('tasks/list', undefined, 7), {
          'x-test-owner': owner,
          'mcp-session-id': session,
          'mcp-protocol-version': '2025-11-25',
        });
      const hijack = await send('bob', sessionId);
      const unknown = await send('bob', '00000000-0000-4000-8000-000000000000');
      expect(hijack.status).toBe(404);
      expect(await hijack.json()).toEqual(await unknown.json());
      expect(unknown.status).toBe(404);
      const own = await send('alice', sessionId);
      expect(own.status).toBe(200);
    });
  }
});
