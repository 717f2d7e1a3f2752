import {
  CallToolResultSchema,
  CreateTaskResultSchema,
  ElicitRequestSchema,
  RELATED_TASK_META_KEY,
} from '@modelcontextprotocol/sdk/types.js';
import { MessageClassifier } from '../../../../src/adapters/mcp/inbound/message-classifier.js';
import { RequestAdmission } from '../../../../src/adapters/mcp/inbound/request-admission.js';
import { MethodTable } from '../../../../src/adapters/mcp/methods/method-table.js';
import {
  callTool,
  CANCEL_TASKS,
  DEFAULT_SCOPE_RULES,
  READ_TASKS,
  SCOPE_RULES,
} from '../../../../src/application/policy/access-policy.js';
import { TaskWatch } from '../../../../src/application/services/task-watch.js';
import { RequestFailedError } from '../../../../src/application/tool-kit/task-context.js';
import type { TaskId } from '../../../../src/domain/index.js';
import { PROTOCOL_2025, TASKS_EXTENSION } from '../../../../src/adapters/mcp/protocol-versions.js';
import { flushAsync } from '../../../support/fake-clock.js';
import { aRequest, bodyOf } from '../../../support/inbound.js';
import { testContainer } from '../../../support/test-container.js';
import {
  aScope2025,
  aScope2026,
  call2025,
  call2026,
  methodWorld,
  RecordingRequestLink,
  wireErrorOf,
  refusalOf,
} from '../../../support/mcp-methods.js';
import { aPrincipal } from '../../../support/task-mother.js';
import { text } from '../../../support/test-tools.js';

const alice = aPrincipal('alice');
const START = '2026-01-01T00:00:00.000Z';
const TASKS_REQUIRED = { extensions: { [TASKS_EXTENSION]: {} } };

