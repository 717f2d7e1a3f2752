import { refusalOf } from '../../../support/mcp-methods.js';
import {
  answersIn,
  optionalObject,
  optionalString,
  requiredString,
} from '../../../../src/adapters/mcp/methods/param-readers.js';

/** Params that inherit `field` (as a polluted prototype would give them) but do not have it. */
const inheriting = (field: string, value: unknown) => Object.create({ [field]: value });

describe('requiredString', () => {
  it('reads an own string', () => {
    expect(requiredString({ taskId: 'abc' }, 'taskId')).toBe('abc');
    expect(requiredString({ taskId: '' }, 'taskId')).toBe('');
  });

  it.each([
    ['missing', {}],
    ['a number', { taskId: 1 }],
    ['null', { taskId: null }],
    ['inherited', inheriting('taskId', 'abc')],
  ])('refuses a field that is %s, naming it', (_case, params) => {
    const refusal = refusalOf(() => requiredString(params, 'taskId'));
    expect(refusal.toJson()).toEqual({
      code: -32602,
      message: 'Invalid params: params.taskId must be a string',
    });
    expect(refusal.malformed).toBe(false);
  });
});

describe('optionalString', () => {
  it('reads an own string of at most the limit, and nothing when absent', () => {
    expect(optionalString({ cursor: 'abcd' }, 'cursor', 4)).toBe('abcd');
    expect(optionalString({}, 'cursor', 4)).toBeUndefined();
    expect(optionalString(inheriting('cursor', 'abcd'), 'cursor', 4)).toBeUndefined();
  });

  it('refuses a value that is not a string', () => {
    expect(refusalOf(() => optionalString({ cursor: 5 }, 'cursor', 4)).toJson()).toEqual({
      code: -32602,
      message: 'Invalid params: params.cursor must be a string',
    });
  });

  it('refuses a string past the limit as malformed', () => {
    const refusal = refusalOf(() => optionalString({ cursor: 'abcde' }, 'cursor', 4));
    expect(refusal.toJson()).toEqual({
      code: -32602,
      message: 'Invalid params: params.cursor is longer than 4 characters',
    });
    expect(refusal.malformed).toBe(true);
  });
});

describe('optionalObject', () => {
  it('reads an own object as it is, and nothing when absent', () => {
    const capabilities = { elicitation: {} };
    expect(optionalObject({ capabilities }, 'capabilities')).toBe(capabilities);
    expect(optionalObject({}, 'capabilities')).toBeUndefined();
    expect(optionalObject(inheriting('capabilities', {}), 'capabilities')).toBeUndefined();
  });

  it.each([
    ['an array', []],
    ['null', null],
    ['a string', '{}'],
  ])('refuses %s', (_case, value) => {
    expect(refusalOf(() => optionalObject({ clientInfo: value }, 'clientInfo')).toJson()).toEqual({
      code: -32602,
      message: 'Invalid params: params.clientInfo must be an object',
    });
  });
});

describe('answersIn', () => {
  const ANSWERS =
    'Invalid params: params.inputResponses must be an object of answers keyed by question';

  it('reads answers keyed by question', () => {
    const inputResponses = { 'input-1': { action: 'accept', content: { ok: true } } };
    expect(answersIn({ inputResponses }, 16, true)).toBe(inputResponses);
    expect(answersIn({ inputResponses: {} }, 16, true)).toEqual({});
  });

  it('reads none when they are optional and absent (an inherited member is absent)', () => {
    expect(answersIn({}, 16, false)).toBeUndefined();
    expect(answersIn(inheriting('inputResponses', { q: {} }), 16, false)).toBeUndefined();
  });

  it('refuses absent answers where they are required', () => {
    expect(refusalOf(() => answersIn({}, 16, true)).message).toBe(ANSWERS);
  });

  it.each([
    ['an array', [{}]],
    ['null', null],
    ['a string', 'yes'],
  ])('refuses answers given as %s', (_case, inputResponses) => {
    expect(refusalOf(() => answersIn({ inputResponses }, 16, false)).toJson()).toEqual({
      code: -32602,
      message: ANSWERS,
    });
  });

  it('refuses a key past the limit as malformed, and takes one at the limit', () => {
    expect(answersIn({ inputResponses: { ['k'.repeat(16)]: {} } }, 16, true)).toEqual({
      ['k'.repeat(16)]: {},
    });
    const refusal = refusalOf(() =>
      answersIn({ inputResponses: { ['k'.repeat(17)]: {} } }, 16, true),
    );
    expect(refusal.toJson()).toEqual({
      code: -32602,
      message: 'Invalid params: a question key is longer than 16 characters',
    });
    expect(refusal.malformed).toBe(true);
  });

  it.each([
    ['an array', []],
    ['null', null],
    ['a string', 'accept'],
  ])('refuses an answer that is %s', (_case, answer) => {
    expect(
      refusalOf(() => answersIn({ inputResponses: { q: answer } }, 16, true)).toJson(),
    ).toEqual({ code: -32602, message: 'Invalid params: each answer must be an object' });
  });
});
