import 'reflect-metadata';
import { CallToolResultSchema, RELATED_TASK_META_KEY } from '@modelcontextprotocol/sdk/types.js';
import { HandleTools } from '../../../../src/adapters/mcp/taskless/handle-tools.js';
import { CANCEL_TASKS, READ_TASKS } from '../../../../src/application/policy/access-policy.js';
import { AUDIT_LOG } from '../../../../src/application/ports/audit-log.js';
import { RequestFailedError } from '../../../../src/application/tool-kit/task-context.js';
import { CreateTask } from '../../../../src/application/use-cases/create-task.js';
import type { JsonObject } from '../../../../src/domain/index.js';
import { flushAsync } from '../../../support/fake-clock.js';
import { TASK_NOT_FOUND, wireErrorOf } from '../../../support/mcp-methods.js';
import { RecordingAuditLog } from '../../../support/recording-audit-log.js';
import { aPrincipal } from '../../../support/task-mother.js';
import { testContainer } from '../../../support/test-container.js';
import { GateTool, text } from '../../../support/test-tools.js';

const alice = aPrincipal('alice');
const bob = aPrincipal('bob');
const request = () => ({ signal: new AbortController().signal });

function world(env: Record<string, string> = {}) {
  const gate = new GateTool();
  const { container, clock } = testContainer(env, [gate]);
  const audit = new RecordingAuditLog();
  container.rebind(AUDIT_LOG).toConstantValue(audit);
  const tools = container.get(HandleTools);
  const start = async (who = alice): Promise<string> => {
    const task = await container.get(CreateTask).run(who, { toolName: 'gate', arguments: {} });
    return task.id;
  };
  const call = (name: string, args: JsonObject, who = alice) =>
    tools.serve(name as never, args, who, request());
  const structured = async (name: string, args: JsonObject, who = alice) => {
    const answer = await call(name, args, who);
    expect(CallToolResultSchema.safeParse(answer).success).toBe(true);
    return answer.structuredContent as Record<string, unknown>;
  };
  return { gate, clock, audit, tools, start, call, structured };
}

