import { WaitTool } from '../../../src/adapters/tools/wait-tool.js';
import type { TaskContext } from '../../../src/application/tool-kit/task-context.js';

function aContext(signal = new AbortController().signal) {
  const progress: [number, number, string][] = [];
  const ctx = {
    signal,
    reportProgress: async (done: number, total: number, message: string) =>
      void progress.push([done, total, message]),
  };
  return { ctx: ctx as unknown as TaskContext, progress };
}

describe('WaitTool', () => {
  it('waits, reporting each step but the last, then says how long it waited', async () => {
    const { ctx, progress } = aContext();
    const started = Date.now();
    const result = await new WaitTool().run({ durationMs: 30, steps: 3 }, ctx);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(progress).toEqual([
      [1, 3, 'Waiting'],
      [2, 3, 'Waiting'],
    ]);
    expect(result).toEqual({ content: [{ type: 'text', text: 'Waited 30 ms' }] });
  });

  it('stops when its task is stopped', async () => {
    const controller = new AbortController();
    const waiting = new WaitTool().run(
      { durationMs: 60_000, steps: 1 },
      aContext(controller.signal).ctx,
    );
    controller.abort('cancelled');
    await expect(waiting).rejects.toThrow('Stopped: cancelled');
  });

  it('reports in 10 steps unless told otherwise, and waits at most a day', () => {
    const { inputSchema } = new WaitTool();
    expect(inputSchema.parse({ durationMs: 5 })).toEqual({ durationMs: 5, steps: 10 });
    expect(inputSchema.safeParse({ durationMs: 86_400_001 }).success).toBe(false);
    expect(inputSchema.safeParse({ durationMs: 5, steps: 0 }).success).toBe(false);
  });
});
