import type {
  NotificationMessage,
  ServerRequestMessage,
} from '../../../../src/adapters/mcp/json-rpc/messages.js';
import { QuestionsOut, type Asker } from '../../../../src/adapters/mcp/link/questions-out.js';
import type { Question } from '../../../../src/adapters/mcp/link/request-link.js';
import { aPrincipal } from '../../../support/task-mother.js';

const QUESTION: Question = {
  method: 'elicitation/create',
  params: { mode: 'form', message: 'Which colour?', requestedSchema: { type: 'object' } },
};
const alice = aPrincipal('alice', ['tasks:create']);
const bob = aPrincipal('bob', ['tasks:create']);

/** A request asking questions, recording what goes out on its stream. */
function anAsker(principal = alice, open = true) {
  const sent: (NotificationMessage | ServerRequestMessage)[] = [];
  const asker: Asker & { sent: typeof sent } = {
    principal,
    open,
    questions: new Set<number>(),
    relate: (message) => void sent.push(message),
    sent,
  };
  return asker;
}

const options = (signal = new AbortController().signal, timeoutMs = 60_000) => ({
  signal,
  timeoutMs,
});

describe('QuestionsOut', () => {
  it('sends each question under an id of its own and resolves it with the owner’s reply', async () => {
    const out = new QuestionsOut();
    const asker = anAsker();
    const first = out.ask(asker, QUESTION, options());
    const second = out.ask(asker, QUESTION, options());
    const ids = asker.sent.map((message) => (message as ServerRequestMessage).id);
    expect(new Set(ids).size).toBe(2);
    expect(asker.sent[0]).toEqual({ jsonrpc: '2.0', id: ids[0], ...QUESTION });
    out.replied({ kind: 'reply', id: ids[1]!, result: { action: 'decline' } }, alice);
    await expect(second).resolves.toEqual({
      reply: { kind: 'reply', id: ids[1], result: { action: 'decline' } },
      from: alice,
    });
    expect(asker.questions).toEqual(new Set([ids[0]]));
    out.dropAll('done');
    await expect(first).rejects.toThrow('done');
  });

  it('ignores a reply from another owner, and one to an id it never gave', async () => {
    const out = new QuestionsOut();
    const asker = anAsker();
    const question = out.ask(asker, QUESTION, options());
    const id = (asker.sent[0] as ServerRequestMessage).id;
    out.replied({ kind: 'reply', id, result: { action: 'accept' } }, bob);
    out.replied({ kind: 'reply', id: id + 100, result: { action: 'accept' } }, alice);
    out.replied({ kind: 'reply', id: String(id), result: { action: 'accept' } }, alice);
    expect(asker.questions.size).toBe(1);
    out.replied({ kind: 'reply', id, result: { action: 'accept' } }, alice);
    await expect(question).resolves.toMatchObject({ from: alice });
  });

  it('withdraws a question still out with notifications/cancelled, and never one answered', async () => {
    const out = new QuestionsOut();
    const asker = anAsker();
    const answered = out.ask(asker, QUESTION, options());
    const open = out.ask(asker, QUESTION, options());
    const [answeredId, openId] = asker.sent.map((message) => (message as ServerRequestMessage).id);
    out.replied({ kind: 'reply', id: answeredId!, result: { action: 'accept' } }, alice);
    await answered;
    out.withdraw([answeredId!, openId!], 'The request ended');
    await expect(open).rejects.toThrow('The request ended');
    const cancelled = asker.sent.filter((message) => message.method === 'notifications/cancelled');
    expect(cancelled).toEqual([
      {
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: openId, reason: 'The request ended' },
      },
    ]);
  });

  it('withdraws a question when its asker no longer needs it, and when it times out', async () => {
    const out = new QuestionsOut();
    const asker = anAsker();
    const stop = new AbortController();
    const unneeded = out.ask(asker, QUESTION, options(stop.signal));
    stop.abort();
    await expect(unneeded).rejects.toThrow('The question is no longer needed');
    const late = out.ask(asker, QUESTION, options(new AbortController().signal, 1));
    await expect(late).rejects.toThrow('The question timed out');
    expect(
      asker.sent.filter((message) => message.method === 'notifications/cancelled'),
    ).toHaveLength(2);
  });

  it('asks nothing of a request already answered, or for an asker that already gave up', async () => {
    const out = new QuestionsOut();
    const ended = anAsker(alice, false);
    await expect(out.ask(ended, QUESTION, options())).rejects.toThrow('The request has ended');
    const stopped = new AbortController();
    stopped.abort();
    const asker = anAsker();
    await expect(out.ask(asker, QUESTION, options(stopped.signal))).rejects.toThrow(
      'The question is no longer needed',
    );
    expect([...ended.sent, ...asker.sent]).toEqual([]);
  });

  it('drops every question without telling the client when the connection is gone', async () => {
    const out = new QuestionsOut();
    const asker = anAsker();
    const question = out.ask(asker, QUESTION, options());
    out.dropAll('Connection closed');
    await expect(question).rejects.toThrow('Connection closed');
    expect(asker.sent.filter((message) => message.method === 'notifications/cancelled')).toEqual(
      [],
    );
  });
});