describe('HandleTools', () => {
  it('knows the four by name, and the task method scopes each asks for', () => {
    const { tools } = world();
    expect(tools.definitions.map((tool) => tool.name)).toEqual([
      'task_status',
      'task_result',
      'task_cancel',
      'task_list',
    ]);
    expect(tools.has('task_status')).toBe(true);
    for (const name of ['gate', '__proto__', 'toString', 'tasks/get']) {
      expect(tools.has(name)).toBe(false);
      expect(tools.operationOf(name)).toBeUndefined();
    }
    expect(tools.operationOf('task_status')).toBe(READ_TASKS);
    expect(tools.operationOf('task_result')).toBe(READ_TASKS);
    expect(tools.operationOf('task_list')).toBe(READ_TASKS);
    expect(tools.operationOf('task_cancel')).toBe(CANCEL_TASKS);
  });

  it('task_status shows the caller’s task, flagged once past its ttl', async () => {
    const { start, structured, gate, clock } = world();
    const taskId = await start();
    await gate.started();
    expect(await structured('task_status', { taskId })).toMatchObject({
      taskId,
      status: 'working',
      next: { name: 'task_result', arguments: { taskId } },
    });
    gate.runs[0]!.release(text('done'));
    await flushAsync();
    clock.jump(3_600_001);
    expect(await structured('task_status', { taskId })).toMatchObject({
      status: 'completed',
      expired: true,
    });
  });

  it('task_result answers what the tool returned, as tasks/result does', async () => {
    const { start, call, gate } = world();
    const taskId = await start();
    await gate.started();
    gate.runs[0]!.release(text('all done'));
    expect(await call('task_result', { taskId })).toEqual({
      content: [{ type: 'text', text: 'all done' }],
      _meta: { [RELATED_TASK_META_KEY]: { taskId } },
    });
  });

  it('task_result answers a request that failed as a whole with its JSON-RPC error', async () => {
    const { start, call, gate } = world();
    const taskId = await start();
    await gate.started();
    gate.runs[0]!.reject(new RequestFailedError('The backend refused', -32010));
    expect(await wireErrorOf(() => call('task_result', { taskId }))).toEqual({
      code: -32010,
      message: 'The backend refused',
    });
  });

  it('task_result answers the task still working when the wait ends first', async () => {
    const { start, call, gate, clock } = world();
    const taskId = await start();
    await gate.started();
    const answer = call('task_result', { taskId, waitSeconds: 2 });
    await flushAsync();
    clock.advance(2000);
    expect((await answer).structuredContent).toMatchObject({ taskId, status: 'working' });
    expect(gate.runs[0]!.ctx.signal.aborted).toBe(false);
  });

  it('task_cancel stops the task and shows it cancelled; an ended task cannot be', async () => {
    const { start, structured, call, gate } = world();
    const taskId = await start();
    await gate.started();
    expect(await structured('task_cancel', { taskId })).toMatchObject({
      taskId,
      status: 'cancelled',
    });
    expect(gate.runs[0]!.ctx.signal.aborted).toBe(true);
    expect(await wireErrorOf(() => call('task_cancel', { taskId }))).toMatchObject({
      code: -32602,
      message: "Cannot cancel task: already in terminal status 'cancelled'",
    });
  });

  it('task_list shows the caller’s own tasks, a page at a time', async () => {
    const { start, structured } = world({ TASK_MCP_LIST_PAGE_SIZE: '1' });
    const mine = [await start(), await start()];
    const theirs = await start(bob);
    const first = await structured('task_list', {});
    expect(first.tasks).toHaveLength(1);
    expect(typeof first.nextCursor).toBe('string');
    const second = await structured('task_list', { cursor: first.nextCursor as string });
    const listed = [first, second].flatMap((page) =>
      (page.tasks as { taskId: string }[]).map((task) => task.taskId),
    );
    expect(listed.sort()).toEqual([...mine].sort());
    expect(listed).not.toContain(theirs);
  });

  it('answers another owner’s task exactly like an unknown one, and leaves it alone', async () => {
    const { start, call, gate } = world();
    const taskId = await start();
    await gate.started();
    const unknown = `${taskId.slice(0, -4)}zzzz`;
    for (const name of ['task_status', 'task_result', 'task_cancel']) {
      const onTheirs = await wireErrorOf(() => call(name, { taskId, waitSeconds: 0 }, bob));
      const onUnknown = await wireErrorOf(() =>
        call(name, { taskId: unknown, waitSeconds: 0 }, bob),
      );
      expect(onTheirs).toEqual(onUnknown);
      expect(onTheirs).toEqual(TASK_NOT_FOUND);
    }
    expect(gate.runs[0]!.ctx.signal.aborted).toBe(false);
  });

  it.each([
    ['task_status', {}, "Invalid arguments for tool 'task_status': taskId: "],
    ['task_cancel', { taskId: 42 }, "Invalid arguments for tool 'task_cancel': taskId: "],
    [
      'task_result',
      { taskId: 'x', waitSeconds: 61 },
      "Invalid arguments for tool 'task_result': waitSeconds: Too big",
    ],
    [
      'task_result',
      { taskId: 'x', waitSeconds: -1 },
      "Invalid arguments for tool 'task_result': waitSeconds: Too small",
    ],
    ['task_list', { cursor: 7 }, "Invalid arguments for tool 'task_list': cursor: "],
  ])(
    'refuses %s with %p like any tool’s bad arguments, changing nothing',
    async (name, args, message) => {
      const { start, call, gate, audit } = world();
      await start();
      await gate.started();
      const refusal = await wireErrorOf(() => call(name, args));
      expect(refusal.code).toBe(-32602);
      expect(refusal.message.startsWith(message)).toBe(true);
      expect(refusal.data).toEqual({ reason: 'INVALID_TOOL_ARGUMENTS' });
      expect(audit.named('parameter.refused')).toEqual([
        expect.objectContaining({
          owner: alice.owner,
          detail: expect.objectContaining({ tool: name }),
        }),
      ]);
      expect(gate.runs[0]!.ctx.signal.aborted).toBe(false);
    },
  );
});
