import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CallToolResultSchema,
  CreateTaskResultSchema,
  ElicitRequestSchema,
  McpError,
  type CallToolResult,
  type ElicitRequest,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { JobOutput } from '../../src/adapters/jobs/job-result.js';
import { startHttpFixture, type HttpFixture } from '../support/http-fixture.js';
import { builtBin, isolatedProcessEnv } from '../support/isolated-env.js';
import { BUNDLED_JOB_NAMES } from '../support/jobs.js';
import { rawRequest } from '../support/rpc.js';
import { STACK_TRACE } from '../support/spawned-server.js';

const HANDLES = { TASK_MCP_TASKLESS_CLIENTS: 'handles' };
const FOUR = ['task_status', 'task_result', 'task_cancel', 'task_list'];
const TASK_TOOLS = ['count_primes', 'wait', 'guess_number', ...BUNDLED_JOB_NAMES];

interface TaskView {
  readonly taskId: string;
  readonly status: string;
  readonly statusMessage?: string;
  readonly pollInterval: number;
  readonly next: { readonly name: string; readonly arguments: { readonly taskId: string } };
}

/** The handle a plain call answered: checked to say what to call next, in text and structure. */
function handleOf(result: CallToolResult): TaskView {
  const view = result.structuredContent as unknown as TaskView;
  expect(view).toMatchObject({ status: 'working', pollInterval: 1000 });
  expect(view.next).toEqual({ name: 'task_result', arguments: { taskId: view.taskId } });
  const [sentence, json] = result.content as { type: 'text'; text: string }[];
  expect(sentence!.text).toContain(`Call task_result with {"taskId":"${view.taskId}"}`);
  expect(JSON.parse(json!.text)).toEqual(view);
  return view;
}

/** Whether a task_result answer is the task still running rather than the tool's result. */
function stillRunning(result: CallToolResult): boolean {
  const view = result.structuredContent as Partial<TaskView> | undefined;
  return view?.next?.name === 'task_result';
}

/** Calls task_result until the task has ended, as a client without tasks would. */
async function resultOf(client: Client, taskId: string): Promise<CallToolResult> {
  for (let round = 0; round < 20; round++) {
    const result = (await client.callTool({
      name: 'task_result',
      arguments: { taskId, waitSeconds: 5 },
    })) as CallToolResult;
    if (!stillRunning(result)) return result;
  }
  throw new Error(`task ${taskId} did not end`);
}

async function statusOf(client: Client, taskId: string): Promise<TaskView> {
  const result = await client.callTool({ name: 'task_status', arguments: { taskId } });
  return result.structuredContent as unknown as TaskView;
}

/** Starts `name` with a plain call (no task: what the SDK's callTool sends) and checks the handle. */
async function start(client: Client, name: string, args: Record<string, unknown> = {}) {
  const answered = (await client.callTool({ name, arguments: args })) as CallToolResult;
  return handleOf(answered).taskId;
}

const output = (result: CallToolResult) => result.structuredContent as unknown as JobOutput;

/** A player that finds guess_number's number by halving the range, following its hints. */
function bisectingPlayer(max: number, asked: ElicitRequest[]) {
  let low = 1;
  let high = max;
  return (request: ElicitRequest): ElicitResult => {
    asked.push(request);
    if (request.params.message.startsWith('Deploy')) return { action: 'accept', content: {} };
    const hint = /(Higher|Lower) than (\d+)/.exec(request.params.message);
    if (hint?.[1] === 'Higher') low = Number(hint[2]) + 1;
    if (hint?.[1] === 'Lower') high = Number(hint[2]) - 1;
    return { action: 'accept', content: { guess: Math.floor((low + high) / 2) } };
  };
}

