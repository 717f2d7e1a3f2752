import { GetTaskResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { RequestFailedError } from '../../../../src/application/tool-kit/task-context.js';
import { TASKS_EXTENSION } from '../../../../src/adapters/mcp/protocol-versions.js';
import {
  aScope2025,
  aScope2026,
  call2025,
  call2026,
  methodWorld,
  wireErrorOf,
  refusalOf,
  TASK_NOT_FOUND,
  withGateTask,
} from '../../../support/mcp-methods.js';
import { aPrincipal } from '../../../support/task-mother.js';
import { text } from '../../../support/test-tools.js';

const alice = aPrincipal('alice');
const bob = aPrincipal('bob');
const START = '2026-01-01T00:00:00.000Z';

describe('tasks/get', () => {
  it('is routed by the task id, creates nothing and asks to read tasks', () => {
    const get = methodWorld().method('tasks/get');
    expect(get.name).toBe('tasks/get');
    expect(get.routingField).toBe('taskId');
    expect(get.creates).toBeUndefined();
    expect(get.operation?.({ taskId: 'x' })).toEqual({ kind: 'read' });
  });

  it.each(['v2025', 'v2026'] as const)('%s reads params.taskId as its own string', (version) => {
    const { parse } = methodWorld().method('tasks/get')[version]!;
    expect(parse({ taskId: 'task-1' })).toBe('task-1');
    for (const params of [{}, { taskId: 5 }, Object.create({ taskId: 'task-1' })]) {
      expect(refusalOf(() => parse(params)).toJson()).toEqual({
        code: -32602,
        message: 'Invalid params: params.taskId must be a string',
      });
    }
  });

  describe('2025-11-25', () => {
    it('shows the task as a GetTaskResult, its status message included', async () => {
      const { w, taskId, run } = await withGateTask(alice, 60_000);
      await run.ctx.setStatusMessage('Halfway');
      const seen = await call2025(w.method('tasks/get'), { taskId }, aScope2025(alice));
      expect(GetTaskResultSchema.safeParse(seen).success).toBe(true);
      expect(seen).toEqual({
        taskId,
        status: 'working',
        statusMessage: 'Halfway',
        createdAt: START,
        lastUpdatedAt: START,
        ttl: 60_000,
        pollInterval: 1000,
      });
    });

    it('shows a finished task with its status and nothing of its result', async () => {
      const { w, taskId, run } = await withGateTask(alice, 60_000);
      w.clock.jump(1500);
      run.release(text('secret output'));
      await w.settled(alice, taskId);
      const seen = await call2025(w.method('tasks/get'), { taskId }, aScope2025(alice));
      expect(GetTaskResultSchema.safeParse(seen).success).toBe(true);
      expect(seen).toMatchObject({
        status: 'completed',
        lastUpdatedAt: '2026-01-01T00:00:01.500Z',
      });
      expect(JSON.stringify(seen)).not.toContain('secret output');
    });

    it('flags a task past its ttl in _meta until cleanup', async () => {
      const { w, taskId } = await withGateTask(alice, 5000);
      w.clock.jump(4999);
      const before = await call2025(w.method('tasks/get'), { taskId }, aScope2025(alice));
      expect(before).not.toHaveProperty('_meta');
      w.clock.jump(1);
      const after = await call2025(w.method('tasks/get'), { taskId }, aScope2025(alice));
      expect(GetTaskResultSchema.safeParse(after).success).toBe(true);
      expect(after).toMatchObject({ taskId, _meta: { 'dev.task-mcp/expired': true } });
    });

    it("answers another owner's task exactly like an unknown one", async () => {
      const { w, taskId } = await withGateTask(alice, 60_000);
      const get = w.method('tasks/get');
      const foreign = await wireErrorOf(() => call2025(get, { taskId }, aScope2025(bob)));
      const unknown = await wireErrorOf(() =>
        call2025(get, { taskId: 'no-such-task' }, aScope2025(bob)),
      );
      expect(foreign).toEqual(TASK_NOT_FOUND);
      expect(unknown).toEqual(foreign);
    });
  });

  describe('2026-07-28 (tasks extension)', () => {
    it('refuses a client that does not declare the extension with -32021', async () => {
      const { w, taskId } = await withGateTask(alice, 60_000);
      expect(
        await wireErrorOf(() => call2026(w.method('tasks/get'), { taskId }, aScope2026(alice, {}))),
      ).toEqual({
        code: -32021,
        message: `Missing required client capability: tasks/get is part of the tasks extension; declare "${TASKS_EXTENSION}" in the request's client capabilities`,
        data: { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } },
      });
    });

    it('shows a working task flat, with ttlMs and pollIntervalMs', async () => {
      const { w, taskId } = await withGateTask(alice, 60_000);
      expect(await call2026(w.method('tasks/get'), { taskId }, aScope2026(alice))).toEqual({
        resultType: 'complete',
        taskId,
        status: 'working',
        createdAt: START,
        lastUpdatedAt: START,
        ttlMs: 60_000,
        pollIntervalMs: 1000,
      });
    });

    it('shows the open questions of a task waiting for input', async () => {
      const w = methodWorld();
      const created = await call2025(
        w.method('tools/call'),
        { name: 'confirm', task: {} },
        aScope2025(alice),
      );
      const taskId = (created.task as { taskId: string }).taskId;
      await w.reaches(alice, taskId, 'input_required');
      expect(await call2026(w.method('tasks/get'), { taskId }, aScope2026(alice))).toEqual({
        resultType: 'complete',
        taskId,
        status: 'input_required',
        statusMessage: 'Really go ahead?',
        createdAt: START,
        lastUpdatedAt: START,
        ttlMs: 3_600_000,
        pollIntervalMs: 1000,
        inputRequests: {
          'input-1': {
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
    });

    it('inlines a completed task’s result as a complete result', async () => {
      const { w, taskId, run } = await withGateTask(alice, 60_000);
      run.release(text('all done'));
      await w.settled(alice, taskId);
      const seen = await call2026(w.method('tasks/get'), { taskId }, aScope2026(alice));
      expect(seen).toMatchObject({ resultType: 'complete', status: 'completed' });
      expect(seen.result).toEqual({ ...text('all done'), resultType: 'complete' });
      expect(seen).not.toHaveProperty('error');
    });

    it('shows a task that ended with an isError result as completed, with that result', async () => {
      const { w, taskId, run } = await withGateTask(alice, 60_000);
      run.release({ content: [{ type: 'text', text: 'bad input' }], isError: true });
      await w.settled(alice, taskId);
      const seen = await call2026(w.method('tasks/get'), { taskId }, aScope2026(alice));
      expect(seen.status).toBe('completed');
      expect(seen.result).toEqual({
        content: [{ type: 'text', text: 'bad input' }],
        isError: true,
        resultType: 'complete',
      });
      expect(seen).not.toHaveProperty('error');
    });

    it('shows a task whose request failed as failed, with its JSON-RPC error', async () => {
      const { w, taskId, run } = await withGateTask(alice, 60_000);
      run.reject(new RequestFailedError('quota gone', -32050, { left: 0 }));
      await w.settled(alice, taskId);
      const seen = await call2026(w.method('tasks/get'), { taskId }, aScope2026(alice));
      expect(seen.status).toBe('failed');
      expect(seen.error).toEqual({ code: -32050, message: 'quota gone', data: { left: 0 } });
      expect(seen).not.toHaveProperty('result');
    });

    it('shows a cancelled task with neither result nor error', async () => {
      const { w, taskId } = await withGateTask(alice, 60_000);
      await call2025(w.method('tasks/cancel'), { taskId }, aScope2025(alice));
      const seen = await call2026(w.method('tasks/get'), { taskId }, aScope2026(alice));
      expect(seen).toMatchObject({ resultType: 'complete', status: 'cancelled' });
      expect(seen).not.toHaveProperty('result');
      expect(seen).not.toHaveProperty('error');
    });

    it('flags a task past its ttl in _meta', async () => {
      const { w, taskId } = await withGateTask(alice, 5000);
      w.clock.jump(5000);
      expect(await call2026(w.method('tasks/get'), { taskId }, aScope2026(alice))).toMatchObject({
        resultType: 'complete',
        taskId,
        _meta: { 'dev.task-mcp/expired': true },
      });
    });

    it("answers another owner's task exactly like an unknown one", async () => {
      const { w, taskId } = await withGateTask(alice, 60_000);
      const get = w.method('tasks/get');
      const foreign = await wireErrorOf(() => call2026(get, { taskId }, aScope2026(bob)));
      const unknown = await wireErrorOf(() =>
        call2026(get, { taskId: 'no-such-task' }, aScope2026(bob)),
      );
      expect(foreign).toEqual(TASK_NOT_FOUND);
      expect(unknown).toEqual(foreign);
    });
  });
});
