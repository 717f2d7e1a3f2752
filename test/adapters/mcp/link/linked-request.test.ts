import {
  LinkedRequest,
  type LinkServices,
} from '../../../../src/adapters/mcp/link/linked-request.js';
import type { Asker } from '../../../../src/adapters/mcp/link/questions-out.js';
import type { Question } from '../../../../src/adapters/mcp/link/request-link.js';
import { RunningRequest } from '../../../../src/adapters/mcp/link/running-request.js';
import { RecordingExchange } from '../../../support/recording-exchange.js';
import { aPrincipal, aTask } from '../../../support/task-mother.js';

const alice = aPrincipal('alice', ['tasks:create']);
const QUESTION: Question = { method: 'elicitation/create', params: { message: 'Sure?' } };

/** Link services that record what a request asked of them. */
function services(elicits: boolean | undefined = true) {
  const calls: string[] = [];
  const withdrawn: number[][] = [];
  const link: LinkServices = {
    elicits,
    ask: (asker: Asker) => {
      asker.questions.add(41);
      calls.push('ask');
      return new Promise(() => undefined);
    },
    withdrawQuestions: (ids) => void withdrawn.push([...ids]),
    follow: () => void calls.push('follow'),
    progressAfterRequest: () => undefined,
    initialize: () => void calls.push('initialize'),
    setLogLevel: (level) => void calls.push(`level ${level}`),
  };
  return { link, calls, withdrawn };
}

function aLinkedRequest(link: LinkServices, token?: string | number) {
  const exchange = new RecordingExchange();
  const running = new RunningRequest(9, exchange);
  return { linked: new LinkedRequest(link, running, alice, token), running, exchange };
}

describe('LinkedRequest', () => {
  it('is its own link, and a 2025-11-25 scope with the caller and progress token', () => {
    const { linked } = aLinkedRequest(services().link, 'tok');
    expect(linked.link).toBe(linked);
    expect(linked.version).toBe('2025-11-25');
    expect(linked.principal).toBe(alice);
    expect(linked.progressToken).toBe('tok');
    expect(linked.elicits).toBe(true);
  });

  it('gives the request’s signal, which its cancel aborts', () => {
    const { linked, running } = aLinkedRequest(services().link);
    const signal = linked.signal;
    expect(signal.aborted).toBe(false);
    running.cancel('gone');
    expect(signal.aborted).toBe(true);
  });

  it('sends notifications on the request’s stream only while it is owed its answer', () => {
    const { linked, running, exchange } = aLinkedRequest(services().link);
    linked.notify('notifications/progress', { progressToken: 1, progress: 1 });
    running.claimAnswer();
    linked.notify('notifications/progress', { progressToken: 1, progress: 2 });
    expect(exchange.related).toEqual([
      {
        jsonrpc: '2.0',
        method: 'notifications/progress',
        params: { progressToken: 1, progress: 1 },
      },
    ]);
    expect(linked.open).toBe(false);
  });

  it('withdraws, as it finishes, the questions it still has out, and nothing when it has none', () => {
    const quiet = services();
    aLinkedRequest(quiet.link).linked.finish();
    expect(quiet.withdrawn).toEqual([]);
    const asking = services();
    const { linked } = aLinkedRequest(asking.link);
    void linked.ask(QUESTION, { timeoutMs: 1000, signal: new AbortController().signal });
    linked.finish();
    expect(asking.withdrawn).toEqual([[41]]);
  });

  it('hands follow, initialize and setLogLevel to its connection', () => {
    const { link, calls } = services();
    const { linked } = aLinkedRequest(link);
    linked.follow(aTask());
    linked.initialize({ protocolVersion: '2025-11-25', capabilities: {}, clientInfo: {} });
    linked.setLogLevel('debug');
    expect(calls).toEqual(['follow', 'initialize', 'level debug']);
  });
});
