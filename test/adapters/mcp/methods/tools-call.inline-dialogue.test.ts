import { randomBytes } from 'node:crypto';
import type { JsonObject } from '../../../../src/domain/index.js';
import { STOPPED_AT_QUESTION } from '../../../../src/application/tool-kit/task-context.js';
import { TASKS_EXTENSION } from '../../../../src/adapters/mcp/protocol-versions.js';
import {
  aScope2025,
  aScope2026,
  call2025,
  call2026,
  methodWorld,
  refusalOf,
  wireErrorOf,
} from '../../../support/mcp-methods.js';
import { aPrincipal } from '../../../support/task-mother.js';

/*
 * tools/call on 2026-07-28, run inline (no tasks extension) by a client that declared elicitation:
 * the questions a tool asks while it runs are settled by multi round-trip, each answer coming with
 * a new call and the requestState of the round before.
 */

const alice = aPrincipal('alice');
const bob = aPrincipal('bob');
const ASKER = { elicitation: true };
const TASKS_REQUIRED = { extensions: { [TASKS_EXTENSION]: {} } };

const INVALID_STATE = {
  code: -32602,
  message:
    'Invalid requestState: it is not one this server issued for this request, or it has expired or been used; call the tool again without it to start over',
  data: { reason: 'INVALID_REQUEST_STATE' },
};

const said = (text: string) => ({ action: 'accept', content: { said: text } });

/** A JSON value off the method; the tests read it by path and assert on what they find. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = any;

function inline(w: ReturnType<typeof methodWorld>, params: JsonObject, who = alice) {
  return call2026(w.method('tools/call'), params, aScope2026(who, ASKER)) as Promise<Answer>;
}

/** The call that answers `round`'s question with `answer`. */
function answering(name: string, round: Answer, answer: JsonObject, args: JsonObject = {}) {
  const [key] = Object.keys(round.inputRequests);
  return {
    name,
    arguments: args,
    requestState: round.requestState,
    inputResponses: { [key!]: answer },
  };
}

function flipped(state: string, at: number): string {
  const bytes = Buffer.from(state, 'base64url');
  bytes[at] = bytes[at]! ^ 0x01;
  return bytes.toString('base64url');
}

