import { jest } from '@jest/globals';
import { PostExchange } from '../../../../src/adapters/http/streamable/post-exchange.js';
import {
  notification,
  resultResponse,
  type ServerRequestMessage,
} from '../../../../src/adapters/mcp/json-rpc/messages.js';
import {
  eventsIn,
  LoopbackServer,
  messagesIn,
  startRequest,
  type ReadingClient,
} from '../../../support/loopback-http.js';

const JSON_HEADERS = { 'content-type': 'application/json', 'mcp-session-id': 'session-1' };
const progress = notification('notifications/progress', { progressToken: 1, progress: 1 });
const question: ServerRequestMessage = {
  jsonrpc: '2.0',
  id: 1,
  method: 'elicitation/create',
  params: { message: 'Which one?' },
};

let server: LoopbackServer;

beforeAll(async () => {
  server = await LoopbackServer.start();
});

afterAll(() => server.close());

/** A POST's exchange for `waiting` messages on a real response, and its client. */
async function exchangeFor(
  waiting: number,
  batch = waiting > 1,
): Promise<{ exchange: PostExchange; client: ReadingClient; closed: Promise<void> }> {
  const served = server.nextRequest();
  const client = startRequest(server.url, { method: 'POST', body: '[]' });
  const { res } = await served;
  const closed = new Promise<void>((resolve) => res.once('close', () => resolve()));
  const exchange = new PostExchange(res, batch, waiting, JSON_HEADERS, 'session-1');
  return { exchange, client, closed };
}

async function reply(client: ReadingClient) {
  const res = await client.response;
  const { body, complete } = await client.finished;
  return { status: res.statusCode, headers: res.headers, body, complete };
}

describe('PostExchange', () => {
  it('answers one request with plain JSON once it has its response', async () => {
    const { exchange, client } = await exchangeFor(1);
    exchange.answer(resultResponse(7, { tools: [] }));
    const answer = await reply(client);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers['mcp-session-id']).toBe('session-1');
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(answer.body)));
    expect(JSON.parse(answer.body)).toEqual({ jsonrpc: '2.0', id: 7, result: { tools: [] } });
  });

  it('answers a batch with one JSON array, in the order the responses came', async () => {
    const { exchange, client } = await exchangeFor(2);
    exchange.answer(resultResponse('b', {}));
    exchange.answer(resultResponse('a', {}));
    const answer = await reply(client);
    expect(JSON.parse(answer.body)).toEqual([
      { jsonrpc: '2.0', id: 'b', result: {} },
      { jsonrpc: '2.0', id: 'a', result: {} },
    ]);
  });

  it('answers a batch of one with an array still', async () => {
    const { exchange, client } = await exchangeFor(1, true);
    exchange.answer(resultResponse(1, {}));
    expect(JSON.parse((await reply(client)).body)).toEqual([{ jsonrpc: '2.0', id: 1, result: {} }]);
  });

  it('says nothing for a request dropped from a batch, and answers the others', async () => {
    const { exchange, client } = await exchangeFor(2);
    exchange.drop();
    exchange.answer(resultResponse(2, {}));
    expect(JSON.parse((await reply(client)).body)).toEqual([{ jsonrpc: '2.0', id: 2, result: {} }]);
  });

  it('answers 202 with no body when every request was dropped', async () => {
    const { exchange, client } = await exchangeFor(2);
    exchange.drop();
    exchange.drop();
    const answer = await reply(client);
    expect(answer.status).toBe(202);
    expect(answer.body).toBe('');
  });

  it('switches to an event stream when a notification goes out, earlier answers first', async () => {
    const { exchange, client } = await exchangeFor(2);
    exchange.answer(resultResponse(1, { first: true }));
    exchange.relate(progress);
    const headers = (await client.response).headers;
    expect(headers['content-type']).toBe('text/event-stream');
    expect(headers['mcp-session-id']).toBe('session-1');
    exchange.answer(resultResponse(2, { second: true }));
    const answer = await reply(client);
    expect(answer.status).toBe(200);
    expect(answer.complete).toBe(true);
    expect(messagesIn(answer.body)).toEqual([
      { jsonrpc: '2.0', id: 1, result: { first: true } },
      progress,
      { jsonrpc: '2.0', id: 2, result: { second: true } },
    ]);
    // Events of a POST's stream are not replayable: they carry no id.
    expect(eventsIn(answer.body).every((event) => event.id === undefined)).toBe(true);
  });

  it('puts a question to the client on the stream of the request that asks it', async () => {
    const { exchange, client } = await exchangeFor(1);
    exchange.relate(question);
    expect(messagesIn(client.received())).toEqual([]);
    exchange.answer(resultResponse(5, { content: [] }));
    expect(messagesIn((await reply(client)).body)).toEqual([
      question,
      { jsonrpc: '2.0', id: 5, result: { content: [] } },
    ]);
  });

  it('lets the abandon listener know once when the client goes with answers still owed', async () => {
    const { exchange, client, closed } = await exchangeFor(2);
    const abandoned = jest.fn();
    exchange.onAbandon(abandoned);
    exchange.answer(resultResponse(1, {}));
    exchange.relate(progress);
    await client.response;
    client.close();
    await closed;
    expect(abandoned).toHaveBeenCalledTimes(1);
    // What comes after goes nowhere, quietly.
    expect(() => exchange.relate(progress)).not.toThrow();
    expect(() => exchange.answer(resultResponse(2, {}))).not.toThrow();
    expect(abandoned).toHaveBeenCalledTimes(1);
  });

  it('does not call the abandon listener when every answer went out', async () => {
    const { exchange, client, closed } = await exchangeFor(1);
    const abandoned = jest.fn();
    exchange.onAbandon(abandoned);
    exchange.answer(resultResponse(1, {}));
    await reply(client);
    await closed;
    expect(abandoned).not.toHaveBeenCalled();
  });

  it('does not call it for a client that goes after its requests were all dropped', async () => {
    const { exchange, client, closed } = await exchangeFor(1);
    const abandoned = jest.fn();
    exchange.onAbandon(abandoned);
    exchange.drop();
    await reply(client);
    await closed;
    expect(abandoned).not.toHaveBeenCalled();
  });
});
