import {
  EventStream,
  eventStreamHeaders,
} from '../../../../src/adapters/http/streamable/event-stream.js';
import { MAX_UNREAD_BYTES } from '../../../../src/adapters/http/unread-guard.js';
import {
  LoopbackServer,
  rawGet,
  stalledClient,
  startRequest,
} from '../../../support/loopback-http.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

let server: LoopbackServer;

beforeAll(async () => {
  server = await LoopbackServer.start();
});

afterAll(() => server.close());

describe('eventStreamHeaders', () => {
  it('are those of an event stream no proxy holds back', () => {
    expect(eventStreamHeaders(undefined)).toEqual({
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
  });

  it('name the session when there is one', () => {
    expect(eventStreamHeaders('session-1')).toMatchObject({ 'mcp-session-id': 'session-1' });
  });
});

describe('EventStream', () => {
  it('writes messages, the priming event and keep-alives in the event stream format', async () => {
    const served = server.nextRequest();
    const client = startRequest(server.url);
    const { res } = await served;
    res.writeHead(200, eventStreamHeaders('session-1'));
    const stream = new EventStream(res);
    stream.priming('0', 1000);
    stream.event({ jsonrpc: '2.0', method: 'notifications/progress', params: { n: 1 } }, '1');
    stream.keepAlive();
    stream.event({ jsonrpc: '2.0', id: 3, result: {} });
    stream.end();

    const response = await client.response;
    expect(response.headers['content-type']).toBe('text/event-stream');
    expect(response.headers['mcp-session-id']).toBe('session-1');
    const { complete, body } = await client.finished;
    expect(complete).toBe(true);
    expect(body).toBe(
      'id: 0\nretry: 1000\ndata: \n\n' +
        'event: message\nid: 1\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{"n":1}}\n\n' +
        ': keepalive\n\n' +
        'event: message\ndata: {"jsonrpc":"2.0","id":3,"result":{}}\n\n',
    );
  });

  it('is closed once ended, and then drops what it is given', async () => {
    const served = server.nextRequest();
    const client = startRequest(server.url);
    const { res } = await served;
    res.writeHead(200, eventStreamHeaders(undefined));
    const stream = new EventStream(res);
    expect(stream.open).toBe(true);
    stream.event({ n: 1 });
    stream.end();
    expect(stream.open).toBe(false);
    stream.event({ n: 2 });
    stream.keepAlive();
    stream.end();
    expect((await client.finished).body).toBe('event: message\ndata: {"n":1}\n\n');
  });

  it('is closed once its client has gone', async () => {
    const served = server.nextRequest();
    const client = startRequest(server.url);
    const { res } = await served;
    res.writeHead(200, eventStreamHeaders(undefined));
    const stream = new EventStream(res);
    stream.event({ n: 1 });
    await client.response;
    client.close();
    await new Promise((resolve) => res.once('close', resolve));
    expect(stream.open).toBe(false);
    expect(() => stream.event({ n: 2 })).not.toThrow();
  });

  it('cuts off a client that leaves more than 1 MiB unread', async () => {
    const served = server.nextRequest();
    const client = stalledClient(server.url, rawGet());
    const { res } = await served;
    res.writeHead(200, eventStreamHeaders(undefined));
    const stream = new EventStream(res);
    const payload = { data: 'x'.repeat(64 * 1024) };
    let written = 0;
    let unreadBeforeCut = 0;
    // The kernel's buffers take a few MiB first; a bound on the loop keeps a broken cut-off finite.
    while (stream.open && written < 64 * 1024 * 1024) {
      unreadBeforeCut = res.writableLength;
      expect(unreadBeforeCut).toBeLessThanOrEqual(MAX_UNREAD_BYTES + 128 * 1024);
      stream.event(payload);
      written += 64 * 1024;
      await nextTurn();
    }
    expect(res.destroyed).toBe(true);
    // The write that found more than the bound waiting was the one that cut the client off.
    expect(unreadBeforeCut).toBeGreaterThan(MAX_UNREAD_BYTES);
    // Once it reads at last, it finds the connection closed after what got through.
    const read = await client.readAll();
    expect(read.length).toBeLessThan(written);
  });

  it('keeps the stream of a client that reads, however much goes through it', async () => {
    const served = server.nextRequest();
    const client = startRequest(server.url);
    const { res } = await served;
    res.writeHead(200, eventStreamHeaders(undefined));
    const stream = new EventStream(res);
    const payload = { data: 'x'.repeat(64 * 1024) };
    const events = 128;
    for (let i = 0; i < events; i++) {
      stream.event(payload);
      // Write at the pace the client reads: nothing is left waiting in the process.
      while (res.writableLength > 0) await nextTurn();
    }
    expect(stream.open).toBe(true);
    stream.end();
    const { complete, body } = await client.finished;
    expect(complete).toBe(true);
    expect(body.length).toBeGreaterThan(4 * MAX_UNREAD_BYTES);
    expect(body.split('event: message\n')).toHaveLength(events + 1);
  });
});
