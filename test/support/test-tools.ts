import { z } from 'zod';
import type { TaskTool, ToolResult } from '../../src/application/ports/task-tool.js';
import type { TaskContext } from '../../src/application/tool-kit/task-context.js';

/**
 * A tool whose run the test controls: it waits until released or aborted, and records what it saw.
 * `runs` holds one entry per call so a test can inspect the signal and release it. It stops when
 * its signal fires, like a well-behaved tool, unless built with `ignoresAbort`.
 */
export class GateTool implements TaskTool {
  readonly name = 'gate';
  readonly description = 'Waits until the test releases it';
  readonly inputSchema = z.object({ label: z.string().optional() }).passthrough();
  readonly taskSupport: 'required' | 'optional';
  readonly runs: {
    ctx: TaskContext;
    release: (result: ToolResult) => void;
    reject: (error: unknown) => void;
    ended: Promise<void>;
  }[] = [];
  private waiters: (() => void)[] = [];

  constructor(
    taskSupport: 'required' | 'optional' = 'optional',
    private readonly ignoresAbort = false,
  ) {
    this.taskSupport = taskSupport;
  }

  run(_args: unknown, ctx: TaskContext): Promise<ToolResult> {
    let release!: (result: ToolResult) => void;
    let reject!: (error: unknown) => void;
    let markEnded!: () => void;
    const ended = new Promise<void>((resolve) => (markEnded = resolve));
    const outcome = new Promise<ToolResult>((resolve, fail) => {
      release = resolve;
      reject = fail;
    }).finally(markEnded);
    if (!this.ignoresAbort) {
      ctx.signal.addEventListener(
        'abort',
        () => reject(new Error(`Stopped: ${ctx.signal.reason}`)),
        {
          once: true,
        },
      );
    }
    this.runs.push({ ctx, release, reject, ended });
    for (const wake of this.waiters.splice(0)) wake();
    return outcome;
  }

  /** Resolves once `count` runs have started. */
  async started(count = 1): Promise<void> {
    while (this.runs.length < count)
      await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}

export const text = (value: string): ToolResult => ({ content: [{ type: 'text', text: value }] });