describe('tools/call 2026-07-28: multi round-trip of an inline run', () => {
  it('asks each question as input_required with a requestState, and finishes on the last answer', async () => {
    const w = methodWorld();
    const first = await inline(w, { name: 'interview' });
    expect(first).toEqual({
      resultType: 'input_required',
      inputRequests: {
        'input-1': {
          method: 'elicitation/create',
          params: {
            mode: 'form',
            message: 'Your name?',
            requestedSchema: {
              type: 'object',
              properties: { said: { type: 'string' } },
              required: ['said'],
            },
          },
        },
      },
      requestState: expect.stringMatching(/^[A-Za-z0-9_-]{40,}$/),
    });
    const second = await inline(w, answering('interview', first, said('Ada')));
    expect(Object.keys(second.inputRequests)).toEqual(['input-2']);
    expect(second.inputRequests['input-2'].params.message).toBe('Your colour?');
    expect(second.requestState).not.toBe(first.requestState);
    const third = await inline(w, answering('interview', second, said('green')));
    expect(third.inputRequests['input-3'].params.message).toBe('Your number?');
    const done = await inline(w, answering('interview', third, said('7')));
    // The token was drawn once, on the first round, and handed back to the three replays.
    expect(done).toEqual({
      content: [{ type: 'text', text: 'Ada, green, 7 (token 1)' }],
      resultType: 'complete',
    });
    expect(w.interview.runs).toBe(4);
  });

  it('keeps nothing secret in sight: the state hides the answers and the remembered values', async () => {
    const w = methodWorld();
    const first = await inline(w, { name: 'interview' });
    const second = await inline(w, answering('interview', first, said('Grace Hopper')));
    const inside = Buffer.from(second.requestState, 'base64url').toString('latin1');
    expect(inside).not.toContain('Grace');
    expect(inside).not.toContain('token');
    expect(inside).not.toContain('Your name');
  });

  it('ends the task of a round that stopped at a question as cancelled, saying why', async () => {
    const w = methodWorld();
    await inline(w, { name: 'interview' });
    const listed = await call2025(w.method('tasks/list'), {}, aScope2025(alice));
    expect(listed.tasks).toEqual([
      expect.objectContaining({ status: 'cancelled', statusMessage: STOPPED_AT_QUESTION }),
    ]);
  });

  it('carries the answer to the first question in the state, for every later round', async () => {
    const w = methodWorld();
    const args = { confirmFirst: true };
    const asked = await inline(w, { name: 'interview', arguments: args });
    expect(Object.keys(asked.inputRequests)).toEqual(['first-question']);
    expect(asked.requestState).toBeUndefined();
    let round = await inline(w, {
      name: 'interview',
      arguments: args,
      inputResponses: { 'first-question': { action: 'accept', content: { sure: true } } },
    });
    for (const text of ['Ada', 'green', '7']) {
      round = await inline(w, answering('interview', round, said(text), args));
    }
    expect(round.content).toEqual([{ type: 'text', text: 'ready: true; Ada, green, 7 (token 1)' }]);
  });

  it('replays a random game: guess_number thinks of one number through every round', async () => {
    const w = methodWorld();
    const args = { max: 1_000_000 };
    let low = 1;
    let high = args.max;
    let guess = 0;
    let rounds = 0;
    let round = await inline(w, { name: 'guess_number', arguments: args });
    // Each round replays every earlier guess: were the number drawn anew, the hints replayed would
    // differ from those recorded and the call would fail.
    while (round.resultType === 'input_required') {
      const message: string = round.inputRequests[`input-${++rounds}`].params.message;
      const higher = /Higher than (\d+)/.exec(message);
      const lower = /Lower than (\d+)/.exec(message);
      if (higher) low = Number(higher[1]) + 1;
      if (lower) high = Number(lower[1]) - 1;
      guess = Math.floor((low + high) / 2);
      round = await inline(
        w,
        answering('guess_number', round, { action: 'accept', content: { guess } }, args),
      );
    }
    expect(round.content).toEqual([
      { type: 'text', text: `${guess} it is: found in ${rounds} guess(es).` },
    ]);
    expect(rounds).toBeLessThanOrEqual(20);
  });

  it('asks the same question again, under a new state, when the answer is missing', async () => {
    const w = methodWorld();
    const first = await inline(w, { name: 'interview' });
    const again = await inline(w, {
      name: 'interview',
      requestState: first.requestState,
      inputResponses: { 'input-9': said('stray') },
    });
    expect(again.inputRequests).toEqual(first.inputRequests);
    expect(again.requestState).not.toBe(first.requestState);
    // Asking again spent the first state; the new one carries on.
    expect(await wireErrorOf(() => inline(w, answering('interview', first, said('x'))))).toEqual(
      INVALID_STATE,
    );
    const next = await inline(w, answering('interview', again, said('Ada')));
    expect(Object.keys(next.inputRequests)).toEqual(['input-2']);
  });

  it('refuses an answer that does not fit, leaving the state usable', async () => {
    const w = methodWorld();
    const first = await inline(w, { name: 'interview' });
    const refused = await wireErrorOf(() =>
      inline(w, answering('interview', first, { action: 'accept', content: { said: 42 } })),
    );
    expect(refused).toMatchObject({
      code: -32602,
      message: expect.stringMatching(/^The answer does not fit the requested schema/),
    });
    const tooLong = await wireErrorOf(() =>
      inline(w, answering('interview', first, said('x'.repeat(9000)))),
    );
    expect(tooLong).toEqual({
      code: -32602,
      message: "The answer to 'input-1' is 9041 bytes, more than the 8192 an inline call takes",
      data: { reason: 'INVALID_ARGUMENT' },
    });
    const next = await inline(w, answering('interview', first, said('Ada')));
    expect(next.resultType).toBe('input_required');
    expect(w.interview.runs).toBe(2);
  });

  it('refuses every bad requestState with the same bytes, whatever is wrong with it', async () => {
    const w = methodWorld();
    const wireOf = (params: JsonObject, who = alice) =>
      wireErrorOf(() => inline(w, params, who)).then((error) => JSON.stringify(error));
    const fresh = async () => (await inline(w, { name: 'interview' })).requestState as string;
    const answered = (state: string) => ({
      name: 'interview',
      requestState: state,
      inputResponses: { 'input-1': said('Ada') },
    });

    const used = await fresh();
    await inline(w, answered(used));
    const length = Buffer.from(used, 'base64url').length;
    const refusals = {
      forged: await wireOf(answered(randomBytes(length).toString('base64url'))),
      'altered in one byte': await wireOf(answered(flipped(await fresh(), Math.floor(length / 2)))),
      'replayed after use': await wireOf(answered(used)),
      "another owner's": await wireOf(answered(await fresh()), bob),
      'for other arguments': await wireOf({
        ...answered(await fresh()),
        arguments: { confirmFirst: false },
      }),
      'for another tool': await wireOf({ ...answered(await fresh()), name: 'chatty' }),
      oversize: await wireOf(answered('A'.repeat(64 * 1024 + 1))),
      'not base64url': await wireOf(answered('not a state!')),
    };
    const expired = await fresh();
    w.clock.advance(600_000);
    const all = { ...refusals, expired: await wireOf(answered(expired)) };
    for (const wire of Object.values(all)) expect(wire).toBe(JSON.stringify(INVALID_STATE));
    expect(w.interview.runs).toBe(7);
  });

  it('refuses an oversize state while reading the params, before any decryption', () => {
    const { parse } = methodWorld().method('tools/call').v2026!;
    const refusal = refusalOf(() => parse({ name: 'interview', requestState: 'A'.repeat(65_537) }));
    expect(refusal.toJson()).toEqual(INVALID_STATE);
    expect(refusal.malformed).toBe(false);
    expect(parse({ name: 'interview', requestState: 'abc' })).toEqual({
      name: 'interview',
      args: {},
      requestState: 'abc',
    });
    expect(refusalOf(() => parse({ name: 'interview', requestState: 7 })).toJson()).toEqual({
      code: -32602,
      message: 'Invalid params: params.requestState must be a string',
    });
  });

  it('takes a state until its ttl has run out, and not a moment after', async () => {
    const w = methodWorld({ TASK_MCP_REQUEST_STATE_TTL_MS: '5000' });
    const first = await inline(w, { name: 'interview' });
    w.clock.advance(4999);
    const second = await inline(w, answering('interview', first, said('Ada')));
    expect(second.resultType).toBe('input_required');
    w.clock.advance(5000);
    expect(await wireErrorOf(() => inline(w, answering('interview', second, said('x'))))).toEqual(
      INVALID_STATE,
    );
  });

  it('fails the call of a tool that asks another question when replayed, saying why', async () => {
    const w = methodWorld();
    const first = await inline(w, { name: 'fickle' });
    expect(first.inputRequests['input-1'].params.message).toBe('Question of run 1?');
    expect(await wireErrorOf(() => inline(w, answering('fickle', first, said('yes'))))).toEqual({
      code: -32603,
      message:
        "Tool 'fickle' asked another question when its run was replayed: a tool run inline must ask the same questions in the same order each time (draw random values with ctx.remember)",
    });
  });

  it('sends a tool that asks more than a state carries to the tasks extension, with -32021', async () => {
    const w = methodWorld();
    let round = await inline(w, { name: 'chatty' });
    for (let n = 1; n <= 32; n++) {
      expect(Object.keys(round.inputRequests)).toEqual([`input-${n}`]);
      round = await inline(w, answering('chatty', round, said(`${n}`))).catch((error) => error);
    }
    expect(await wireErrorOf(() => Promise.reject(round))).toEqual({
      code: -32021,
      message: `The task cannot ask its caller a question: Tool 'chatty' asks more questions than an inline call carries the answers of; declare "${TASKS_EXTENSION}" in the request's client capabilities to answer them through a task`,
      data: { requiredCapabilities: TASKS_REQUIRED },
    });
  });

  it("keeps today's answers for a client that cannot be asked, or that takes tasks", async () => {
    const w = methodWorld();
    const state = (await inline(w, { name: 'interview' })).requestState as string;
    const unasked = await wireErrorOf(() =>
      call2026(
        w.method('tools/call'),
        { name: 'interview', requestState: state, inputResponses: { 'input-1': said('Ada') } },
        aScope2026(alice, {}),
      ),
    );
    expect(unasked).toMatchObject({
      code: -32021,
      data: { requiredCapabilities: { elicitation: {} } },
    });
    const handle = await call2026(
      w.method('tools/call'),
      { name: 'interview', requestState: state, inputResponses: { 'input-1': said('Ada') } },
      aScope2026(alice, { tasks: true, elicitation: true }),
    );
    expect(handle).toMatchObject({ resultType: 'task', status: 'working' });
    expect(handle).not.toHaveProperty('requestState');
  });
});
