import { z } from 'zod';
import {
  VariableLimitExceededError,
  VariableTypeMismatchError,
} from '../../../src/domain/index.js';
import { DEFAULT_DIALOGUE_POLICY } from '../../../src/application/policy/dialogue-policy.js';
import {
  emptyDialogue,
  InlineDialogue,
  type DialogueRecord,
} from '../../../src/application/tool-kit/inline-dialogue.js';
import {
  ElicitationUnavailableError,
  STOPPED_AT_QUESTION,
  type TaskProgress,
} from '../../../src/application/tool-kit/task-context.js';
import { text } from '../../support/test-tools.js';
import { alice, useCaseWorld as world } from '../../support/use-case-world.js';

describe('TaskContext', () => {
  it('reads arguments as typed variables and stores new ones within the limits', async () => {
    const w = world();
    await w.create.run(alice, {
      toolName: 'gate',
      arguments: { label: 'x', count: '12', ratio: 0.5, flag: 'true', nested: { a: [1] } },
    });
    await w.gate.started();
    const ctx = w.gate.runs[0]!.ctx;
    expect(ctx.getString('label')).toBe('x');
    expect(ctx.getInteger('count')).toBe(12);
    expect(ctx.getNumber('ratio')).toBe(0.5);
    expect(ctx.getBoolean('flag')).toBe(true);
    expect(ctx.getString('missing')).toBeUndefined();
    expect(ctx.get('nested', z.object({ a: z.array(z.number()) }))).toEqual({ a: [1] });
    expect(() => ctx.get('label', z.number())).toThrow(VariableTypeMismatchError);
    expect(() => ctx.getInteger('label')).toThrow(VariableTypeMismatchError);
    await ctx.setVariable('step', 3);
    expect(ctx.getInteger('step')).toBe(3);
    await expect(ctx.setVariable('blob', 'x'.repeat(70_000))).rejects.toThrow(
      VariableLimitExceededError,
    );
    expect(ctx.getString('blob')).toBeUndefined();
  });

  it('tells a progress listener each step, only ever growing, and nothing once finished', async () => {
    const w = world();
    const steps: TaskProgress[] = [];
    const task = await w.create.run(alice, {
      toolName: 'gate',
      arguments: {},
      caller: { onProgress: (step) => steps.push(step) },
    });
    await w.gate.started();
    const ctx = w.gate.runs[0]!.ctx;
    await ctx.reportProgress(3, 10, 'Indexing');
    await ctx.reportProgress(3, 10, 'Indexing again');
    await ctx.setStatusMessage('Writing the index');
    await ctx.reportProgress(2, 10);
    await ctx.reportProgress(7, 10);
    w.gate.runs[0]!.release(text('done'));
    await w.result.run(alice, task.id);
    await ctx.setStatusMessage('too late');
    expect(steps).toEqual([
      { progress: 3, total: 10, message: 'Indexing (3/10)' },
      { progress: 4, message: 'Writing the index' },
      { progress: 7, total: 10, message: 'Progress: 7/10' },
    ]);
  });

  it('shows progress as the status message while running', async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await w.gate.started();
    await w.gate.runs[0]!.ctx.reportProgress(3, 10, 'Indexing');
    expect((await w.get.run(alice, task.id)).task.statusMessage).toBe('Indexing (3/10)');
  });

  it('fails a task whose result is over the result cap', async () => {
    const w = world({ TASK_MCP_MAX_RESULT_BYTES: '2048' });
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await w.gate.started();
    w.gate.runs[0]!.release(text('x'.repeat(5000)));
    const outcome = await w.result.run(alice, task.id);
    expect(outcome.task.status).toBe('failed');
    expect(outcome.task.statusMessage).toMatch(/exceeds the limit of 2048/);
  });

  it('remembers a value by name for the whole run, made once', async () => {
    const w = world();
    await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await w.gate.started();
    const ctx = w.gate.runs[0]!.ctx;
    let draws = 0;
    expect(ctx.remember('n', () => ++draws)).toBe(1);
    expect(ctx.remember('n', () => ++draws)).toBe(1);
    expect(ctx.remember('m', () => ++draws)).toBe(2);
  });

  describe('in an inline dialogue (2026-07-28 multi round-trip)', () => {
    const sure = z.object({ sure: z.boolean() });
    const WHEN_FULL = { requiredCapabilities: { tasks: {} }, reason: 'too many' };

    async function inlineRun(record: DialogueRecord, policy = DEFAULT_DIALOGUE_POLICY) {
      const w = world();
      const dialogue = new InlineDialogue(record, policy, WHEN_FULL);
      const task = await w.create.run(alice, {
        toolName: 'gate',
        arguments: {},
        caller: { dialogue },
      });
      await w.gate.started();
      return { w, task, dialogue, run: w.gate.runs[0]! };
    }

    it('answers a question from the record without asking anyone', async () => {
      const asked = { message: 'Sure?', requestedSchema: sure };
      const first = await inlineRun(emptyDialogue());
      await expect(first.run.ctx.elicit(asked)).rejects.toThrow(STOPPED_AT_QUESTION);
      const question = first.dialogue.continuation!.pending!;
      const { run, w, task } = await inlineRun({
        ...emptyDialogue(),
        answered: [{ question, answer: { action: 'accept', content: { sure: true } } }],
      });
      expect(await run.ctx.elicit(asked)).toEqual({ action: 'accept', content: { sure: true } });
      expect((await w.get.run(alice, task.id)).task.status).toBe('working');
    });

    it('ends the task at a new question, and drops whatever the tool does after', async () => {
      const { run, w, task, dialogue } = await inlineRun(emptyDialogue());
      await expect(run.ctx.elicit({ message: 'Sure?', requestedSchema: sure })).rejects.toThrow(
        STOPPED_AT_QUESTION,
      );
      expect(dialogue.continuation?.pending?.params.message).toBe('Sure?');
      run.release(text('went on regardless'));
      const outcome = await w.result.run(alice, task.id);
      expect(outcome.task.status).toBe('cancelled');
      expect(outcome.task.statusMessage).toBe(STOPPED_AT_QUESTION);
      await expect(run.ctx.elicit({ message: 'More?', requestedSchema: sure })).rejects.toThrow(
        'The task has already finished',
      );
    });

    it('lets a tool go on without the answer once the dialogue is full, as when none can be asked', async () => {
      const { run, w, task } = await inlineRun(emptyDialogue(), {
        ...DEFAULT_DIALOGUE_POLICY,
        maxAnswers: 0,
      });
      const refusal = await run.ctx
        .elicit({ message: 'Sure?', requestedSchema: sure })
        .catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(ElicitationUnavailableError);
      expect((refusal as ElicitationUnavailableError).missing).toBe(WHEN_FULL);
      run.release(text('went on without it'));
      const outcome = await w.result.run(alice, task.id);
      expect(outcome.task.status).toBe('completed');
      expect(outcome.result).toEqual(text('went on without it'));
    });

    it('fails the task with the JSON-RPC error of a replay that diverged', async () => {
      const { run, w, task } = await inlineRun({
        ...emptyDialogue(),
        answered: [{ question: { method: 'elicitation/create', params: {} }, answer: {} }],
      });
      await expect(run.ctx.elicit({ message: 'Sure?', requestedSchema: sure })).rejects.toThrow(
        /asked another question when its run was replayed/,
      );
      const outcome = await w.result.run(alice, task.id);
      expect(outcome.task.status).toBe('failed');
      expect(outcome.task.error).toMatchObject({ code: -32603 });
    });
  });
});
