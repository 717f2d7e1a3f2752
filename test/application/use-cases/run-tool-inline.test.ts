import {
  CONSUMED_REQUEST_STATES,
  type ConsumedRequestStates,
} from '../../../src/application/ports/consumed-request-states.js';
import {
  InvalidRequestStateError,
  ServerBusyError,
} from '../../../src/application/shared/errors.js';
import {
  RunToolInline,
  type InlineCall,
  type InlineRound,
} from '../../../src/application/use-cases/run-tool-inline.js';
import { InvalidArgumentError } from '../../../src/domain/index.js';
import { InterviewTool } from '../../support/mcp-methods.js';
import { testContainer } from '../../support/test-container.js';
import { alice } from '../../support/use-case-world.js';

const WHEN_FULL = { requiredCapabilities: { tasks: {} }, reason: 'too many' };
const said = (text: string) => ({ action: 'accept', content: { said: text } });

function world() {
  const interview = new InterviewTool();
  const { container } = testContainer({}, [interview]);
  const consumed: string[] = [];
  const record = container.get<ConsumedRequestStates>(CONSUMED_REQUEST_STATES);
  container.rebind(CONSUMED_REQUEST_STATES).toConstantValue({
    consume: (id: string, expiresAt: number) => {
      consumed.push(id);
      return record.consume(id, expiresAt);
    },
    forgetExpired: (before: number) => record.forgetExpired(before),
  } satisfies ConsumedRequestStates);
  const inline = container.get(RunToolInline);
  const call = (extra: Partial<InlineCall> = {}) =>
    inline.run(alice, { toolName: 'interview', arguments: {}, whenFull: WHEN_FULL, ...extra });
  return { interview, consumed, call };
}

type Asks = Extract<InlineRound, { kind: 'asks' }>;

function asks(round: InlineRound): Asks {
  if (round.kind !== 'asks') throw new Error(`expected a question, the run ${round.kind}`);
  return round;
}

describe('RunToolInline', () => {
  it('runs anew each round, replaying the answers, until the run finishes', async () => {
    const w = world();
    const first = asks(await w.call());
    expect(first.key).toBe('input-1');
    expect(first.question.params.message).toBe('Your name?');
    const second = asks(
      await w.call({
        requestState: first.requestState,
        inputResponses: { 'input-1': said('Ada') },
      }),
    );
    expect(second.key).toBe('input-2');
    const third = asks(
      await w.call({
        requestState: second.requestState,
        inputResponses: { 'input-2': said('red') },
      }),
    );
    const done = await w.call({
      requestState: third.requestState,
      inputResponses: { 'input-3': said('7') },
    });
    expect(done.kind === 'finished' && done.outcome.result).toEqual({
      content: [{ type: 'text', text: 'Ada, red, 7 (token 1)' }],
    });
    expect(w.interview.runs).toBe(4);
    expect(w.consumed).toHaveLength(3);
  });

  it('hands the first answer to every round', async () => {
    const w = world();
    const first = asks(
      await w.call({
        arguments: { confirmFirst: true },
        firstAnswer: { action: 'accept', content: { sure: false } },
      }),
    );
    let round: InlineRound = first;
    for (const [n, text] of ['Ada', 'red', '7'].entries()) {
      round = await w.call({
        arguments: { confirmFirst: true },
        requestState: asks(round).requestState,
        inputResponses: { [`input-${n + 1}`]: said(text) },
      });
    }
    expect(round.kind === 'finished' && round.outcome.result).toEqual({
      content: [{ type: 'text', text: 'ready: false; Ada, red, 7 (token 1)' }],
    });
  });

  it('uses a state once: consumed before its round runs, refused after', async () => {
    const w = world();
    const first = asks(await w.call());
    const answer = { requestState: first.requestState, inputResponses: { 'input-1': said('Ada') } };
    await w.call(answer);
    await expect(w.call(answer)).rejects.toThrow(InvalidRequestStateError);
    expect(w.interview.runs).toBe(2);
  });

  it('refuses an answer that does not fit before consuming anything', async () => {
    const w = world();
    const first = asks(await w.call());
    await expect(
      w.call({ requestState: first.requestState, inputResponses: { 'input-1': { action: 'x' } } }),
    ).rejects.toThrow(InvalidArgumentError);
    expect(w.consumed).toEqual([]);
    const next = await w.call({
      requestState: first.requestState,
      inputResponses: { 'input-1': said('Ada') },
    });
    expect(asks(next).key).toBe('input-2');
  });

  it('asks again without running the tool when the answer is missing, spending the state', async () => {
    const w = world();
    const first = asks(await w.call());
    const again = asks(await w.call({ requestState: first.requestState }));
    expect(again.key).toBe('input-1');
    expect(again.question).toEqual(first.question);
    expect(again.requestState).not.toBe(first.requestState);
    expect(w.interview.runs).toBe(1);
    await expect(w.call({ requestState: first.requestState })).rejects.toThrow(
      InvalidRequestStateError,
    );
  });

  it('refuses a state that will not open, before consuming or running anything', async () => {
    const w = world();
    await expect(w.call({ requestState: 'bogus' })).rejects.toThrow(InvalidRequestStateError);
    expect(w.consumed).toEqual([]);
    expect(w.interview.runs).toBe(0);
  });

  it('runs nothing when the record of used states is full', async () => {
    const interview = new InterviewTool();
    const { container } = testContainer({}, [interview]);
    container.rebind(CONSUMED_REQUEST_STATES).toConstantValue({
      consume: () => Promise.reject(new ServerBusyError('too many')),
      forgetExpired: () => Promise.resolve(0),
    } satisfies ConsumedRequestStates);
    const inline = container.get(RunToolInline);
    const base = { toolName: 'interview', arguments: {}, whenFull: WHEN_FULL };
    const first = asks(await inline.run(alice, base));
    await expect(
      inline.run(alice, {
        ...base,
        requestState: first.requestState,
        inputResponses: { 'input-1': said('Ada') },
      }),
    ).rejects.toThrow(ServerBusyError);
    expect(interview.runs).toBe(1);
  });
});
