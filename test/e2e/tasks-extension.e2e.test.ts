import { CreateTaskResultSchema, ListTasksResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { TaskTool, ToolResult } from '../../src/application/ports/task-tool.js';
import { RequestFailedError } from '../../src/application/tool-kit/task-context.js';
import { eventually, startHttpFixture, type HttpFixture } from '../support/http-fixture.js';
import { rawRequest } from '../support/rpc.js';

const EXTENSION = 'io.modelcontextprotocol/tasks';
const NAMED_BY: Record<string, string> = {
  'tools/call': 'name',
  'tasks/get': 'taskId',
  'tasks/update': 'taskId',
  'tasks/cancel': 'taskId',
};

/** A tool whose run reports an error in its result: a tool error, not a failed request. */
const failingTool: TaskTool = {
  name: 'failing_job',
  description: 'Always reports a tool error',
  inputSchema: z.object({}),
  taskSupport: 'optional',
  run: async (): Promise<ToolResult> => ({
    content: [{ type: 'text', text: 'It went wrong' }],
    isError: true,
  }),
};

/** A tool that fails the request itself. */
const protocolErrorTool: TaskTool = {
  name: 'protocol_error_job',
  description: 'Fails its request with a JSON-RPC error',
  inputSchema: z.object({}),
  taskSupport: 'optional',
  run: async (): Promise<ToolResult> => {
    throw new RequestFailedError('The backend refused the request');
  },
};

/** A quick tool that never runs as a task. */
const greetTool: TaskTool = {
  name: 'greet',
  description: 'Says hello at once',
  inputSchema: z.object({ name: z.string() }),
  taskSupport: 'forbidden',
  run: async (args): Promise<ToolResult> => ({
    content: [{ type: 'text', text: `Hello, ${(args as { name: string }).name}!` }],
  }),
};

interface Options {
  readonly declare?: boolean;
  readonly owner?: string;
  readonly headers?: Record<string, string | undefined>;
  readonly meta?: Record<string, unknown> | null;
  /** Client capabilities besides the extension. */
  readonly capabilities?: Record<string, unknown>;
}

/** A JSON value off the wire; the tests read it by path and assert on what they find. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Wire = any;

interface Answer {
  readonly status: number;
  readonly body: {
    id?: unknown;
    result?: Record<string, Wire>;
    error?: { code: number; message: string; data?: Wire };
  };
}

describe('the tasks extension (SEP-2663) over 2026-07-28, with raw JSON-RPC', () => {
  let fixture: HttpFixture;
  let nextId = 1;

  beforeAll(async () => {
    fixture = await startHttpFixture({
      ownersByHeader: true,
      tools: [failingTool, protocolErrorTool, greetTool],
    });
  });
  afterAll(() => fixture.close());

  /** One 2026-07-28 request, headers mirroring the body unless `headers` says otherwise. */
  async function rpc(method: string, params: Record<string, unknown> = {}, options: Options = {}) {
    const capabilities = {
      ...options.capabilities,
      ...(options.declare === false ? {} : { extensions: { [EXTENSION]: {} } }),
    };
    const meta =
      options.meta === null
        ? undefined
        : {
            'io.modelcontextprotocol/protocolVersion': '2026-07-28',
            'io.modelcontextprotocol/clientCapabilities': capabilities,
            ...options.meta,
          };
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': method,
      'x-test-owner': options.owner ?? 'alice',
    };
    const field = NAMED_BY[method];
    if (field && typeof params[field] === 'string') headers['mcp-name'] = params[field] as string;
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value === undefined) delete headers[name];
      else headers[name] = value;
    }
    const id = nextId++;
    const response = await fetch(fixture.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', id, method, params: { ...params, _meta: meta } }),
    });
    const answer: Answer = {
      status: response.status,
      body: (await response.json()) as Answer['body'],
    };
    expect(answer.body.id).toBe(id);
    return answer;
  }

  async function create(name: string, args: Record<string, unknown> = {}) {
    // A client is shown only the questions it declared it takes (2026-07-28 MRTR): these tasks
    // ask, so their client declares elicitation (issue 20, defect 12).
    const { body } = await rpc(
      'tools/call',
      { name, arguments: args },
      { capabilities: { elicitation: {} } },
    );
    expect(body.result?.resultType).toBe('task');
    return body.result!.taskId as string;
  }

  async function get(taskId: string, owner = 'alice') {
    return (await rpc('tasks/get', { taskId }, { owner })).body;
  }

  async function until(taskId: string, status: string) {
    let last: Record<string, Wire> = {};
    await eventually(async () => {
      last = (await get(taskId)).result!;
      return last.status === status;
    }, 10_000);
    return last;
  }

  it('advertises the extension in server/discover, not the 2025-11-25 tasks capability', async () => {
    const { status, body } = await rpc('server/discover', {}, { declare: false });
    expect(status).toBe(200);
    expect(body.result).toMatchObject({
      resultType: 'complete',
      supportedVersions: expect.arrayContaining(['2025-11-25', '2026-07-28']),
      capabilities: { extensions: { [EXTENSION]: {} }, tools: { listChanged: false } },
      _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'task-mcp' } },
    });
    expect(body.result!.capabilities.tasks).toBeUndefined();
  });

  it('creates a task as a flat handle that tasks/get finds at once, then inlines the result', async () => {
    const { body } = await rpc('tools/call', {
      name: 'wait',
      arguments: { durationMs: 200, steps: 1 },
    });
    const handle = body.result!;
    expect(handle).toEqual({
      resultType: 'task',
      taskId: expect.any(String),
      status: 'working',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      lastUpdatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      ttlMs: 3_600_000,
      pollIntervalMs: expect.any(Number),
    });
    expect(Number.isInteger(handle.pollIntervalMs)).toBe(true);

    const first = await get(handle.taskId);
    expect(first.result).toMatchObject({ resultType: 'complete', taskId: handle.taskId });
    const done = await until(handle.taskId, 'completed');
    expect(done.result).toEqual({
      resultType: 'complete',
      content: [{ type: 'text', text: 'Waited 200 ms' }],
    });
    expect(done.error).toBeUndefined();
  });

  it('shows a tool error as completed with isError, and a failed request as failed with its error', async () => {
    const toolError = await until(await create('failing_job'), 'completed');
    expect(toolError.result).toMatchObject({ isError: true, content: [{ text: 'It went wrong' }] });

    const failed = await until(await create('protocol_error_job'), 'failed');
    expect(failed.error).toEqual({ code: -32603, message: 'The backend refused the request' });
    expect(failed.result).toBeUndefined();
  });

  it('surfaces questions in tasks/get and takes answers through tasks/update', async () => {
    const taskId = await create('guess_number', { max: 2 });
    let low = 1;
    for (let round = 1; round <= 2; round++) {
      const waiting = await until(taskId, 'input_required');
      const keys = Object.keys(waiting.inputRequests);
      expect(keys).toEqual([`input-${round}`]);
      const question = waiting.inputRequests[keys[0]!];
      expect(question).toMatchObject({
        method: 'elicitation/create',
        params: { mode: 'form', requestedSchema: { properties: { guess: { type: 'integer' } } } },
      });
      if (/Higher than 1/.test(question.params.message)) low = 2;
      const ack = await rpc('tasks/update', {
        taskId,
        inputResponses: { [keys[0]!]: { action: 'accept', content: { guess: low } } },
      });
      expect(ack.body.result).toEqual({ resultType: 'complete' });
      const next = (await get(taskId)).result!;
      if (next.status === 'completed') break;
    }
    const done = await until(taskId, 'completed');
    expect(done.result.content[0].text).toMatch(/ it is: found in [12] guess\(es\)\.$/);
  });

  it('refuses answers that do not fit and inputResponses that are not answers, changing nothing', async () => {
    const taskId = await create('guess_number', { max: 5 });
    const before = await until(taskId, 'input_required');
    const notAnInteger = await rpc('tasks/update', {
      taskId,
      inputResponses: { 'input-1': { action: 'accept', content: { guess: 'three' } } },
    });
    expect(notAnInteger.body.error).toMatchObject({ code: -32602 });
    expect(notAnInteger.body.error!.message).toMatch(/does not fit the requested schema/);
    for (const inputResponses of [null, 12345, { 'input-1': 7 }]) {
      const malformed = await rpc('tasks/update', { taskId, inputResponses });
      expect(malformed.body.error).toMatchObject({ code: -32602 });
    }
    // An unknown key is ignored, as the extension asks: acknowledged, nothing changes.
    const unknownKey = await rpc('tasks/update', {
      taskId,
      inputResponses: { 'input-9': { action: 'decline' } },
    });
    expect(unknownKey.body.result).toEqual({ resultType: 'complete' });
    expect((await get(taskId)).result).toEqual(before);
    await rpc('tasks/cancel', { taskId });
  });

  it('acknowledges tasks/cancel, also for a task already ended, and the task ends cancelled', async () => {
    const taskId = await create('wait', { durationMs: 60_000, steps: 1 });
    const ack = await rpc('tasks/cancel', { taskId });
    expect(ack.body.result).toEqual({ resultType: 'complete' });
    expect((await until(taskId, 'cancelled')).result).toBeUndefined();
    const again = await rpc('tasks/cancel', { taskId });
    expect(again.body.result).toEqual({ resultType: 'complete' });
  });

  it('answers every error the extension and the base protocol define', async () => {
    const unknown = 'f'.repeat(32);
    for (const method of ['tasks/get', 'tasks/update', 'tasks/cancel']) {
      const params =
        method === 'tasks/update' ? { taskId: unknown, inputResponses: {} } : { taskId: unknown };
      const undeclared = await rpc(method, params, { declare: false });
      expect(undeclared.status).toBe(400);
      expect(undeclared.body.error).toMatchObject({
        code: -32021,
        data: { requiredCapabilities: { extensions: { [EXTENSION]: {} } } },
      });
      const notFound = await rpc(method, params);
      expect(notFound.body.error).toMatchObject({ code: -32602, message: 'Task not found' });
    }
    const required = await rpc(
      'tools/call',
      { name: 'count_primes', arguments: { below: 10 } },
      { declare: false },
    );
    expect(required.body.error).toMatchObject({
      code: -32021,
      data: { requiredCapabilities: { extensions: { [EXTENSION]: {} } } },
    });
    for (const method of ['tasks/result', 'tasks/list', 'initialize', 'ping']) {
      const removed = await rpc(method, method === 'tasks/result' ? { taskId: unknown } : {});
      expect(removed.status).toBe(404);
      expect(removed.body.error).toMatchObject({ code: -32601 });
    }
    const wrongName = await rpc(
      'tasks/get',
      { taskId: unknown },
      { headers: { 'mcp-name': 'another-task' } },
    );
    expect(wrongName.status).toBe(400);
    expect(wrongName.body.error).toMatchObject({ code: -32020 });
    const noName = await rpc(
      'tasks/get',
      { taskId: unknown },
      { headers: { 'mcp-name': undefined } },
    );
    expect(noName.body.error).toMatchObject({ code: -32020 });
    const noMethod = await rpc('tools/list', {}, { headers: { 'mcp-method': undefined } });
    expect(noMethod.body.error).toMatchObject({ code: -32020 });
    const future = await rpc(
      'tools/list',
      {},
      { headers: { 'mcp-protocol-version': '2099-01-01' } },
    );
    expect(future.status).toBe(400);
    expect(future.body.error).toMatchObject({
      code: -32022,
      data: { requested: '2099-01-01', supported: expect.arrayContaining(['2026-07-28']) },
    });
    const noMeta = await rpc('tools/list', {}, { meta: null });
    expect(noMeta.status).toBe(400);
    expect(noMeta.body.error).toMatchObject({ code: -32602 });
  });

  it('runs an optional tool inline for a client without the extension, and stops one that asks', async () => {
    const inline = await rpc(
      'tools/call',
      { name: 'wait', arguments: { durationMs: 10, steps: 1 } },
      { declare: false },
    );
    expect(inline.body.result).toEqual({
      resultType: 'complete',
      content: [{ type: 'text', text: 'Waited 10 ms' }],
    });
    const asks = await rpc(
      'tools/call',
      { name: 'guess_number', arguments: {} },
      { declare: false },
    );
    expect(asks.body.error).toMatchObject({ code: -32021 });
    expect(asks.body.error!.message).toMatch(/needs input while it runs/);
    expect(asks.body.error!.data).toEqual({ requiredCapabilities: { elicitation: {} } });
  });

  it('runs a tool whose task support is forbidden inline, and refuses it as a 2025-11-25 task', async () => {
    const inline = await rpc('tools/call', { name: 'greet', arguments: { name: 'Ada' } });
    expect(inline.body.result).toEqual({
      resultType: 'complete',
      content: [{ type: 'text', text: 'Hello, Ada!' }],
    });
    const legacy = await fixture.connect('alice');
    const refusal = await rawRequest(legacy, 'tools/call', {
      name: 'greet',
      arguments: { name: 'Ada' },
      task: {},
    });
    expect(refusal.error).toEqual({
      code: -32601,
      message: "Tool 'greet' cannot be called as a task: call it without params.task",
    });
    const { tools } = await legacy.listTools();
    expect(tools.find((tool) => tool.name === 'greet')?.execution).toEqual({
      taskSupport: 'forbidden',
    });
  });

  it("settles a job's confirmation within tools/call (multi round-trip) before any task exists", async () => {
    const elicits = { capabilities: { elicitation: {} } };
    const deploy = { name: 'simulate-deploy', arguments: { target: 'web' } };
    const first = await rpc('tools/call', deploy, elicits);
    expect(first.body.result).toEqual({
      resultType: 'input_required',
      inputRequests: {
        'first-question': {
          method: 'elicitation/create',
          params: {
            mode: 'form',
            message: 'Deploy web to production?',
            requestedSchema: { type: 'object', properties: {} },
          },
        },
      },
    });
    const accepted = await rpc(
      'tools/call',
      { ...deploy, inputResponses: { 'first-question': { action: 'accept', content: {} } } },
      elicits,
    );
    expect(accepted.body.result).toMatchObject({ resultType: 'task', status: 'working' });
    const done = await until(accepted.body.result!.taskId, 'completed');
    expect(done.result.isError).toBeUndefined();
    expect(JSON.stringify(done.result.content)).toContain('web is live');

    const declined = await rpc(
      'tools/call',
      { ...deploy, inputResponses: { 'first-question': { action: 'decline' } } },
      elicits,
    );
    const notRun = await until(declined.body.result!.taskId, 'completed');
    expect(notRun.result).toMatchObject({
      isError: true,
      content: [{ text: 'simulate-deploy did not run: "Deploy web to production?" was declined' }],
    });

    const noElicitation = await rpc('tools/call', deploy);
    expect(noElicitation.status).toBe(400);
    expect(noElicitation.body.error).toMatchObject({
      code: -32021,
      data: { requiredCapabilities: { elicitation: {} } },
    });
    const badAnswer = await rpc(
      'tools/call',
      { ...deploy, inputResponses: { 'first-question': { action: 'maybe' } } },
      elicits,
    );
    expect(badAnswer.body.error).toMatchObject({ code: -32602 });
  });

  it("answers another owner's task exactly like an unknown one", async () => {
    const taskId = await create('guess_number', { max: 5 });
    await until(taskId, 'input_required');
    const unknown = 'f'.repeat(32);
    for (const method of ['tasks/get', 'tasks/update', 'tasks/cancel']) {
      const extra =
        method === 'tasks/update' ? { inputResponses: { 'input-1': { action: 'decline' } } } : {};
      const theirs = await rpc(method, { taskId, ...extra }, { owner: 'mallory' });
      const nobodys = await rpc(method, { taskId: unknown, ...extra }, { owner: 'mallory' });
      expect(theirs).toEqual({ ...nobodys, body: { ...nobodys.body, id: theirs.body.id } });
    }
    expect((await get(taskId)).result!.status).toBe('input_required');
    await rpc('tasks/cancel', { taskId });
  });

  it('serves a 2025-11-25 client and an extension client side by side, each in its own format', async () => {
    const legacy = await fixture.connect('alice');
    const created = await legacy.request(
      {
        method: 'tools/call',
        params: { name: 'wait', arguments: { durationMs: 10, steps: 1 }, task: {} },
      },
      CreateTaskResultSchema,
    );
    expect(created.task).toMatchObject({ status: 'working', ttl: 3_600_000 });
    expect(created.task).not.toHaveProperty('ttlMs');
    const modernId = await create('wait', { durationMs: 10, steps: 1 });

    // The same task, seen by each client in its own format.
    const asModern = await until(created.task.taskId, 'completed');
    expect(asModern).toMatchObject({ ttlMs: 3_600_000, result: { resultType: 'complete' } });
    const asLegacy = await legacy.experimental.tasks.getTask(modernId);
    expect(asLegacy).toMatchObject({ taskId: modernId, ttl: 3_600_000 });
    expect(asLegacy).not.toHaveProperty('ttlMs');
    const listed = await legacy.request(
      { method: 'tasks/list', params: {} },
      ListTasksResultSchema,
    );
    expect(listed.tasks.map((task) => task.taskId)).toEqual(
      expect.arrayContaining([created.task.taskId, modernId]),
    );
  });
});
