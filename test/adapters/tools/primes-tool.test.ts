import { PrimesTool } from '../../../src/adapters/tools/primes-tool.js';
import type { TaskContext } from '../../../src/application/tool-kit/task-context.js';

function aContext(signal = new AbortController().signal) {
  const progress: string[] = [];
  const ctx = { signal, setStatusMessage: async (message: string) => void progress.push(message) };
  return { ctx: ctx as unknown as TaskContext, progress };
}

const count = async (below: number) =>
  (await new PrimesTool().run({ below }, aContext().ctx)).structuredContent;

describe('PrimesTool', () => {
  it.each([
    [2, 0, null],
    [3, 1, 2],
    [10, 4, 7],
    [100, 25, 97],
    [1_000_000, 78_498, 999_983],
  ])('counts the primes below %i: %i, the largest %p', async (below, primes, largest) => {
    expect(await count(below)).toMatchObject({ below, count: primes, largest });
  });

  it('counts right across sieve segments (2^20 numbers each)', async () => {
    expect(await count(2_000_000)).toMatchObject({ count: 148_933, largest: 1_999_993 });
  });

  it('answers in words as well', async () => {
    const result = await new PrimesTool().run({ below: 100 }, aContext().ctx);
    expect(result.content).toEqual([{ type: 'text', text: 'There are 25 primes below 100.' }]);
  });

  it('stops when its task is stopped', async () => {
    const controller = new AbortController();
    controller.abort('cancelled');
    await expect(
      new PrimesTool().run({ below: 10_000_000 }, aContext(controller.signal).ctx),
    ).rejects.toThrow('Stopped: cancelled');
  });

  it('takes bounds from 2 to 10^10 only, and must run as a task', () => {
    const tool = new PrimesTool();
    expect(tool.inputSchema.safeParse({ below: 1 }).success).toBe(false);
    expect(tool.inputSchema.safeParse({ below: 10_000_000_001 }).success).toBe(false);
    expect(tool.inputSchema.safeParse({ below: 2.5 }).success).toBe(false);
    expect(tool.taskSupport).toBe('required');
  });
});
