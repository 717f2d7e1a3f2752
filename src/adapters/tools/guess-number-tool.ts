import { randomInt } from 'node:crypto';
import { injectable } from 'inversify';
import { z } from 'zod';
import type { TaskContext } from '../../application/tool-kit/task-context.js';
import type { TaskTool, ToolResult } from '../../application/ports/task-tool.js';

const input = z.object({
  max: z
    .number()
    .int()
    .min(2)
    .max(1_000_000)
    .default(100)
    .describe('The number to guess lies between 1 and max'),
});

/** The answer each round asks for. */
const guess = z.object({
  guess: z.number().int().describe('Your guess'),
});

/**
 * A multi-step dialogue with the caller: the tool thinks of a number and asks for guesses, saying
 * "higher" or "lower" in each next question, until the caller finds it, gives up (decline) or
 * dismisses a question (cancel). The task waits in input_required at every question; it shows
 * what ctx.elicit gives a tool author, and ctx.remember for what a replayed run must not redraw.
 */
@injectable()
export class GuessNumberTool implements TaskTool<typeof input> {
  readonly name = 'guess_number';
  readonly title = 'Guess the number';
  readonly description =
    'A guessing game that asks you for guesses while it runs (elicitation): a demo of a task ' +
    'that needs input. Decline a question to give up.';
  readonly inputSchema = input;
  readonly taskSupport = 'optional';

  async run(args: z.output<typeof input>, ctx: TaskContext): Promise<ToolResult> {
    // Remembered, not just drawn: a 2026-07-28 inline call runs the tool anew for every answer,
    // and each of those runs must be thinking of the same number.
    const secret = ctx.remember('secret', () => randomInt(1, args.max + 1));
    let hint = `I am thinking of a number between 1 and ${args.max}.`;
    for (let round = 1; ; round++) {
      const answer = await ctx.elicit({
        message: `${hint} Guess ${round}: what is it?`,
        requestedSchema: guess,
      });
      if (answer.action !== 'accept') {
        const how = answer.action === 'decline' ? 'gave up' : 'stopped';
        return text(`You ${how} after ${round - 1} guess(es); the number was ${secret}.`);
      }
      const { guess: tried } = answer.content;
      if (tried === secret) return text(`${secret} it is: found in ${round} guess(es).`);
      hint = tried < secret ? `Higher than ${tried}.` : `Lower than ${tried}.`;
    }
  }
}

function text(message: string): ToolResult {
  return { content: [{ type: 'text', text: message }] };
}
