import { injectable } from 'inversify';
import { z } from 'zod';
import type { TaskContext } from '../../application/tool-kit/task-context.js';
import type { TaskTool, ToolResult } from '../../application/ports/task-tool.js';
import { abortableSleep } from './abortable-sleep.js';

const input = z.object({
  durationMs: z
    .number()
    .int()
    .min(0)
    .max(86_400_000)
    .describe('How long to wait, in milliseconds (at most 24 h)'),
  steps: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(10)
    .describe('How many progress reports to make along the way'),
});

/**
 * Waits, reporting progress in steps. The smallest real task: useful to try a client's polling,
 * cancellation and expiry handling against. Optional task support: a plain call waits inline.
 */
@injectable()
export class WaitTool implements TaskTool<typeof input> {
  readonly name = 'wait';
  readonly title = 'Wait';
  readonly description =
    'Waits for durationMs milliseconds, reporting progress in steps. Can run as a task (poll, ' +
    'cancel) or inline.';
  readonly inputSchema = input;
  readonly taskSupport = 'optional';

  async run(args: z.output<typeof input>, ctx: TaskContext): Promise<ToolResult> {
    const started = Date.now();
    const stepMs = args.durationMs / args.steps;
    for (let step = 1; step <= args.steps; step++) {
      const due = started + Math.round(stepMs * step);
      await abortableSleep(Math.max(0, due - Date.now()), ctx.signal);
      if (step < args.steps) await ctx.reportProgress(step, args.steps, 'Waiting');
    }
    return { content: [{ type: 'text', text: `Waited ${args.durationMs} ms` }] };
  }
}
