import { z } from 'zod';
import { InvalidArgumentError, TaskNotFoundError } from '../../../src/domain/index.js';
import { flushAsync } from '../../support/fake-clock.js';
import { alice, bob, useCaseWorld as world } from '../../support/use-case-world.js';

const NAME = z.object({ name: z.string().min(2) });

async function askingTask() {
  const w = world();
  const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
  await w.gate.started();
  const ctx = w.gate.runs[0]!.ctx;
  const answer = ctx.elicit({ message: 'Your name?', requestedSchema: NAME });
  await flushAsync();
  return { w, task, answer };
}

describe('ctx.elicit and AnswerTaskInput', () => {
  it('puts the question on the task and resumes the run with the parsed answer', async () => {
    const { w, task, answer } = await askingTask();
    const waiting = (await w.get.run(alice, task.id)).task;
    expect(waiting.status).toBe('input_required');
    expect(waiting.statusMessage).toBe('Your name?');
    expect(waiting.input?.requests).toEqual({
      'input-1': {
        method: 'elicitation/create',
        params: {
          mode: 'form',
          message: 'Your name?',
          requestedSchema: {
            type: 'object',
            properties: { name: { type: 'string', minLength: 2 } },
            required: ['name'],
          },
        },
      },
    });

    const answered = await w.answer.run(alice, task.id, {
      'input-1': { action: 'accept', content: { name: 'Ada' } },
    });
    expect(answered.status).toBe('working');
    await expect(answer).resolves.toEqual({ action: 'accept', content: { name: 'Ada' } });
    await flushAsync();
    // The run took its answer: nothing is left on the task.
    expect((await w.get.run(alice, task.id)).task.input).toEqual({
      asked: 1,
      requests: {},
      responses: {},
    });
  });

  it('refuses an answer the question does not allow and records nothing', async () => {
    const { w, task } = await askingTask();
    const before = (await w.get.run(alice, task.id)).task;
    await expect(
      w.answer.run(alice, task.id, { 'input-1': { action: 'accept', content: { name: 'A' } } }),
    ).rejects.toThrow(InvalidArgumentError);
    await expect(w.answer.run(alice, task.id, { 'input-1': { action: 'maybe' } })).rejects.toThrow(
      /needs an action of 'accept', 'decline' or 'cancel'/,
    );
    expect((await w.get.run(alice, task.id)).task).toEqual(before);
  });

  it('ignores answers to questions that are not outstanding', async () => {
    const { w, task, answer } = await askingTask();
    const before = (await w.get.run(alice, task.id)).task;
    const after = await w.answer.run(alice, task.id, { 'input-7': { action: 'decline' } });
    expect(after).toEqual(before);
    await w.answer.run(alice, task.id, { 'input-1': { action: 'decline' } });
    await expect(answer).resolves.toEqual({ action: 'decline' });
    // The same key again is an answered question now: ignored, not an error.
    await expect(
      w.answer.run(alice, task.id, { 'input-1': { action: 'accept', content: { name: 'Bo' } } }),
    ).resolves.toMatchObject({ status: 'working' });
  });

  it("answers another owner's task exactly like a missing one", async () => {
    const { w, task } = await askingTask();
    const attempt = w.answer.run(bob, task.id, { 'input-1': { action: 'decline' } });
    await expect(attempt).rejects.toThrow(TaskNotFoundError);
    await expect(attempt).rejects.toThrow('Task not found');
    expect((await w.get.run(alice, task.id)).task.status).toBe('input_required');
  });

  it('stops waiting when the task is cancelled', async () => {
    const { w, task, answer } = await askingTask();
    await w.cancel.run(alice, task.id);
    await expect(answer).rejects.toThrow();
    expect((await w.get.run(alice, task.id)).task).toMatchObject({ status: 'cancelled' });
    expect((await w.get.run(alice, task.id)).task.input).toBeUndefined();
  });

  it('gives every question a key of its own over the task’s life', async () => {
    const { w, task, answer } = await askingTask();
    await w.answer.run(alice, task.id, { 'input-1': { action: 'cancel' } });
    await expect(answer).resolves.toEqual({ action: 'cancel' });
    const ctx = w.gate.runs[0]!.ctx;
    const second = ctx.elicit({ message: 'Again?', requestedSchema: NAME });
    await flushAsync();
    const waiting = (await w.get.run(alice, task.id)).task;
    expect(Object.keys(waiting.input!.requests)).toEqual(['input-2']);
    await w.answer.run(alice, task.id, { 'input-2': { action: 'decline' } });
    await expect(second).resolves.toEqual({ action: 'decline' });
  });
});
