import {
  answerInput,
  askForInput,
  finishTask,
  InvalidTransitionError,
  takeInputResponse,
  TaskExpiredError,
} from '../../src/domain/index.js';
import { aTask } from '../support/task-mother.js';

const NOW = 1_000_000;
const QUESTION = { method: 'elicitation/create', params: { message: 'Go?' } };
const YES = { action: 'accept', content: {} };

describe('a task asking its caller', () => {
  it('waits in input_required until every open question is answered', () => {
    const first = askForInput(aTask({ now: NOW }), NOW + 1, QUESTION, 'Go?');
    const second = askForInput(first.task, NOW + 2, QUESTION);
    expect([first.key, second.key]).toEqual(['input-1', 'input-2']);
    expect(second.task.status).toBe('input_required');

    const half = answerInput(second.task, NOW + 3, 'input-2', YES)!;
    expect(half.status).toBe('input_required');
    expect(Object.keys(half.input!.requests)).toEqual(['input-1']);
    const all = answerInput(half, NOW + 4, 'input-1', YES)!;
    expect(all).toMatchObject({ status: 'working', version: second.task.version + 2 });
    expect(all.statusMessage).toBeUndefined();
    expect(all.input!.responses).toEqual({ 'input-1': YES, 'input-2': YES });

    const taken = takeInputResponse(all, NOW + 5, 'input-1')!;
    expect(taken.input!.responses).toEqual({ 'input-2': YES });
    expect(takeInputResponse(taken, NOW + 6, 'input-1')).toBeUndefined();
  });

  it('ignores answers to keys that are not open, and answers to an ended or expired task', () => {
    const { task } = askForInput(aTask({ now: NOW, ttlMs: 1000 }), NOW, QUESTION);
    expect(answerInput(task, NOW, 'input-9', YES)).toBeUndefined();
    expect(answerInput(task, NOW + 1000, 'input-1', YES)).toBeUndefined();
    const cancelled = finishTask(task, 'cancelled', NOW + 1, {});
    // Cleared fields are left out, never kept as undefined (nor deleted: see bump).
    expect(Object.keys(cancelled)).not.toContain('input');
    expect(Object.keys(cancelled)).not.toContain('error');
    expect(answerInput(cancelled, NOW + 2, 'input-1', YES)).toBeUndefined();
  });

  it('cannot ask once the task has ended or expired', () => {
    const task = aTask({ now: NOW, ttlMs: 1000 });
    expect(() => askForInput(task, NOW + 1000, QUESTION)).toThrow(TaskExpiredError);
    const done = finishTask(task, 'completed', NOW + 1, { content: [] });
    expect(() => askForInput(done, NOW + 2, QUESTION)).toThrow(InvalidTransitionError);
  });

  it('keeps the error of a request that failed as a whole', () => {
    const failed = finishTask(aTask({ now: NOW }), 'failed', NOW + 1, {}, 'boom', {
      code: -32603,
      message: 'boom',
    });
    expect(failed.error).toEqual({ code: -32603, message: 'boom' });
    expect(finishTask(aTask({ now: NOW }), 'failed', NOW + 1, {}).error).toBeUndefined();
  });
});
