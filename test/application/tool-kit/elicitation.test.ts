import { z } from 'zod';
import {
  ELICITATION_METHOD,
  elicitationRequest,
  readElicitationAnswer,
} from '../../../src/application/tool-kit/elicitation.js';
import { InvalidArgumentError } from '../../../src/domain/index.js';

const DEPLOY = z.object({
  confirm: z.boolean(),
  environment: z.enum(['staging', 'production']),
  note: z.string().optional(),
});

describe('asking a question', () => {
  it('asks in form mode with the restricted schema: type, properties and required only', () => {
    const request = elicitationRequest({ message: 'Deploy?', requestedSchema: DEPLOY });
    expect(request).toEqual({
      method: ELICITATION_METHOD,
      params: {
        mode: 'form',
        message: 'Deploy?',
        requestedSchema: {
          type: 'object',
          properties: {
            confirm: { type: 'boolean' },
            environment: { type: 'string', enum: ['staging', 'production'] },
            note: { type: 'string' },
          },
          required: ['confirm', 'environment'],
        },
      },
    });
    expect(ELICITATION_METHOD).toBe('elicitation/create');
  });

  it('leaves out required when every field is optional', () => {
    const request = elicitationRequest({
      message: 'Anything to add?',
      requestedSchema: z.object({ note: z.string().optional() }),
    });
    expect(request.params.requestedSchema).toEqual({
      type: 'object',
      properties: { note: { type: 'string' } },
    });
  });
});

describe('reading an answer', () => {
  it('parses accepted content by the question’s schema', () => {
    expect(
      readElicitationAnswer(DEPLOY, {
        action: 'accept',
        content: { confirm: true, environment: 'staging' },
      }),
    ).toEqual({ action: 'accept', content: { confirm: true, environment: 'staging' } });
  });

  it('passes on a decline or a dismissal, whatever content came with it', () => {
    expect(readElicitationAnswer(DEPLOY, { action: 'decline', content: { x: 1 } })).toEqual({
      action: 'decline',
    });
    expect(readElicitationAnswer(DEPLOY, { action: 'cancel' })).toEqual({ action: 'cancel' });
  });

  it('refuses content that does not fit, naming the field', () => {
    const answer = () =>
      readElicitationAnswer(DEPLOY, {
        action: 'accept',
        content: { confirm: true, environment: 'moon' },
      });
    expect(answer).toThrow(InvalidArgumentError);
    expect(answer).toThrow(/^The answer does not fit the question: environment: /);
  });

  it('reads an accept without content as empty content, refused when fields are required', () => {
    expect(() => readElicitationAnswer(DEPLOY, { action: 'accept' })).toThrow(
      /The answer does not fit the question: confirm: /,
    );
    expect(readElicitationAnswer(z.object({}), { action: 'accept' })).toEqual({
      action: 'accept',
      content: {},
    });
  });
});
