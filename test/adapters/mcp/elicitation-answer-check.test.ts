import { InvalidArgumentError, type InputRequest } from '../../../src/domain/index.js';
import { ElicitationAnswerCheck } from '../../../src/adapters/mcp/elicitation-answer-check.js';

function question(requestedSchema?: Record<string, unknown>): InputRequest {
  return {
    method: 'elicitation/create',
    params: {
      mode: 'form',
      message: 'Which branch?',
      ...(requestedSchema ? { requestedSchema } : {}),
    } as InputRequest['params'],
  };
}

const BRANCH = question({
  type: 'object',
  properties: { branch: { type: 'string', minLength: 1 }, force: { type: 'boolean' } },
  required: ['branch'],
});

const SHAPE =
  "An answer to an elicitation needs an action of 'accept', 'decline' or 'cancel', and with accept a content object of strings, numbers, booleans or string lists";

function refusalOf(check: () => void): InvalidArgumentError {
  try {
    check();
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error;
    throw error;
  }
  throw new Error('expected the answer to be refused');
}

describe('ElicitationAnswerCheck', () => {
  it('accepts an answer whose content fits the requested schema', () => {
    const check = new ElicitationAnswerCheck();
    expect(() =>
      check.check(BRANCH, { action: 'accept', content: { branch: 'main', force: true } }),
    ).not.toThrow();
  });

  it('accepts a decline or a cancel, whatever the schema asks', () => {
    const check = new ElicitationAnswerCheck();
    expect(() => check.check(BRANCH, { action: 'decline' })).not.toThrow();
    expect(() => check.check(BRANCH, { action: 'cancel' })).not.toThrow();
  });

  it('refuses content that does not fit the requested schema, saying where', () => {
    const check = new ElicitationAnswerCheck();
    const wrongType = refusalOf(() =>
      check.check(BRANCH, { action: 'accept', content: { branch: 'main', force: 'yes' } }),
    );
    expect(wrongType.message).toMatch(/^The answer does not fit the requested schema: .*force/);
    const missing = refusalOf(() => check.check(BRANCH, { action: 'accept', content: {} }));
    expect(missing.message).toMatch(/^The answer does not fit the requested schema: .*branch/);
    const noContent = refusalOf(() => check.check(BRANCH, { action: 'accept' }));
    expect(noContent.message).toMatch(/^The answer does not fit the requested schema: /);
  });

  it.each([
    ['no action', { content: { branch: 'main' } }],
    ['an unknown action', { action: 'maybe' }],
    ['a nested object in the content', { action: 'accept', content: { branch: { name: 'x' } } }],
    ['content that is no object', { action: 'accept', content: 'main' }],
  ])('refuses an answer with %s as no elicitation answer at all', (_case, answer) => {
    const check = new ElicitationAnswerCheck();
    expect(refusalOf(() => check.check(BRANCH, answer as never)).message).toBe(SHAPE);
  });

  it('accepts any fitting answer to a question without a requested schema', () => {
    expect(() =>
      new ElicitationAnswerCheck().check(question(), { action: 'accept', content: { x: 1 } }),
    ).not.toThrow();
  });

  it('leaves answers to questions other than elicitations alone', () => {
    const sampling: InputRequest = { method: 'sampling/createMessage', params: {} };
    expect(() =>
      new ElicitationAnswerCheck().check(sampling, { anything: ['goes'] }),
    ).not.toThrow();
  });

  it('checks against each question’s own schema, however many it has seen', () => {
    const check = new ElicitationAnswerCheck();
    for (let n = 0; n < 300; n++) {
      const numbered = question({
        type: 'object',
        properties: { [`field${n}`]: { type: 'number' } },
        required: [`field${n}`],
      });
      expect(() =>
        check.check(numbered, { action: 'accept', content: { [`field${n}`]: n } }),
      ).not.toThrow();
      expect(() => check.check(numbered, { action: 'accept', content: { other: n } })).toThrow(
        InvalidArgumentError,
      );
    }
    expect(() => check.check(BRANCH, { action: 'accept', content: { branch: '' } })).toThrow(
      /does not fit the requested schema/,
    );
  });
});