describe('tools/call', () => {
  it('is routed by the tool name, costs one task creation, and asks to call that tool', () => {
    const calls = methodWorld().method('tools/call');
    expect(calls.name).toBe('tools/call');
    expect(calls.routingField).toBe('name');
    expect(calls.creates?.({ name: 'gate' })).toBe(1);
    expect(calls.creates?.({ name: 'task_status' })).toBe(1);
    expect(calls.operation?.({ name: 'gate' })).toEqual({ kind: 'call', tool: 'gate' });
    expect(calls.operation?.({ name: 42 })).toEqual({ kind: 'call', tool: '' });
    expect(calls.operation?.(Object.create({ name: 'inherited' }))).toEqual({
      kind: 'call',
      tool: '',
    });
  });

  describe('2025-11-25', () => {
    it('reads the name, the arguments (none: {}) and a task with its ttl', () => {
      const { parse } = methodWorld().method('tools/call').v2025!;
      expect(parse({ name: 'gate' })).toEqual({ name: 'gate', args: {} });
      expect(parse({ name: 'gate', arguments: { label: 'x' }, task: {} })).toEqual({
        name: 'gate',
        args: { label: 'x' },
        task: {},
      });
      expect(parse({ name: 'gate', task: { ttl: 5000 } })).toEqual({
        name: 'gate',
        args: {},
        task: { ttl: 5000 },
      });
    });

    it.each([
      ['no name', {}, 'params.name must be a string'],
      ['a number for a name', { name: 7 }, 'params.name must be a string'],
      ['an inherited name', Object.create({ name: 'gate' }), 'params.name must be a string'],
      ['array arguments', { name: 'gate', arguments: [1] }, 'params.arguments must be an object'],
      ['string arguments', { name: 'gate', arguments: 'x' }, 'params.arguments must be an object'],
      ['a task that is no object', { name: 'gate', task: true }, 'params.task must be an object'],
      ['a string ttl', { name: 'gate', task: { ttl: '5000' } }, 'params.task.ttl must be a number'],
    ])('refuses %s in the SDK’s own words', (_case, params, detail) => {
      const { parse } = methodWorld().method('tools/call').v2025!;
      expect(refusalOf(() => parse(params)).toJson()).toEqual({
        code: -32602,
        message: `Invalid tools/call request: ${detail}`,
      });
    });

    it('with params.task starts the task, answers CreateTaskResult at once and follows it', async () => {
      const w = methodWorld();
      const link = new RecordingRequestLink();
      const created = await call2025(
        w.method('tools/call'),
        { name: 'gate', arguments: {}, task: { ttl: 5000 } },
        aScope2025(alice, link),
      );
      expect(CreateTaskResultSchema.safeParse(created).success).toBe(true);
      const { task } = CreateTaskResultSchema.parse(created);
      expect(task).toEqual({
        taskId: expect.any(String),
        status: 'working',
        createdAt: START,
        lastUpdatedAt: START,
        ttl: 5000,
        pollInterval: 1000,
      });
      expect(link.followed.map((followed) => followed.id)).toEqual([task.taskId]);
      await w.gate.started();
      expect(w.gate.runs[0]!.ctx.taskId).toBe(task.taskId);
    });

    it('gives a task without a ttl the configured default', async () => {
      const w = methodWorld({ TASK_MCP_DEFAULT_TTL_MS: '120000' });
      const created = await call2025(
        w.method('tools/call'),
        { name: 'gate', task: {} },
        aScope2025(alice),
      );
      expect(CreateTaskResultSchema.parse(created).task.ttl).toBe(120000);
    });

    it("sends a task's progress on the connection's own stream for the task's life", async () => {
      const w = methodWorld();
      const link = new RecordingRequestLink(true, { ownStream: true });
      await call2025(
        w.method('tools/call'),
        { name: 'gate', task: {} },
        aScope2025(alice, link, { progressToken: 'tok-1' }),
      );
      await w.gate.started();
      await w.gate.runs[0]!.ctx.reportProgress(1, 4, 'Sieving');
      expect(link.lateProgress).toEqual([
        { token: 'tok-1', progress: { progress: 1, total: 4, message: 'Sieving (1/4)' } },
      ]);
      expect(link.notified).toEqual([]);
    });

    it.each([
      [
        { name: 'echo_forbidden', task: {} },
        -32601,
        "Tool 'echo_forbidden' cannot be called as a task: call it without params.task",
      ],
      [{ name: 'nope', task: {} }, -32602, 'Unknown tool: nope'],
      [
        { name: 'gate', task: { ttl: 86_400_001 } },
        -32602,
        'Requested ttl 86400001 ms exceeds the maximum of 86400000 ms',
      ],
    ])('refuses to start %j (%d)', async (params, code, message) => {
      const w = methodWorld();
      const link = new RecordingRequestLink();
      const error = await wireErrorOf(() =>
        call2025(w.method('tools/call'), params, aScope2025(alice, link)),
      );
      expect(error).toMatchObject({ code, message });
      expect(link.followed).toEqual([]);
      expect(w.gate.runs).toHaveLength(0);
    });

    it('without params.task waits and answers the tool’s CallToolResult as returned', async () => {
      const w = methodWorld();
      const result = await call2025(
        w.method('tools/call'),
        { name: 'echo', arguments: { say: 'hello' } },
        aScope2025(alice),
      );
      expect(CallToolResultSchema.safeParse(result).success).toBe(true);
      expect(result).toEqual({ content: [{ type: 'text', text: 'hello' }] });
    });

    it('answers an isError tool result as a result, not as an error', async () => {
      const w = methodWorld();
      const answer = call2025(w.method('tools/call'), { name: 'gate' }, aScope2025(alice));
      await w.gate.started();
      w.gate.runs[0]!.release({ content: [{ type: 'text', text: 'no luck' }], isError: true });
      const result = await answer;
      expect(CallToolResultSchema.safeParse(result).success).toBe(true);
      expect(result).toEqual({ content: [{ type: 'text', text: 'no luck' }], isError: true });
    });

    it('answers the JSON-RPC error of a tool that fails the request, data included', async () => {
      const w = methodWorld();
      const answer = call2025(w.method('tools/call'), { name: 'gate' }, aScope2025(alice));
      await w.gate.started();
      w.gate.runs[0]!.reject(new RequestFailedError('the disk is full', -32050, { free: 0 }));
      expect(await wireErrorOf(() => answer)).toEqual({
        code: -32050,
        message: 'the disk is full',
        data: { free: 0 },
      });
    });

    it('sends progress of a plain call on the request’s stream with its token', async () => {
      const w = methodWorld();
      const link = new RecordingRequestLink();
      const answer = call2025(
        w.method('tools/call'),
        { name: 'gate' },
        aScope2025(alice, link, { progressToken: 7 }),
      );
      await w.gate.started();
      await w.gate.runs[0]!.ctx.reportProgress(2, 5);
      w.gate.runs[0]!.release(text('done'));
      await answer;
      expect(link.notified).toEqual([
        {
          method: 'notifications/progress',
          params: { progressToken: 7, progress: 2, total: 5, message: 'Progress: 2/5' },
        },
      ]);
      expect(link.lateProgress).toEqual([]);
    });

    it('refuses a plain call of a tool that runs only as a task', async () => {
      const w = methodWorld();
      expect(
        await wireErrorOf(() =>
          call2025(w.method('tools/call'), { name: 'gate_required' }, aScope2025(alice)),
        ),
      ).toEqual({
        code: -32601,
        message: "Tool 'gate_required' must be called as a task: add params.task to tools/call",
        data: { reason: 'TASK_REQUIRED' },
      });
      expect(w.required.runs).toHaveLength(0);
    });

    it('asks a plain call’s question on the request’s stream, without naming the task', async () => {
      const w = methodWorld();
      const link = new RecordingRequestLink(true, {
        answeredBy: alice,
        answer: () => ({ id: 1, result: { action: 'accept', content: { sure: true } } }),
      });
      const result = await call2025(
        w.method('tools/call'),
        { name: 'confirm' },
        aScope2025(alice, link),
      );
      expect(result).toEqual({ content: [{ type: 'text', text: 'sure: true' }] });
      expect(link.asked).toHaveLength(1);
      expect(ElicitRequestSchema.safeParse(link.asked[0]).success).toBe(true);
      expect(link.asked[0]!.params).toMatchObject({ mode: 'form', message: 'Really go ahead?' });
      expect(link.asked[0]!.params._meta).not.toHaveProperty([RELATED_TASK_META_KEY]);
    });

    it('fails a question for a client that declared no elicitation with -32021', async () => {
      const w = methodWorld();
      const link = new RecordingRequestLink(false);
      const error = await wireErrorOf(() =>
        call2025(w.method('tools/call'), { name: 'confirm' }, aScope2025(alice, link)),
      );
      expect(error).toEqual({
        code: -32021,
        message:
          'The task cannot ask its caller a question: the client did not declare the elicitation capability at initialize',
        data: { requiredCapabilities: { elicitation: {} } },
      });
      expect(link.asked).toEqual([]);
    });

    it('cancels the task of a plain call whose caller gives up', async () => {
      const w = methodWorld();
      const giveUp = new AbortController();
      const answer = call2025(
        w.method('tools/call'),
        { name: 'gate' },
        aScope2025(alice, new RecordingRequestLink(), { signal: giveUp.signal }),
      );
      await w.gate.started();
      giveUp.abort();
      await expect(answer).rejects.toThrow();
      await w.gate.runs[0]!.ended;
      await flushAsync();
      const seen = await call2025(
        w.method('tasks/get'),
        { taskId: w.gate.runs[0]!.ctx.taskId },
        aScope2025(alice),
      );
      expect(seen.status).toBe('cancelled');
    });
  });

  describe('2026-07-28', () => {
    it('reads the name, the arguments and answers, ignoring a 2025-11-25 task hint', () => {
      const { parse } = methodWorld().method('tools/call').v2026!;
      expect(parse({ name: 'gate', task: { ttl: 5 } })).toEqual({ name: 'gate', args: {} });
      expect(
        parse({
          name: 'confirm',
          arguments: { ask: true },
          inputResponses: { 'first-question': { action: 'decline' } },
        }),
      ).toEqual({
        name: 'confirm',
        args: { ask: true },
        inputResponses: { 'first-question': { action: 'decline' } },
      });
    });

    it.each([
      ['no name', {}, 'params.name must be a string', false],
      [
        'array arguments',
        { name: 'gate', arguments: [] },
        'params.arguments must be an object',
        false,
      ],
      [
        'answers in an array',
        { name: 'gate', inputResponses: ['yes'] },
        'params.inputResponses must be an object of answers keyed by question',
        false,
      ],
      [
        'an answer that is no object',
        { name: 'gate', inputResponses: { q: 'yes' } },
        'each answer must be an object',
        false,
      ],
      [
        'a question key past the limit (malformed)',
        { name: 'gate', inputResponses: { ['k'.repeat(129)]: {} } },
        'a question key is longer than 128 characters',
        true,
      ],
    ])('refuses %s', (_case, params, detail, malformed) => {
      const { parse } = methodWorld().method('tools/call').v2026!;
      const refusal = refusalOf(() => parse(params));
      expect(refusal.toJson()).toEqual({ code: -32602, message: `Invalid params: ${detail}` });
      expect(refusal.malformed).toBe(malformed);
    });

    it('takes a question key of exactly the limit', () => {
      const { parse } = methodWorld().method('tools/call').v2026!;
      const key = 'k'.repeat(128);
      expect(parse({ name: 'gate', inputResponses: { [key]: {} } }).inputResponses).toEqual({
        [key]: {},
      });
    });

    it('answers a task handle to a client that declares the tasks extension', async () => {
      const w = methodWorld();
      const handle = await call2026(
        w.method('tools/call'),
        { name: 'gate', arguments: {} },
        aScope2026(alice, { tasks: true }),
      );
      expect(handle).toEqual({
        resultType: 'task',
        taskId: expect.any(String),
        status: 'working',
        createdAt: START,
        lastUpdatedAt: START,
        ttlMs: 3_600_000,
        pollIntervalMs: 1000,
      });
      await w.gate.started();
      expect(w.gate.runs[0]!.ctx.taskId).toBe(handle.taskId);
    });

    it('runs an optional tool inline for a client without the extension', async () => {
      const w = methodWorld();
      const result = await call2026(
        w.method('tools/call'),
        { name: 'echo', arguments: { say: 'inline' } },
        aScope2026(alice, {}),
      );
      expect(result).toEqual({
        content: [{ type: 'text', text: 'inline' }],
        resultType: 'complete',
      });
    });

    it('runs a tool that may not be a task inline, even for a client with the extension', async () => {
      const w = methodWorld();
      const result = await call2026(
        w.method('tools/call'),
        { name: 'echo_forbidden', arguments: { say: 'quick' } },
        aScope2026(alice, { tasks: true }),
      );
      expect(result).toEqual({
        content: [{ type: 'text', text: 'quick' }],
        resultType: 'complete',
      });
    });

    it('refuses a task-only tool to a client without the extension with -32021', async () => {
      const w = methodWorld();
      const error = await wireErrorOf(() =>
        call2026(w.method('tools/call'), { name: 'gate_required' }, aScope2026(alice, {})),
      );
      expect(error).toEqual({
        code: -32021,
        message: `Missing required client capability: Tool 'gate_required' runs only as a task; declare "${TASKS_EXTENSION}" in the request's client capabilities`,
        data: { requiredCapabilities: TASKS_REQUIRED },
      });
      expect(w.required.runs).toHaveLength(0);
    });

    it('refuses an unknown tool', async () => {
      const w = methodWorld();
      expect(
        await wireErrorOf(() =>
          call2026(w.method('tools/call'), { name: 'nope' }, aScope2026(alice)),
        ),
      ).toEqual({ code: -32602, message: 'Unknown tool: nope', data: { reason: 'UNKNOWN_TOOL' } });
    });

    it('fails an inline run that asks a client without elicitation with -32021 naming elicitation', async () => {
      const w = methodWorld();
      const error = await wireErrorOf(() =>
        call2026(w.method('tools/call'), { name: 'guess_number' }, aScope2026(alice, {})),
      );
      expect(error).toEqual({
        code: -32021,
        message: `The task cannot ask its caller a question: Tool 'guess_number' needs input while it runs; declare elicitation in the request's client capabilities to be asked (multi round-trip)`,
        data: { requiredCapabilities: { elicitation: {} } },
      });
    });

    it('asks the first question before anything is stored, then starts with its answer', async () => {
      const w = methodWorld();
      const scope = aScope2026(alice, { tasks: true, elicitation: true });
      const asked = await call2026(w.method('tools/call'), { name: 'confirm' }, scope);
      expect(asked).toEqual({
        resultType: 'input_required',
        inputRequests: {
          'first-question': {
            method: 'elicitation/create',
            params: {
              mode: 'form',
              message: 'Really go ahead?',
              requestedSchema: {
                type: 'object',
                properties: { sure: { type: 'boolean', description: 'Go ahead?' } },
                required: ['sure'],
              },
            },
          },
        },
      });
      expect(await call2025(w.method('tasks/list'), {}, aScope2025(alice))).toEqual({ tasks: [] });

      const handle = await call2026(
        w.method('tools/call'),
        {
          name: 'confirm',
          inputResponses: { 'first-question': { action: 'accept', content: { sure: false } } },
        },
        scope,
      );
      expect(handle).toMatchObject({ resultType: 'task', status: 'working' });
      expect((await w.settled(alice, handle.taskId)).result).toEqual(text('sure: false'));
    });

    it('runs inline with the first answer for a client without the extension', async () => {
      const w = methodWorld();
      const result = await call2026(
        w.method('tools/call'),
        { name: 'confirm', inputResponses: { 'first-question': { action: 'decline' } } },
        aScope2026(alice, { elicitation: true }),
      );
      expect(result).toEqual({ ...text('decline'), resultType: 'complete' });
    });

    it('refuses a first question to a client without elicitation with -32021', async () => {
      const w = methodWorld();
      const error = await wireErrorOf(() =>
        call2026(w.method('tools/call'), { name: 'confirm' }, aScope2026(alice, { tasks: true })),
      );
      expect(error).toEqual({
        code: -32021,
        message:
          "Missing required client capability: Tool 'confirm' asks a question before it starts, by elicitation; declare elicitation in the request's client capabilities",
        data: { requiredCapabilities: { elicitation: {} } },
      });
    });

    // MRTR (spec-2026-07-28-mrtr): a server MUST NOT send inputRequests the client has not declared
    // support for. The first question honours it (-32021 above), and 2025-11-25 tells the tool at
    // once (NO_ELICITATION_DECLARED); a task's later questions reach a client without elicitation.
    it('never shows a 2026-07-28 client that declared no elicitation an elicitation/create of its task', async () => {
      const w = methodWorld();
      const client = { tasks: true, elicitation: false };
      const handle = await call2026(
        w.method('tools/call'),
        { name: 'guess_number' },
        aScope2026(alice, client),
      );
      expect(handle).toMatchObject({ resultType: 'task' });
      await w.container
        .get(TaskWatch)
        .until(alice.owner, String(handle.taskId) as TaskId, (task) =>
          task.status === 'working' ? undefined : task,
        );
      const seen = await call2026(
        w.method('tasks/get'),
        { taskId: handle.taskId },
        aScope2026(alice, client),
      );
      expect(JSON.stringify(seen.inputRequests ?? {})).not.toContain('elicitation/create');
    });
  });

  describe('under TASK_MCP_TASKLESS_CLIENTS=handles', () => {
    const HANDLES = { TASK_MCP_TASKLESS_CLIENTS: 'handles' };

    it('asks for the task methods’ operations for the four tools, and only under handles', () => {
      const calls = methodWorld(HANDLES).method('tools/call');
      expect(calls.operation?.({ name: 'task_status' })).toBe(READ_TASKS);
      expect(calls.operation?.({ name: 'task_result' })).toBe(READ_TASKS);
      expect(calls.operation?.({ name: 'task_list' })).toBe(READ_TASKS);
      expect(calls.operation?.({ name: 'task_cancel' })).toBe(CANCEL_TASKS);
      expect(calls.operation?.({ name: 'gate' })).toEqual(callTool('gate'));
      const off = methodWorld().method('tools/call');
      expect(off.operation?.({ name: 'task_status' })).toEqual(callTool('task_status'));
    });

    it('spends no task creation on the four tools, which start no task', () => {
      const calls = methodWorld(HANDLES).method('tools/call');
      for (const name of ['task_status', 'task_result', 'task_list', 'task_cancel']) {
        expect(calls.creates?.({ name })).toBe(0);
      }
      expect(calls.creates?.({ name: 'gate' })).toBe(1);
    });

    it('admits task_status on the read scope, not on the tools/call scope', async () => {
      const { container } = testContainer(HANDLES);
      container.rebind(SCOPE_RULES).toConstantValue({ ...DEFAULT_SCOPE_RULES, enforced: true });
      const classifier = container.get(MessageClassifier);
      const admission = container.get(RequestAdmission);
      const admit = (tool: string, scopes: string[]) => () =>
        admission.authorize(
          aPrincipal('alice', scopes),
          classifier.classify(
            bodyOf(aRequest('tools/call', { name: tool, arguments: { taskId: 'x' } })),
            PROTOCOL_2025,
          ).messages,
        );
      expect(admit('task_status', ['tasks:read'])).not.toThrow();
      expect(admit('task_status', ['tasks:create'])).toThrow(
        expect.objectContaining({ requiredScopes: ['tasks:read'] }),
      );
      expect(admit('task_cancel', ['tasks:read'])).toThrow(
        expect.objectContaining({ requiredScopes: ['tasks:cancel'] }),
      );
      expect(admit('task_cancel', ['tasks:cancel'])).not.toThrow();
      // The use case checks the same scope again: no way round it by skipping the front door.
      const refusal = await wireErrorOf(() =>
        call2025(
          container.get(MethodTable).get('tools/call')!,
          { name: 'task_list' },
          aScope2025(aPrincipal('alice', ['tasks:create'])),
        ),
      );
      expect(refusal).toMatchObject({ code: -32003, data: { requiredScopes: ['tasks:read'] } });
    });

    it('answers a handle, not -32601, to a plain call of a tool that runs only as a task', async () => {
      const w = methodWorld(HANDLES);
      const answer = await call2025(
        w.method('tools/call'),
        { name: 'gate_required' },
        aScope2025(alice),
      );
      expect(CallToolResultSchema.safeParse(answer).success).toBe(true);
      expect(answer.structuredContent).toMatchObject({ status: 'working' });
      await w.required.started();
    });

    it('answers a handle, not -32021, to a 2026-07-28 client without the extension', async () => {
      const w = methodWorld(HANDLES);
      const answer = await call2026(
        w.method('tools/call'),
        { name: 'gate_required' },
        aScope2026(alice, {}),
      );
      expect(answer).toMatchObject({
        resultType: 'complete',
        structuredContent: { status: 'working' },
      });
    });

    it('still gives a client that asks for a task a real task', async () => {
      const w = methodWorld(HANDLES);
      const link = new RecordingRequestLink();
      const created = await call2025(
        w.method('tools/call'),
        { name: 'gate_required', task: {} },
        aScope2025(alice, link),
      );
      expect(CreateTaskResultSchema.safeParse(created).success).toBe(true);
      expect(link.followed).toHaveLength(1);
      const handle = await call2026(
        w.method('tools/call'),
        { name: 'gate_required' },
        aScope2026(alice, { tasks: true }),
      );
      expect(handle).toMatchObject({ resultType: 'task', status: 'working' });
    });

    it('still runs a forbidden tool inline', async () => {
      const w = methodWorld(HANDLES);
      expect(
        await call2025(
          w.method('tools/call'),
          { name: 'echo_forbidden', arguments: { say: 'hi' } },
          aScope2025(alice),
        ),
      ).toEqual({ content: [{ type: 'text', text: 'hi' }] });
    });
  });
});
