import { z } from 'zod';
import {
  VariableLimitExceededError,
  VariableTypeMismatchError,
} from '../../../src/domain/index.js';
import type { TaskProgress } from '../../../src/application/tool-kit/task-context.js';
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
});
