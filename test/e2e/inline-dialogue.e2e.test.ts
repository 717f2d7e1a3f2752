import { randomBytes } from 'node:crypto';
import { startHttpFixture, type HttpFixture } from '../support/http-fixture.js';
import {
  answering,
  guessing,
  postInlineCall,
  type RawAnswer,
  type Wire,
} from '../support/inline-calls.js';

/*
 * Multi round-trip of 2026-07-28 inline runs over real HTTP: a tool's questions answered by calling
 * again with the requestState, and every bad state refused in the same bytes.
 */

describe('multi round-trip of an inline run over 2026-07-28 HTTP', () => {
  let fixture: HttpFixture;
  let shortLived: HttpFixture;

  beforeAll(async () => {
    [fixture, shortLived] = await Promise.all([
      startHttpFixture({ ownersByHeader: true }),
      startHttpFixture({ ownersByHeader: true, env: { TASK_MCP_REQUEST_STATE_TTL_MS: '1000' } }),
    ]);
  });
  afterAll(() => Promise.all([fixture.close(), shortLived.close()]));

  const call = (params: Record<string, unknown>, owner = 'alice', id?: number) =>
    postInlineCall(fixture.url, params, { owner, ...(id === undefined ? {} : { id }) });

  it('plays guess_number to the end, each guess a new call carrying the state', async () => {
    const args = { max: 1000 };
    let low = 1;
    let high = args.max;
    let guess = 0;
    let answer: RawAnswer = await call({ name: 'guess_number', arguments: args });
    let rounds = 0;
    while (answer.body.result?.resultType === 'input_required') {
      const result: Wire = answer.body.result;
      expect(answer.status).toBe(200);
      expect(Object.keys(result.inputRequests)).toEqual([`input-${++rounds}`]);
      expect(result.requestState).toMatch(/^[A-Za-z0-9_-]+$/);
      const message: string = result.inputRequests[`input-${rounds}`].params.message;
      const higher = /Higher than (\d+)/.exec(message);
      const lower = /Lower than (\d+)/.exec(message);
      if (higher) low = Number(higher[1]) + 1;
      if (lower) high = Number(lower[1]) - 1;
      guess = Math.floor((low + high) / 2);
      answer = await call(answering('guess_number', result, guessing(guess), args));
    }
    expect(answer.body.result).toEqual({
      resultType: 'complete',
      content: [{ type: 'text', text: `${guess} it is: found in ${rounds} guess(es).` }],
    });
  });

  it('answers a client without elicitation with -32021 naming elicitation, all it needs to declare', async () => {
    const refused = await postInlineCall(
      fixture.url,
      { name: 'guess_number' },
      { owner: 'alice', elicitation: false },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: -32021,
      data: { requiredCapabilities: { elicitation: {} } },
    });
  });

  it('refuses every kind of bad requestState with the very same bytes', async () => {
    const SAME_ID = 4242;
    const asked = async (server = fixture) =>
      (await postInlineCall(server.url, { name: 'guess_number' }, { owner: 'alice' })).body.result;
    const tryState = (requestState: string, owner = 'alice', server = fixture) =>
      postInlineCall(
        server.url,
        { name: 'guess_number', requestState, inputResponses: { 'input-1': guessing(0) } },
        { owner, id: SAME_ID },
      );

    const used = await asked();
    expect((await tryState(used.requestState)).body.result.resultType).toBe('input_required');
    const valid: string = (await asked()).requestState;
    const bytes = Buffer.from(valid, 'base64url');
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    const expiring: string = (await asked(shortLived)).requestState;
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const refusals: Record<string, RawAnswer> = {
      forged: await tryState(randomBytes(bytes.length).toString('base64url')),
      'altered in one byte': await tryState(bytes.toString('base64url')),
      expired: await tryState(expiring, 'alice', shortLived),
      'replayed after use': await tryState(used.requestState),
      "another owner's": await tryState((await asked()).requestState, 'bob'),
      oversize: await tryState('A'.repeat(64 * 1024 + 1)),
    };
    const expected = JSON.stringify({
      jsonrpc: '2.0',
      id: SAME_ID,
      error: {
        code: -32602,
        message:
          'Invalid requestState: it is not one this server issued for this request, or it has expired or been used; call the tool again without it to start over',
        data: { reason: 'INVALID_REQUEST_STATE' },
      },
    });
    for (const [, refusal] of Object.entries(refusals)) {
      expect(refusal.status).toBe(200);
      expect(refusal.text).toBe(expected);
    }
    // The state that was valid all along still is: none of the refusals touched it.
    expect((await tryState(valid)).body.result.resultType).toBe('input_required');
  });
});