describe.each(['session', 'stateless'])(
  'clients that cannot do tasks, TASK_MCP_TASKLESS_CLIENTS=handles, over real HTTP (%s)',
  (mode) => {
    let fixture: HttpFixture;

    beforeAll(async () => {
      fixture = await startHttpFixture({
        env: { ...HANDLES, TASK_MCP_HTTP_MODE: mode },
        ownersByHeader: true,
      });
    });
    afterAll(() => fixture.close());

    it('lists every task tool as optional, never required, and the four tools beside them', async () => {
      const client = await fixture.connect('lister');
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual([...TASK_TOOLS, ...FOUR]);
      for (const tool of tools) {
        const expected = FOUR.includes(tool.name) ? 'forbidden' : 'optional';
        expect([tool.name, tool.execution?.taskSupport]).toEqual([tool.name, expected]);
      }
    });

    it('runs every bundled task tool from plain callTool: handle, status, then result', async () => {
      const client = await fixture.connect('plain');
      await client.listTools(); // what the SDK and the Inspector do first; it caches taskSupport
      const file = `taskless-${randomBytes(4).toString('hex')}.txt`;
      const runs: [string, Record<string, unknown>, (result: CallToolResult) => void][] = [
        [
          'count_primes',
          { below: 1000 },
          (r) => expect(r.structuredContent).toMatchObject({ count: 168 }),
        ],
        ['wait', { durationMs: 50 }, (r) => expect(r.isError).toBeFalsy()],
        ['countdown', { seconds: 1 }, (r) => expect(output(r).stdout).toBe('1 s left\n0 s left\n')],
        [
          'simulate-build',
          { target: 'api', seconds: 1 },
          (r) => expect(output(r).stdout).toContain('[api] built'),
        ],
        ['write-file', { file, text: 'needle' }, (r) => expect(output(r).exitCode).toBe(0)],
        ['list-files', {}, (r) => expect(output(r).stdout).toContain(file)],
        [
          'search-text',
          { pattern: 'needle' },
          (r) => expect(output(r).stdout).toContain(`./${file}:1:needle`),
        ],
        ['checksum', { file }, (r) => expect(output(r).stdout).toMatch(/^[0-9a-f]{64} {2}\//)],
      ];
      for (const [name, args, check] of runs) {
        const taskId = await start(client, name, args);
        expect(['working', 'completed']).toContain((await statusOf(client, taskId)).status);
        const result = await resultOf(client, taskId);
        expect([name, result._meta?.['io.modelcontextprotocol/related-task']]).toEqual([
          name,
          { taskId },
        ]);
        check(result);
        expect((await statusOf(client, taskId)).status).toBe('completed');
      }
    });

    it('asks a task’s questions during task_result, of a client that takes elicitation', async () => {
      const client = await fixture.connect('asked', { elicitation: {} });
      const asked: ElicitRequest[] = [];
      client.setRequestHandler(ElicitRequestSchema, bisectingPlayer(8, asked));
      const guess = await start(client, 'guess_number', { max: 8 });
      expect((await resultOf(client, guess)).content).toEqual([
        { type: 'text', text: expect.stringMatching(/ it is: found in \d guess\(es\)\.$/) },
      ]);
      const deploy = await start(client, 'simulate-deploy', { target: 'docs' });
      expect(output(await resultOf(client, deploy)).stdout).toBe('deploying docs\ndocs is live\n');
      expect(asked.length).toBeGreaterThan(1);
      expect(asked.every((question) => question.params._meta !== undefined)).toBe(true);
    });

    it('fails a question at once for a client that takes none, saying what it lacks', async () => {
      const client = await fixture.connect('unasked');
      for (const [name, args] of [
        ['guess_number', {}],
        ['simulate-deploy', { target: 'web' }],
      ] as const) {
        const taskId = await start(client, name, args);
        const refused = await client.callTool({ name: 'task_result', arguments: { taskId } }).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(refused).toBeInstanceOf(McpError);
        expect(refused).toMatchObject({
          code: -32021,
          data: { requiredCapabilities: { elicitation: {} } },
        });
      }
    });

    it('answers a task still running when task_result’s wait ends, then cancels it', async () => {
      const client = await fixture.connect('canceller');
      const taskId = await start(client, 'countdown', { seconds: 3600 });
      const waited = (await client.callTool({
        name: 'task_result',
        arguments: { taskId, waitSeconds: 0.5 },
      })) as CallToolResult;
      expect(stillRunning(waited)).toBe(true);
      expect(waited.structuredContent).toMatchObject({ taskId, status: 'working' });
      const cancelled = await client.callTool({ name: 'task_cancel', arguments: { taskId } });
      expect(cancelled.structuredContent).toMatchObject({
        taskId,
        status: 'cancelled',
        statusMessage: expect.stringMatching(
          /^The task was cancelled by request\. Its process group/,
        ),
      });
      expect((await statusOf(client, taskId)).status).toBe('cancelled');
      const result = await resultOf(client, taskId);
      expect(result.isError).toBe(true);
      const again = await rawRequest(client, 'tools/call', {
        name: 'task_cancel',
        arguments: { taskId },
      });
      expect(again.error).toEqual({
        code: -32602,
        message: "Cannot cancel task: already in terminal status 'cancelled'",
      });
    });

    it('lists the caller’s own tasks only', async () => {
      const alice = await fixture.connect('alice-lists');
      const bob = await fixture.connect('bob-lists');
      const hers = await start(alice, 'wait', { durationMs: 10 });
      const his = await start(bob, 'wait', { durationMs: 10 });
      const listed = async (client: Client) => {
        const page = await client.callTool({ name: 'task_list', arguments: {} });
        return (page.structuredContent as { tasks: { taskId: string }[] }).tasks.map(
          (t) => t.taskId,
        );
      };
      expect(await listed(alice)).toEqual([hers]);
      expect(await listed(bob)).toEqual([his]);
    });

    it('answers another owner’s task id exactly like an unknown one, and changes nothing', async () => {
      const alice = await fixture.connect('alice-isolated');
      const bob = await fixture.connect('bob-isolated');
      const taskId = await start(alice, 'countdown', { seconds: 3600 });
      const unknownId = `${taskId.slice(0, -4)}zzzz`;
      for (const name of ['task_status', 'task_result', 'task_cancel']) {
        const onAlices = await rawRequest(bob, 'tools/call', { name, arguments: { taskId } });
        const onUnknown = await rawRequest(bob, 'tools/call', {
          name,
          arguments: { taskId: unknownId },
        });
        expect(onAlices).toEqual(onUnknown);
        expect(onAlices.error).toEqual({ code: -32602, message: 'Task not found' });
      }
      expect((await statusOf(alice, taskId)).status).toBe('working');
      await alice.callTool({ name: 'task_cancel', arguments: { taskId } });
    });

    it('still gives a client that asks for a task a real task', async () => {
      const client = await fixture.connect('tasked');
      const created = await client.request(
        {
          method: 'tools/call',
          params: { name: 'count_primes', arguments: { below: 100 }, task: {} },
        },
        CreateTaskResultSchema,
      );
      expect(created.task.status).toBe('working');
      const done = await client.experimental.tasks.getTaskResult(
        created.task.taskId,
        CallToolResultSchema,
      );
      expect(done.structuredContent).toMatchObject({ count: 25 });
    });

    it('refuses bad arguments to the four tools with -32602 naming the field', async () => {
      const client = await fixture.connect('careless');
      expect(
        await rawRequest(client, 'tools/call', { name: 'task_status', arguments: {} }),
      ).toEqual({
        error: {
          code: -32602,
          message: expect.stringMatching(/^Invalid arguments for tool 'task_status': taskId: /),
        },
      });
      const tooLong = await rawRequest(client, 'tools/call', {
        name: 'task_result',
        arguments: { taskId: 'x', waitSeconds: 3600 },
      });
      expect(tooLong.error?.message).toMatch(
        /^Invalid arguments for tool 'task_result': waitSeconds: Too big/,
      );
    });

    describe('shaped like the MCP Inspector CLI 0.15: raw JSON-RPC, no task, no tasks capability', () => {
      let nextId = 1;
      let session: string | undefined;

      /** One POST; the answer to its request, from JSON or from the event stream it opened. */
      async function post(method: string, params?: unknown, protocolVersion = '2025-06-18') {
        const id = method.startsWith('notifications/') ? undefined : nextId++;
        const response = await fetch(fixture.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            'x-test-owner': 'inspector',
            ...(session
              ? { 'mcp-session-id': session, 'mcp-protocol-version': protocolVersion }
              : {}),
          },
          body: JSON.stringify({
            jsonrpc: '2.0',
            method,
            ...(id ? { id } : {}),
            ...(params ? { params } : {}),
          }),
        });
        session ??= response.headers.get('mcp-session-id') ?? undefined;
        const text = await response.text();
        if (id === undefined) return undefined;
        const messages = response.headers.get('content-type')?.startsWith('text/event-stream')
          ? text
              .split('\n')
              .filter((line) => line.startsWith('data: '))
              .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>)
          : [JSON.parse(text) as Record<string, unknown>];
        return messages.find((message) => message.id === id) as {
          result?: Record<string, unknown>;
          error?: { code: number; message: string };
        };
      }

      it('gets a handle from a required tool, then its result from task_result', async () => {
        const initialized = await post('initialize', {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'inspector-cli', version: '0.15.0' },
        });
        expect(initialized?.result?.protocolVersion).toBe('2025-06-18');
        await post('notifications/initialized');
        const listed = await post('tools/list');
        const build = (listed?.result?.tools as { name: string; execution?: unknown }[]).find(
          (tool) => tool.name === 'simulate-build',
        );
        expect(build?.execution).toEqual({ taskSupport: 'optional' });
        const called = await post('tools/call', {
          name: 'simulate-build',
          arguments: { target: 'web', seconds: 1 },
        });
        const handle = handleOf(called!.result as unknown as CallToolResult);
        let answer = await post('tools/call', {
          name: 'task_result',
          arguments: { taskId: handle.taskId, waitSeconds: 10 },
        });
        while (stillRunning(answer!.result as unknown as CallToolResult)) {
          answer = await post('tools/call', {
            name: 'task_result',
            arguments: { taskId: handle.taskId, waitSeconds: 10 },
          });
        }
        expect(answer!.result).toMatchObject({
          structuredContent: { job: 'simulate-build', exitCode: 0 },
        });
      });
    });

    it('answers a handle to a 2026-07-28 client that does not declare the tasks extension', async () => {
      const rpc = async (method: string, params: Record<string, unknown>) => {
        const response = await fetch(fixture.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            'mcp-protocol-version': '2026-07-28',
            'mcp-method': method,
            'mcp-name': String(params.name),
            'x-test-owner': 'modern',
          },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 1,
            method,
            params: {
              ...params,
              _meta: {
                'io.modelcontextprotocol/protocolVersion': '2026-07-28',
                'io.modelcontextprotocol/clientCapabilities': {},
              },
            },
          }),
        });
        return ((await response.json()) as { result: Record<string, unknown> }).result;
      };
      const started = await rpc('tools/call', { name: 'count_primes', arguments: { below: 50 } });
      expect(started.resultType).toBe('complete');
      const { taskId } = handleOf(started as unknown as CallToolResult);
      let result = await rpc('tools/call', { name: 'task_result', arguments: { taskId } });
      while (stillRunning(result as unknown as CallToolResult)) {
        result = await rpc('tools/call', { name: 'task_result', arguments: { taskId } });
      }
      expect(result).toMatchObject({ resultType: 'complete', structuredContent: { count: 15 } });
    });
  },
);

