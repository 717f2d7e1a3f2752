import { GuessNumberTool } from '../../../src/adapters/tools/guess-number-tool.js';
import type { AnyElicitOutcome } from '../../../src/application/tool-kit/elicitation.js';
import type { TaskContext } from '../../../src/application/tool-kit/task-context.js';

/** A caller who answers each question with `answer(question)`, keeping the questions. */
function aCaller(answer: (question: string) => AnyElicitOutcome) {
  const questions: string[] = [];
  const ctx = {
    elicit: async ({ message }: { message: string }) => {
      questions.push(message);
      return answer(message);
    },
    remember: (_name: string, make: () => unknown) => make(),
  };
  return { ctx: ctx as unknown as TaskContext, questions };
}

/** Guesses by halving the range the hints leave. */
function bisecting(max: number) {
  let low = 1;
  let high = max;
  return (question: string): AnyElicitOutcome => {
    const higher = /Higher than (\d+)/.exec(question);
    const lower = /Lower than (\d+)/.exec(question);
    if (higher) low = Number(higher[1]) + 1;
    if (lower) high = Number(lower[1]) - 1;
    return { action: 'accept', content: { guess: Math.floor((low + high) / 2) } };
  };
}

const textOf = (result: { content: readonly unknown[] }) =>
  (result.content[0] as { text: string }).text;

describe('GuessNumberTool', () => {
  it('asks for guesses with higher/lower hints until the number is found', async () => {
    const { ctx, questions } = aCaller(bisecting(1000));
    const result = await new GuessNumberTool().run({ max: 1000 }, ctx);
    expect(textOf(result)).toMatch(/^(\d+) it is: found in (\d+) guess\(es\)\.$/);
    const rounds = Number(/found in (\d+)/.exec(textOf(result))![1]);
    expect(rounds).toBe(questions.length);
    expect(rounds).toBeLessThanOrEqual(10);
    expect(questions[0]).toBe('I am thinking of a number between 1 and 1000. Guess 1: what is it?');
  });

  it('tells the number to a caller who gives up, or who dismisses the question', async () => {
    const declined = await new GuessNumberTool().run(
      { max: 10 },
      aCaller(() => ({ action: 'decline' })).ctx,
    );
    expect(textOf(declined)).toMatch(
      /^You gave up after 0 guess\(es\); the number was ([1-9]|10)\.$/,
    );
    const dismissed = await new GuessNumberTool().run(
      { max: 10 },
      aCaller(() => ({ action: 'cancel' })).ctx,
    );
    expect(textOf(dismissed)).toMatch(/^You stopped after 0 guess\(es\)/);
  });

  it('thinks of its number through ctx.remember, so that a replayed run thinks of the same', async () => {
    const kept: string[] = [];
    const { ctx } = aCaller((question) =>
      /Guess 1:/.test(question)
        ? { action: 'accept', content: { guess: 7 } }
        : { action: 'decline' },
    );
    const remembering = Object.assign(ctx, {
      remember: (name: string) => {
        kept.push(name);
        return 7;
      },
    });
    const result = await new GuessNumberTool().run({ max: 10 }, remembering);
    expect(kept).toEqual(['secret']);
    expect(textOf(result)).toBe('7 it is: found in 1 guess(es).');
  });

  it('thinks of a number up to 100 unless told otherwise', () => {
    expect(new GuessNumberTool().inputSchema.parse({})).toEqual({ max: 100 });
    expect(new GuessNumberTool().inputSchema.safeParse({ max: 1 }).success).toBe(false);
  });
});
