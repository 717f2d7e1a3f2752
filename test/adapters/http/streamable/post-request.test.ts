import { PostAnswer } from '../../../../src/adapters/http/streamable/post-answer.js';
import { PostRequest } from '../../../../src/adapters/http/streamable/post-request.js';
import { notification } from '../../../../src/adapters/mcp/json-rpc/messages.js';
import { PROTOCOL_2026 } from '../../../../src/adapters/mcp/protocol-versions.js';
import { LoopbackServer, startRequest } from '../../../support/loopback-http.js';
import { aRequestMeta } from '../../../support/mcp-methods.js';
import { aPrincipal } from '../../../support/task-mother.js';

const alice = aPrincipal('alice');

let server: LoopbackServer;

beforeAll(async () => {
  server = await LoopbackServer.start();
});

afterAll(() => server.close());

async function aPostRequest() {
  const served = server.nextRequest();
  const client = startRequest(server.url);
  const answer = new PostAnswer((await served).res);
  const meta = aRequestMeta({ tasks: true });
  return { client, answer, meta, scope: new PostRequest(alice, meta, 'r-1', answer) };
}

describe('PostRequest', () => {
  it('is the 2026-07-28 scope of one POST, relating what it sends through its answer', async () => {
    const { client, answer, meta, scope } = await aPostRequest();
    expect(scope).toMatchObject({ version: PROTOCOL_2026, principal: alice, meta });
    expect(scope.requestId).toBe('r-1');
    scope.relate(notification('notifications/subscriptions/acknowledged', {}));
    expect(answer.streaming).toBe(true);
    answer.respond(200, { jsonrpc: '2.0', id: 'r-1', result: {} });
    expect((await client.finished).body).toContain('notifications/subscriptions/acknowledged');
  });

  it('fires its signal when the connection is lost, whether the signal was asked for before or after', async () => {
    const { answer, scope } = await aPostRequest();
    const early = scope.signal;
    expect(early.aborted).toBe(false);
    scope.connectionLost();
    expect(early.aborted).toBe(true);
    expect(String(early.reason)).toContain('The client closed the connection');
    answer.respond(200, { jsonrpc: '2.0', id: 'r-1', result: {} });

    const late = await aPostRequest();
    late.scope.connectionLost();
    expect(late.scope.signal.aborted).toBe(true);
    late.answer.respond(200, { jsonrpc: '2.0', id: 'r-1', result: {} });
  });
});