describe('TASK_MCP_TASKLESS_CLIENTS off (the default): nothing changes', () => {
  let fixture: HttpFixture;

  beforeAll(async () => {
    fixture = await startHttpFixture({ ownersByHeader: true });
  });
  afterAll(() => fixture.close());

  it('lists no taskless tools, and the required tools as required', async () => {
    const client = await fixture.connect('alice');
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(TASK_TOOLS);
    const support = new Map(tools.map((tool) => [tool.name, tool.execution?.taskSupport]));
    expect(support.get('count_primes')).toBe('required');
    expect(support.get('simulate-build')).toBe('required');
    expect(support.get('simulate-deploy')).toBe('required');
  });

  it('answers task_status as the unknown tool it is, and a plain call of a required tool -32601', async () => {
    const client = await fixture.connect('alice');
    expect(
      await rawRequest(client, 'tools/call', { name: 'task_status', arguments: { taskId: 'x' } }),
    ).toEqual({ error: { code: -32602, message: 'Unknown tool: task_status' } });
    const plain = await rawRequest(client, 'tools/call', {
      name: 'count_primes',
      arguments: { below: 10 },
    });
    expect(plain.error).toEqual({
      code: -32601,
      message: "Tool 'count_primes' must be called as a task: add params.task to tools/call",
    });
  });
});

