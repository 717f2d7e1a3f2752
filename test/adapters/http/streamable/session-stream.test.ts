import type { HttpError } from '../../../../src/adapters/http/http-error.js';
import { SessionStream } from '../../../../src/adapters/http/streamable/session-stream.js';
import { notification } from '../../../../src/adapters/mcp/json-rpc/messages.js';
import { eventually } from '../../../support/http-fixture.js';
import {
  eventsIn,
  LoopbackServer,
  startRequest,
  type ReadingClient,
} from '../../../support/loopback-http.js';

const status = (n: number) => notification('notifications/tasks/status', { n });

let server: LoopbackServer;

beforeAll(async () => {
  server = await LoopbackServer.start();
});

afterAll(() => server.close());

/** Opens `stream` on a real GET; the client, or the refusal when the stream is refused. */
async function openOn(
  stream: SessionStream,
  protocolVersion = '2025-11-25',
  lastEventId?: string,
): Promise<{ client: ReadingClient; gone: Promise<void>; refusal?: HttpError }> {
  const served = server.nextRequest();
  const client = startRequest(server.url);
  const { res } = await served;
  // Resolves once the server side has seen the response close.
  const gone = new Promise<void>((resolve) => res.once('close', () => resolve()));
  try {
    stream.open(res, protocolVersion, lastEventId);
    return { client, gone };
  } catch (error) {
    expect(res.headersSent).toBe(false);
    res.end();
    return { client, gone, refusal: error as HttpError };
  }
}

describe('SessionStream', () => {
  it('opens with the session id and a priming event, headers sent at once', async () => {
    const stream = new SessionStream('session-1');
    const { client } = await openOn(stream);
    const response = await client.response;
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream');
    expect(response.headers['mcp-session-id']).toBe('session-1');
    await eventually(() => client.received().length > 0);
    expect(eventsIn(client.received())).toEqual([{ id: '0', retry: '1000', data: '' }]);
    stream.close();
    expect((await client.finished).complete).toBe(true);
  });

  it('sends no priming event to a client older than 2025-11-25', async () => {
    const stream = new SessionStream('session-1');
    const { client } = await openOn(stream, '2025-03-26');
    await client.response;
    stream.send(status(1));
    stream.close();
    expect(eventsIn((await client.finished).body)).toEqual([
      { event: 'message', id: '1', data: JSON.stringify(status(1)) },
    ]);
  });

  it('sends each message with its id while open, and keeps it for a client that comes back', async () => {
    const stream = new SessionStream('session-1');
    const first = await openOn(stream);
    stream.send(status(1));
    await eventually(() => first.client.received().includes('"n":1'));
    first.client.close();
    await first.gone;

    // Sent while nobody listens: kept for replay.
    stream.send(status(2));
    stream.send(status(3));
    const again = await openOn(stream, '2025-11-25', '1');
    expect(again.refusal).toBeUndefined();
    stream.send(status(4));
    stream.close();
    expect(eventsIn((await again.client.finished).body)).toEqual([
      { event: 'message', id: '2', data: JSON.stringify(status(2)) },
      { event: 'message', id: '3', data: JSON.stringify(status(3)) },
      { id: '3', retry: '1000', data: '' },
      { event: 'message', id: '4', data: JSON.stringify(status(4)) },
    ]);
  });

  it('refuses a second stream while one is open with 409, and takes one once it has gone', async () => {
    const stream = new SessionStream('session-1');
    const first = await openOn(stream);
    await first.client.response;
    const second = await openOn(stream);
    expect(second.refusal?.refusal).toBe('STREAM_CONFLICT');
    expect(second.refusal?.status).toBe(409);
    expect(second.refusal?.message).toBe('Conflict: Only one SSE stream is allowed per session');

    first.client.close();
    await first.gone;
    const third = await openOn(stream);
    expect(third.refusal).toBeUndefined();
    stream.close();
    expect((await third.client.finished).complete).toBe(true);
  });

  it.each(['7', 'not-a-number', '-1'])(
    'refuses Last-Event-ID %j, not an event of the session, with 400',
    async (lastEventId) => {
      const stream = new SessionStream('session-1');
      stream.send(status(1));
      const { refusal } = await openOn(stream, '2025-11-25', lastEventId);
      expect(refusal?.refusal).toBe('UNKNOWN_EVENT_ID');
      expect(refusal?.status).toBe(400);
      expect(refusal?.message).toBe('Bad Request: Last-Event-ID is not an event of this session');
    },
  );

  it('ends the open stream on close, after what it was sent', async () => {
    const stream = new SessionStream('session-1');
    const { client } = await openOn(stream, '2025-11-25');
    stream.send(status(1));
    stream.close();
    const { complete, body } = await client.finished;
    expect(complete).toBe(true);
    expect(eventsIn(body).at(-1)).toEqual({
      event: 'message',
      id: '1',
      data: JSON.stringify(status(1)),
    });
  });
});
