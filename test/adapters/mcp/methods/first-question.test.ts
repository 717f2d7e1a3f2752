import {
  FIRST_QUESTION_KEY,
  FirstQuestion,
} from '../../../../src/adapters/mcp/methods/first-question.js';
import { aRequestMeta, ConfirmTool, EchoTool, wireErrorOf } from '../../../support/mcp-methods.js';
import { testContainer } from '../../../support/test-container.js';

const CONFIRM_REQUEST = {
  method: 'elicitation/create',
  params: {
    mode: 'form',
    message: 'Really go ahead?',
    requestedSchema: {
      type: 'object',
      properties: { sure: { type: 'boolean', description: 'Go ahead?' } },
      required: ['sure'],
    },
  },
};

function world() {
  const { container } = testContainer();
  return { firstQuestion: container.get(FirstQuestion), confirm: new ConfirmTool() };
}

const elicits = aRequestMeta({ tasks: true, elicitation: true });

describe('FirstQuestion', () => {
  it('asks nothing of a call whose tool has no first question for its arguments', () => {
    const { firstQuestion, confirm } = world();
    const noElicitation = aRequestMeta({ tasks: true });
    expect(firstQuestion.settle(new EchoTool(), {}, noElicitation, undefined)).toEqual({});
    expect(firstQuestion.settle(confirm, { ask: false }, noElicitation, undefined)).toEqual({});
  });

  it('leaves arguments the tool refuses to be refused where the task is created', () => {
    const { firstQuestion, confirm } = world();
    expect(
      firstQuestion.settle(confirm, { ask: 'maybe' }, aRequestMeta({ tasks: true }), undefined),
    ).toEqual({});
  });

  it('asks the question as an input_required result under its one key', () => {
    const { firstQuestion, confirm } = world();
    expect(FIRST_QUESTION_KEY).toBe('first-question');
    const step = firstQuestion.settle(confirm, {}, elicits, undefined);
    expect(step).toEqual({
      ask: { resultType: 'input_required', inputRequests: { 'first-question': CONFIRM_REQUEST } },
    });
  });

  it('asks again when the call comes back without an answer under that key', () => {
    const { firstQuestion, confirm } = world();
    for (const inputResponses of [
      {},
      { 'input-1': { action: 'accept', content: { sure: true } } },
      Object.create({ 'first-question': { action: 'accept', content: { sure: true } } }),
    ]) {
      expect(firstQuestion.settle(confirm, {}, elicits, inputResponses)).toHaveProperty('ask');
    }
  });

  it('refuses a client that cannot be asked with -32021 naming elicitation', async () => {
    const { firstQuestion, confirm } = world();
    expect(
      await wireErrorOf(() =>
        firstQuestion.settle(confirm, {}, aRequestMeta({ tasks: true }), undefined),
      ),
    ).toEqual({
      code: -32021,
      message:
        "Missing required client capability: Tool 'confirm' asks a question before it starts, by elicitation; declare elicitation in the request's client capabilities",
      data: { requiredCapabilities: { elicitation: {} } },
    });
  });

  it('hands on the answer, read by the question’s schema', () => {
    const { firstQuestion, confirm } = world();
    const settle = (answer: Record<string, unknown>) =>
      firstQuestion.settle(confirm, {}, elicits, { [FIRST_QUESTION_KEY]: answer as never });
    expect(settle({ action: 'accept', content: { sure: true } })).toEqual({
      answer: { action: 'accept', content: { sure: true } },
    });
    expect(settle({ action: 'decline' })).toEqual({ answer: { action: 'decline' } });
    expect(settle({ action: 'cancel' })).toEqual({ answer: { action: 'cancel' } });
  });

  it('refuses an answer that does not fit the question with -32602', async () => {
    const { firstQuestion, confirm } = world();
    const settle = (answer: Record<string, unknown>) => () =>
      firstQuestion.settle(confirm, {}, elicits, { [FIRST_QUESTION_KEY]: answer as never });
    expect(await wireErrorOf(settle({ action: 'accept', content: { sure: 'yes' } }))).toEqual({
      code: -32602,
      message: expect.stringMatching(/^The answer does not fit the requested schema: /),
      data: { reason: 'INVALID_ARGUMENT' },
    });
    expect(await wireErrorOf(settle({ action: 'accept', content: {} }))).toMatchObject({
      code: -32602,
      message: expect.stringContaining('sure'),
    });
    expect(await wireErrorOf(settle({ action: 'maybe' }))).toEqual({
      code: -32602,
      message:
        "An answer to an elicitation needs an action of 'accept', 'decline' or 'cancel', and with accept a content object of strings, numbers, booleans or string lists",
      data: { reason: 'INVALID_ARGUMENT' },
    });
  });
});
