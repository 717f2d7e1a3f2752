import { CallToolResultSchema, RELATED_TASK_META_KEY } from '@modelcontextprotocol/sdk/types.js';
import { finishTask, type JsonValue, type TaskError } from '../../../../src/domain/index.js';
import { RpcError } from '../../../../src/adapters/mcp/json-rpc/rpc-error.js';
import { presentOutcome } from '../../../../src/adapters/mcp/presentation/task-outcome.js';
import { aTask } from '../../../support/task-mother.js';

function outcome(result: JsonValue, error?: TaskError) {
  const task = finishTask(
    aTask(),
    error ? 'failed' : 'completed',
    2_000_000,
    result,
    undefined,
    error,
  );
  return { task, result };
}

const TEXT = { content: [{ type: 'text', text: 'done' }] };

describe('presentOutcome', () => {
  it('answers the tool’s result exactly as it was returned', () => {
    const done = outcome(TEXT);
    const answer = presentOutcome(done, false);
    expect(CallToolResultSchema.safeParse(answer).success).toBe(true);
    expect(answer).toEqual(TEXT);
  });

  it('answers an isError result as a result', () => {
    const failed = { content: [{ type: 'text', text: 'bad' }], isError: true };
    expect(presentOutcome(outcome(failed), false)).toEqual(failed);
  });

  it('adds the related-task _meta when asked, keeping the result’s own _meta', () => {
    const stored = { ...TEXT, _meta: { 'example.test/trace': 'abc' } };
    const done = outcome(stored);
    const answer = presentOutcome(done, true);
    expect(CallToolResultSchema.safeParse(answer).success).toBe(true);
    expect(answer).toEqual({
      ...TEXT,
      _meta: { 'example.test/trace': 'abc', [RELATED_TASK_META_KEY]: { taskId: done.task.id } },
    });
    expect(stored._meta).toEqual({ 'example.test/trace': 'abc' });
  });

  it('answers an empty result for a task that returned none', () => {
    const done = outcome(null);
    expect(presentOutcome(done, false)).toEqual({});
    expect(presentOutcome(done, true)).toEqual({
      _meta: { [RELATED_TASK_META_KEY]: { taskId: done.task.id } },
    });
  });

  it('throws the JSON-RPC error of a task whose request failed, data included', () => {
    const failed = outcome(TEXT, { code: -32021, message: 'cannot ask', data: { need: 1 } });
    for (const relatedTask of [false, true]) {
      let thrown: unknown;
      try {
        presentOutcome(failed, relatedTask);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(RpcError);
      expect((thrown as RpcError).toJson()).toEqual({
        code: -32021,
        message: 'cannot ask',
        data: { need: 1 },
      });
    }
  });

  it('throws an error without data as just its code and message', () => {
    const failed = outcome(TEXT, { code: -32603, message: 'The task expired' });
    expect(() => presentOutcome(failed, false)).toThrow(RpcError);
    try {
      presentOutcome(failed, false);
    } catch (error) {
      expect((error as RpcError).toJson()).toEqual({ code: -32603, message: 'The task expired' });
    }
  });
});
