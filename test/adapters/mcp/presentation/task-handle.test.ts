import {
  askForInput,
  finishTask,
  updateStatusMessage,
  type InputRequest,
  type Task,
} from '../../../../src/domain/index.js';
import {
  toDetailedTask,
  toTaskHandle,
} from '../../../../src/adapters/mcp/presentation/task-handle.js';
import { toWireTask } from '../../../../src/adapters/mcp/presentation/wire-task.js';
import { aTask } from '../../../support/task-mother.js';

const T0 = Date.UTC(2026, 0, 1);
const QUESTION: InputRequest = {
  method: 'elicitation/create',
  params: { mode: 'form', message: 'Which branch?', requestedSchema: { type: 'object' } },
};
const TEXT = { content: [{ type: 'text', text: 'ok' }] };

function working(): Task {
  return aTask({ now: T0, ttlMs: 60_000 });
}

describe('toTaskHandle', () => {
  it('shows a task as the tasks extension does: flat, with ttlMs and pollIntervalMs', () => {
    const task = working();
    expect(toTaskHandle(task)).toEqual({
      resultType: 'task',
      taskId: task.id,
      status: 'working',
      createdAt: '2026-01-01T00:00:00.000Z',
      lastUpdatedAt: '2026-01-01T00:00:00.000Z',
      ttlMs: 60_000,
      pollIntervalMs: 1000,
    });
  });

  it('shows the status message once there is one', () => {
    const task = updateStatusMessage(working(), T0 + 10, 'Queued');
    expect(toTaskHandle(task)).toMatchObject({
      statusMessage: 'Queued',
      lastUpdatedAt: '2026-01-01T00:00:00.010Z',
    });
  });

  it('gives each caller a handle of its own, leaving the shared 2025-11-25 form alone', () => {
    const task = working();
    const handle = toTaskHandle(task);
    handle.statusMessage = 'changed by a caller';
    expect(toTaskHandle(task)).not.toHaveProperty('statusMessage');
    expect(toWireTask(task)).not.toHaveProperty('statusMessage');
  });
});

describe('toDetailedTask', () => {
  it('makes each task version’s form once, frozen, and a new one for the next version', () => {
    const task = working();
    const shown = toDetailedTask(task);
    expect(toDetailedTask(task)).toBe(shown);
    expect(Object.isFrozen(shown)).toBe(true);
    const next = { ...task, version: task.version + 1, statusMessage: 'later' };
    expect(toDetailedTask(next)).toMatchObject({ statusMessage: 'later' });
    expect(shown).not.toHaveProperty('statusMessage');
  });

  it('shows a working task as a complete result with nothing inline', () => {
    const task = working();
    expect(toDetailedTask(task)).toEqual({ ...toTaskHandle(task), resultType: 'complete' });
  });

  it('shows the open questions of a task waiting for input', () => {
    const { task } = askForInput(working(), T0 + 1, QUESTION, 'Which branch?');
    expect(toDetailedTask(task)).toEqual({
      resultType: 'complete',
      taskId: task.id,
      status: 'input_required',
      statusMessage: 'Which branch?',
      createdAt: '2026-01-01T00:00:00.000Z',
      lastUpdatedAt: '2026-01-01T00:00:00.001Z',
      ttlMs: 60_000,
      pollIntervalMs: 1000,
      inputRequests: { 'input-1': QUESTION },
    });
  });

  it('inlines a completed task’s result as a complete result', () => {
    const task = finishTask(working(), 'completed', T0 + 5, TEXT);
    const detailed = toDetailedTask(task);
    expect(detailed).toMatchObject({ resultType: 'complete', status: 'completed' });
    expect(detailed.result).toEqual({ ...TEXT, resultType: 'complete' });
    expect(task.result).toEqual(TEXT);
  });

  it('shows a task failed by a tool error result as completed, with that result and isError', () => {
    const failed = { content: [{ type: 'text', text: 'compile error' }], isError: true };
    const task = finishTask(working(), 'failed', T0 + 5, failed, 'Tool execution failed');
    const detailed = toDetailedTask(task);
    expect(detailed.status).toBe('completed');
    expect(detailed.result).toEqual({ ...failed, resultType: 'complete' });
    expect(detailed).not.toHaveProperty('error');
  });

  it('shows a task whose request failed with a JSON-RPC error as failed, data included', () => {
    const error = { code: -32021, message: 'cannot ask', data: { requiredCapabilities: {} } };
    const task = finishTask(working(), 'failed', T0 + 5, TEXT, 'failed', error);
    const detailed = toDetailedTask(task);
    expect(detailed.status).toBe('failed');
    expect(detailed.error).toEqual(error);
    expect(detailed).not.toHaveProperty('result');
    (detailed.error as { message: string }).message = 'changed by a caller';
    expect(task.error?.message).toBe('cannot ask');
  });

  it('shows a cancelled task with neither result nor error', () => {
    const task = finishTask(working(), 'cancelled', T0 + 5, TEXT, 'Cancelled');
    const detailed = toDetailedTask(task);
    expect(detailed).toMatchObject({ status: 'cancelled', statusMessage: 'Cancelled' });
    expect(detailed).not.toHaveProperty('result');
    expect(detailed).not.toHaveProperty('error');
    expect(detailed).not.toHaveProperty('inputRequests');
  });

  it('shows an empty content list for a completed task whose result went missing', () => {
    const task = { ...finishTask(working(), 'completed', T0 + 5, TEXT), result: undefined };
    expect(toDetailedTask(task).result).toEqual({ content: [], resultType: 'complete' });
  });
});
