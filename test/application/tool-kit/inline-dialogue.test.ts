import {
  DEFAULT_DIALOGUE_POLICY,
  type DialoguePolicy,
} from '../../../src/application/policy/dialogue-policy.js';
import {
  emptyDialogue,
  InlineDialogue,
  pendingKeyOf,
  withAnswer,
  type DialogueRecord,
} from '../../../src/application/tool-kit/inline-dialogue.js';

const question = (message: string) => ({ method: 'elicitation/create', params: { message } });
const yes = { action: 'accept', content: { ok: true } };
const WHEN_FULL = { requiredCapabilities: { tasks: {} }, reason: 'too many questions' };

function dialogue(record: DialogueRecord, policy: Partial<DialoguePolicy> = {}) {
  return new InlineDialogue(record, { ...DEFAULT_DIALOGUE_POLICY, ...policy }, WHEN_FULL);
}

/** A record whose run asked `messages` in order, each answered yes. */
function answeredRecord(...messages: string[]): DialogueRecord {
  return {
    ...emptyDialogue(),
    answered: messages.map((message) => ({ question: question(message), answer: yes })),
  };
}

describe('InlineDialogue', () => {
  it('replays the recorded answers in order, then stops the round at the first new question', () => {
    const round = dialogue(answeredRecord('A?', 'B?'));
    expect(round.next(question('A?'))).toEqual({ kind: 'answered', answer: yes });
    expect(round.next(question('B?'))).toEqual({ kind: 'answered', answer: yes });
    expect(round.continuation).toBeUndefined();
    expect(round.next(question('C?'))).toEqual({ kind: 'asked' });
    // One question a round: whatever the run asks next, the round is over.
    expect(round.next(question('D?'))).toEqual({ kind: 'asked' });
    expect(round.continuation).toEqual({ ...answeredRecord('A?', 'B?'), pending: question('C?') });
  });

  it('tells a run that asks something else than it did before that it diverged', () => {
    const round = dialogue(answeredRecord('A?', 'B?'));
    round.next(question('A?'));
    expect(round.next(question('B, reworded?'))).toEqual({ kind: 'diverged' });
    expect(round.continuation).toBeUndefined();
  });

  it('is full past the questions a state may carry, or the bytes', () => {
    expect(dialogue(answeredRecord('A?'), { maxAnswers: 1 }).next(question('A?'))).toEqual({
      kind: 'answered',
      answer: yes,
    });
    const atMost = dialogue(answeredRecord('A?'), { maxAnswers: 1 });
    atMost.next(question('A?'));
    expect(atMost.next(question('B?'))).toEqual({ kind: 'full' });
    const small = dialogue(emptyDialogue(), { maxRecordBytes: 200 });
    expect(small.next(question('x'.repeat(300)))).toEqual({ kind: 'full' });
    expect(small.continuation).toBeUndefined();
    expect(small.whenFull).toBe(WHEN_FULL);
  });

  it('remembers a value made once, hands it back on every later round, through JSON', () => {
    let draws = 0;
    const first = dialogue(emptyDialogue());
    expect(first.remember('n', () => ++draws)).toBe(1);
    expect(first.remember('n', () => ++draws)).toBe(1);
    expect(first.remember('odd', () => -0)).toBe(0);
    first.next(question('A?'));
    const carried = first.continuation!;
    expect(carried.remembered).toEqual({ n: 1, odd: 0 });
    const later = dialogue(withAnswer(carried, yes));
    expect(later.remember('n', () => ++draws)).toBe(1);
    expect(draws).toBe(1);
  });

  it('bounds what a run may remember: how many values, how large, JSON only', () => {
    const round = dialogue(emptyDialogue(), { maxRememberedValues: 1, maxRememberedBytes: 10 });
    expect(() => round.remember('big', () => 'x'.repeat(20))).toThrow(
      "ctx.remember('big') needs a JSON value of at most 10 bytes",
    );
    expect(() => round.remember('none', () => undefined as never)).toThrow(/needs a JSON value/);
    expect(round.remember('one', () => 1)).toBe(1);
    expect(() => round.remember('two', () => 2)).toThrow(
      'ctx.remember keeps at most 1 values a run',
    );
  });

  it('carries the answer to the first question from round to round', () => {
    const firstAnswer = { action: 'decline' } as const;
    const round = dialogue(emptyDialogue(firstAnswer));
    expect(round.firstAnswer).toEqual(firstAnswer);
    round.next(question('A?'));
    expect(round.continuation?.firstAnswer).toEqual(firstAnswer);
  });
});

describe('the record of a dialogue', () => {
  it('keys each pending question after the questions answered before it', () => {
    expect(pendingKeyOf(emptyDialogue())).toBe('input-1');
    expect(pendingKeyOf(answeredRecord('A?', 'B?'))).toBe('input-3');
  });

  it('takes the answer to its pending question, and none without one', () => {
    const record = { ...answeredRecord('A?'), pending: question('B?') };
    expect(withAnswer(record, yes)).toEqual(answeredRecord('A?', 'B?'));
    expect(() => withAnswer(answeredRecord('A?'), yes)).toThrow(/no answer/);
  });
});
