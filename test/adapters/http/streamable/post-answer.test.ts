import { PostAnswer } from '../../../../src/adapters/http/streamable/post-answer.js';
import { notification, resultResponse } from '../../../../src/adapters/mcp/json-rpc/messages.js';
import { LoopbackServer, startRequest } from '../../../support/loopback-http.js';

let server: LoopbackServer;

beforeAll(async () => {
  server = await LoopbackServer.start();
});

afterAll(() => server.close());

const DONE = resultResponse(7, { resultType: 'complete' });

describe('PostAnswer', () => {
  it('answers plain JSON with the status given when nothing went out ahead of the answer', async () => {
    const served = server.nextRequest();
    const client = startRequest(server.url);
    const answer = new PostAnswer((await served).res);
    expect(answer.streaming).toBe(false);
    answer.respond(400, DONE);
    const response = await client.response;
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('application/json');
    expect(JSON.parse((await client.finished).body)).toEqual(DONE);
  });

  it('turns into an event stream at the first notification, the response its last event', async () => {
    const served = server.nextRequest();
    const client = startRequest(server.url);
    const answer = new PostAnswer((await served).res);
    answer.relate(notification('notifications/tasks', { taskId: 't' }));
    expect(answer.streaming).toBe(true);
    answer.respond(400, DONE);
    const response = await client.response;
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream');
    expect(response.headers['x-accel-buffering']).toBe('no');
    const { complete, body } = await client.finished;
    expect(complete).toBe(true);
    expect(body).toBe(
      'event: message\ndata: {"jsonrpc":"2.0","method":"notifications/tasks","params":{"taskId":"t"}}\n\n' +
        'event: message\ndata: {"jsonrpc":"2.0","id":7,"result":{"resultType":"complete"}}\n\n',
    );
  });

  it('sends a keep-alive comment while the stream is quiet, and stops once it closes', async () => {
    const served = server.nextRequest();
    const client = startRequest(server.url);
    const answer = new PostAnswer((await served).res, 20);
    answer.relate(notification('notifications/subscriptions/acknowledged', {}));
    await new Promise((resolve) => setTimeout(resolve, 70));
    answer.respond(200, DONE);
    const { body } = await client.finished;
    const keepAlives = body.split(': keepalive\n\n').length - 1;
    expect(keepAlives).toBeGreaterThanOrEqual(2);
    expect(body.endsWith('"result":{"resultType":"complete"}}\n\n')).toBe(true);
  });
});
