import { AesGcmRequestStateSeal } from '../../../src/adapters/crypto/aes-gcm-request-state-seal.js';
import { ServerSecret } from '../../../src/adapters/crypto/server-secret.js';
import {
  DEFAULT_DIALOGUE_POLICY,
  MAX_REQUEST_STATE_CHARS,
} from '../../../src/application/policy/dialogue-policy.js';
import type { RequestStateBinding } from '../../../src/application/ports/request-state-seal.js';
import { InvalidRequestStateError } from '../../../src/application/shared/errors.js';
import type { DialogueRecord } from '../../../src/application/tool-kit/inline-dialogue.js';
import { FakeClock } from '../../support/fake-clock.js';
import { anOwner } from '../../support/task-mother.js';

const question = (message: string) => ({
  method: 'elicitation/create',
  params: { mode: 'form', message, requestedSchema: { type: 'object', properties: {} } },
});

const RECORD: DialogueRecord = {
  firstAnswer: { action: 'accept', content: { sure: true } },
  answered: [
    { question: question('Guess 1?'), answer: { action: 'accept', content: { guess: 50 } } },
  ],
  pending: question('Higher than 50. Guess 2?'),
  remembered: { secret: 73 },
};

const BINDING: RequestStateBinding = {
  owner: anOwner('alice'),
  toolName: 'guess_number',
  arguments: { max: 100, label: 'x' },
};

function flipped(state: string, at: number): string {
  const bytes = Buffer.from(state, 'base64url');
  bytes[at] = bytes[at]! ^ 0x01;
  return bytes.toString('base64url');
}

function world() {
  const clock = new FakeClock();
  const secret = ServerSecret.random();
  const seal = new AesGcmRequestStateSeal(secret, clock, DEFAULT_DIALOGUE_POLICY);
  return { clock, secret, seal };
}

describe('AesGcmRequestStateSeal', () => {
  it('opens what it sealed, for the same request: the record, a single-use id, the expiry', () => {
    const { seal, clock } = world();
    const opened = seal.open(BINDING, seal.seal(BINDING, RECORD));
    expect(opened.record).toEqual(RECORD);
    expect(opened.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(opened.expiresAt).toBe(clock.now() + DEFAULT_DIALOGUE_POLICY.stateTtlMs);
    // Two seals of one record are two states, with two ids.
    const again = seal.seal(BINDING, RECORD);
    expect(seal.open(BINDING, again).id).not.toBe(opened.id);
  });

  it('binds the arguments by value, not by spelling', () => {
    const { seal } = world();
    const state = seal.seal(BINDING, RECORD);
    const reordered = { ...BINDING, arguments: { label: 'x', max: 100 } };
    expect(seal.open(reordered, state).record).toEqual(RECORD);
  });

  it('hides what the state carries: answers, remembered values, questions', () => {
    const { seal } = world();
    const state = seal.seal(BINDING, RECORD);
    const bytes = Buffer.from(state, 'base64url').toString('latin1');
    for (const hidden of ['secret', '73', 'Guess', 'guess_number', 'alice', 'accept']) {
      expect(bytes).not.toContain(hidden);
    }
  });

  it.each([
    ['another owner', { ...BINDING, owner: anOwner('bob') }],
    ['another tool', { ...BINDING, toolName: 'wait' }],
    ['other arguments', { ...BINDING, arguments: { max: 101, label: 'x' } }],
  ])('refuses a state presented for %s', (_case, binding) => {
    const { seal } = world();
    expect(() => seal.open(binding, seal.seal(BINDING, RECORD))).toThrow(InvalidRequestStateError);
  });

  it('refuses a state with any byte altered', () => {
    const { seal } = world();
    const state = seal.seal(BINDING, RECORD);
    const length = Buffer.from(state, 'base64url').length;
    for (const at of [0, 1, 12, 13, 40, length - 17, length - 1]) {
      expect(() => seal.open(BINDING, flipped(state, at))).toThrow(InvalidRequestStateError);
    }
  });

  it('refuses a state once its ttl has run out', () => {
    const { seal, clock } = world();
    const state = seal.seal(BINDING, RECORD);
    clock.advance(DEFAULT_DIALOGUE_POLICY.stateTtlMs - 1);
    expect(seal.open(BINDING, state).record).toEqual(RECORD);
    clock.advance(1);
    expect(() => seal.open(BINDING, state)).toThrow(InvalidRequestStateError);
  });

  it("refuses forged, truncated and oversized states, and another deployment's", () => {
    const { seal, clock } = world();
    const state = seal.seal(BINDING, RECORD);
    const other = new AesGcmRequestStateSeal(ServerSecret.random(), clock, DEFAULT_DIALOGUE_POLICY);
    const plain = Buffer.from(JSON.stringify(RECORD)).toString('base64url');
    for (const bad of [
      '',
      'x',
      'not base64url!',
      plain,
      state.slice(0, -4),
      `${state}AAAA`,
      `${state}=`,
      'A'.repeat(MAX_REQUEST_STATE_CHARS + 1),
      other.seal(BINDING, RECORD),
    ]) {
      expect(() => seal.open(BINDING, bad)).toThrow(InvalidRequestStateError);
    }
  });

  it('keeps a record of the largest size a dialogue allows well inside the length clients may send', () => {
    const { seal } = world();
    const filler = 'x'.repeat(DEFAULT_DIALOGUE_POLICY.maxRecordBytes - 200);
    const biggest: DialogueRecord = { ...RECORD, pending: question(filler) };
    const state = seal.seal(BINDING, biggest);
    expect(state.length).toBeLessThan(MAX_REQUEST_STATE_CHARS);
    expect(seal.open(BINDING, state).record).toEqual(biggest);
  });
});