describe('the built server over stdio with TASK_MCP_TASKLESS_CLIENTS=handles', () => {
  it('serves a client that sends raw JSON lines and no task, then stops cleanly', async () => {
    const child = spawn(process.execPath, [builtBin], {
      env: isolatedProcessEnv({ TASK_MCP_TRANSPORT: 'stdio', ...HANDLES }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const lines = createInterface({ input: child.stdout });
    const answers = new Map<number, (message: Record<string, unknown>) => void>();
    lines.on('line', (line) => {
      const message = JSON.parse(line) as { id?: number };
      if (typeof message.id === 'number') answers.get(message.id)?.(message);
    });
    let nextId = 1;
    const send = (method: string, params?: unknown) => {
      const id = nextId++;
      const answered = new Promise<Record<string, unknown>>((resolve) => answers.set(id, resolve));
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
      return answered;
    };
    await send('initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'inspector-cli', version: '0.15.0' },
    });
    child.stdin.write(
      `${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`,
    );
    const called = await send('tools/call', { name: 'count_primes', arguments: { below: 1000 } });
    const { taskId } = handleOf(called.result as CallToolResult);
    let answer = await send('tools/call', { name: 'task_result', arguments: { taskId } });
    while (stillRunning(answer.result as CallToolResult)) {
      answer = await send('tools/call', { name: 'task_result', arguments: { taskId } });
    }
    expect(answer.result).toMatchObject({ structuredContent: { count: 168, largest: 997 } });
    child.stdin.end();
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(STACK_TRACE);
  });

  it('refuses a value it does not know with one line naming the setting, exit code 2', () => {
    const run = spawnSync(process.execPath, [builtBin], {
      env: isolatedProcessEnv({ TASK_MCP_TASKLESS_CLIENTS: 'yes' }),
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      "task-mcp: configuration error: TASK_MCP_TASKLESS_CLIENTS: invalid value \"yes\", expected 'off' or 'handles'\n",
    );
  });
});
