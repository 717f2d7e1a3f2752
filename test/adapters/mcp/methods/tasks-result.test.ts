import { CallToolResultSchema, RELATED_TASK_META_KEY } from '@modelcontextprotocol/sdk/types.js';
import type { ToolResult } from '../../../../src/application/ports/task-tool.js';
import { RequestFailedError } from '../../../../src/application/tool-kit/task-context.js';
import { RpcError } from '../../../../src/adapters/mcp/json-rpc/rpc-error.js';
import { flushAsync } from '../../../support/fake-clock.js';
import {
  aScope2025,
  call2025,
  methodWorld,
  RecordingRequestLink,
  wireErrorOf,
} from '../../../support/mcp-methods.js';
import { aPrincipal } from '../../../support/task-mother.js';
import { text } from '../../../support/test-tools.js';

const alice = aPrincipal('alice');
const bob = aPrincipal('bob');

async function startTask(w: ReturnType<typeof methodWorld>, name = 'gate'): Promise<string> {
  const created = await call2025(w.method('tools/call'), { name, task: {} }, aScope2025(alice));
  return (created.task as { taskId: string }).taskId;
}

describe('tasks/result', () => {
  it('is a 2025-11-25 method only, asking to read tasks, with no routing field or cost', () => {
    const result = methodWorld().method('tasks/result');
    expect(result.name).toBe('tasks/result');
    expect(result.v2025).toBeDefined();
    expect(result.v2026).toBeUndefined();
    expect(result.routingField).toBeUndefined();
    expect(result.creates).toBeUndefined();
    expect(result.operation?.({ taskId: 'x' })).toEqual({ kind: 'read' });
  });

  it('reads params.taskId, refusing anything but an own string', () => {
    const { parse } = methodWorld().method('tasks/result').v2025!;
    expect(parse({ taskId: 'task-1' })).toBe('task-1');
    for (const params of [{}, { taskId: null }, Object.create({ taskId: 'task-1' })]) {
      let refusal: unknown;
      try {
        parse(params);
      } catch (error) {
        refusal = error;
      }
      expect((refusal as RpcError).toJson()).toEqual({
        code: -32602,
        message: 'Invalid params: params.taskId must be a string',
      });
    }
  });

  it('waits for the task to end and answers its result with the related-task _meta', async () => {
    const w = methodWorld();
    const taskId = await startTask(w);
    await w.gate.started();
    const answer = call2025(w.method('tasks/result'), { taskId }, aScope2025(alice));
    let settled = false;
    void answer.then(() => (settled = true));
    await flushAsync();
    expect(settled).toBe(false);
    w.gate.runs[0]!.release({
      ...text('42'),
      _meta: { 'example.test/trace': 'abc' },
    } as unknown as ToolResult);
    const result = await answer;
    expect(CallToolResultSchema.safeParse(result).success).toBe(true);
    expect(result).toEqual({
      content: [{ type: 'text', text: '42' }],
      _meta: { 'example.test/trace': 'abc', [RELATED_TASK_META_KEY]: { taskId } },
    });
  });

  it('answers an isError result as the result it is', async () => {
    const w = methodWorld();
    const taskId = await startTask(w);
    await w.gate.started();
    w.gate.runs[0]!.release({ content: [{ type: 'text', text: 'nope' }], isError: true });
    const result = await call2025(w.method('tasks/result'), { taskId }, aScope2025(alice));
    expect(CallToolResultSchema.safeParse(result).success).toBe(true);
    expect(result).toEqual({
      content: [{ type: 'text', text: 'nope' }],
      isError: true,
      _meta: { [RELATED_TASK_META_KEY]: { taskId } },
    });
  });

  it('answers the JSON-RPC error of a task whose request failed', async () => {
    const w = methodWorld();
    const taskId = await startTask(w);
    await w.gate.started();
    w.gate.runs[0]!.reject(new RequestFailedError('upstream refused', -32051, { retry: false }));
    expect(
      await wireErrorOf(() => call2025(w.method('tasks/result'), { taskId }, aScope2025(alice))),
    ).toEqual({ code: -32051, message: 'upstream refused', data: { retry: false } });
  });

  it('asks the task’s questions on its stream, naming the task, and records the answer', async () => {
    const w = methodWorld();
    const taskId = await startTask(w, 'confirm');
    await w.reaches(alice, taskId, 'input_required');
    const link = new RecordingRequestLink(true, {
      answeredBy: alice,
      answer: () => ({ id: 1, result: { action: 'accept', content: { sure: true } } }),
    });
    const result = await call2025(w.method('tasks/result'), { taskId }, aScope2025(alice, link));
    expect(result).toEqual({
      ...text('sure: true'),
      _meta: { [RELATED_TASK_META_KEY]: { taskId } },
    });
    expect(link.asked).toHaveLength(1);
    expect(link.asked[0]).toMatchObject({
      method: 'elicitation/create',
      params: { message: 'Really go ahead?', _meta: { [RELATED_TASK_META_KEY]: { taskId } } },
    });
  });

  it('asks nothing of a client that declared no elicitation, and stops waiting when told', async () => {
    const w = methodWorld();
    const taskId = await startTask(w, 'confirm');
    await w.reaches(alice, taskId, 'input_required');
    const link = new RecordingRequestLink(false);
    const giveUp = new AbortController();
    const answer = call2025(
      w.method('tasks/result'),
      { taskId },
      aScope2025(alice, link, { signal: giveUp.signal }),
    );
    await flushAsync();
    giveUp.abort();
    await expect(answer).rejects.toBeDefined();
    expect(link.asked).toEqual([]);
    expect((await w.reaches(alice, taskId, 'input_required')).status).toBe('input_required');
  });

  it("answers another owner's task exactly like an unknown one", async () => {
    const w = methodWorld();
    const taskId = await startTask(w);
    const result = w.method('tasks/result');
    const foreign = await wireErrorOf(() => call2025(result, { taskId }, aScope2025(bob)));
    const unknown = await wireErrorOf(() =>
      call2025(result, { taskId: 'no-such-task' }, aScope2025(bob)),
    );
    expect(foreign).toEqual({
      code: -32602,
      message: 'Task not found',
      data: { reason: 'NOT_FOUND' },
    });
    expect(unknown).toEqual(foreign);
  });
});
