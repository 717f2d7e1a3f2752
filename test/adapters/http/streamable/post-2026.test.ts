import 'reflect-metadata';
import { Post2026 } from '../../../../src/adapters/http/streamable/post-2026.js';
import { HttpError } from '../../../../src/adapters/http/http-error.js';
import { MessageClassifier } from '../../../../src/adapters/mcp/inbound/message-classifier.js';
import { PROTOCOL_2026 } from '../../../../src/adapters/mcp/protocol-versions.js';
import { aNotification, aRequest, bodyOf, meta2026 } from '../../../support/inbound.js';
import { LoopbackServer, startRequest } from '../../../support/loopback-http.js';
import { aPrincipal } from '../../../support/task-mother.js';
import { testContainer } from '../../../support/test-container.js';

const EXTENSION = { extensions: { 'io.modelcontextprotocol/tasks': {} } };
const alice = aPrincipal('alice', []);

describe('Post2026', () => {
  let server: LoopbackServer;
  const { container } = testContainer();
  const post = container.get(Post2026);
  const classifier = container.get(MessageClassifier);

  beforeEach(async () => {
    server = await LoopbackServer.start();
  });
  afterEach(() => server.close());

  /** Serves `value` as a 2026-07-28 POST body with `headers`; resolves with what the client got. */
  async function serve(value: unknown, headers: Record<string, string>) {
    const client = startRequest(server.url, { method: 'POST', headers, body: 'ignored' });
    const { req, res } = await server.nextRequest();
    const thrown = await post
      .serve(req, res, alice, classifier.classify(bodyOf(value), PROTOCOL_2026), 1)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    if (thrown) {
      res.destroy();
      return { thrown };
    }
    const response = await client.response;
    const { body } = await client.finished;
    return { status: response.statusCode, body: body === '' ? undefined : JSON.parse(body) };
  }

  const routed = (method: string, name?: string) => ({
    'mcp-protocol-version': PROTOCOL_2026,
    'mcp-method': method,
    ...(name === undefined ? {} : { 'mcp-name': name }),
  });

  it('answers a request with plain JSON under its id', async () => {
    const answer = await serve(
      aRequest('server/discover', { _meta: meta2026(EXTENSION) }, 'd'),
      routed('server/discover'),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: 'd', result: { resultType: 'complete' } });
  });

  it('answers an error with the status the version gives it, under the request id', async () => {
    const unknown = await serve(aRequest('x/y', { _meta: meta2026() }, 3), routed('x/y'));
    expect(unknown).toMatchObject({ status: 404, body: { id: 3, error: { code: -32601 } } });
    const taskId = 'f'.repeat(32);
    const missing = await serve(
      aRequest('tasks/get', { taskId, _meta: meta2026(EXTENSION) }, 4),
      routed('tasks/get', taskId),
    );
    expect(missing).toMatchObject({
      status: 200,
      body: { id: 4, error: { code: -32602, message: 'Task not found' } },
    });
  });

  it('refuses routing headers that do not mirror the body, under the request id', async () => {
    const answer = await serve(
      aRequest('tools/call', { name: 'wait', _meta: meta2026(EXTENSION) }, 5),
      routed('tools/call', 'another'),
    );
    expect(answer.thrown).toBeInstanceOf(HttpError);
    const refusal = answer.thrown as HttpError;
    expect([refusal.status, refusal.rpcCode, refusal.id]).toEqual([400, -32020, 5]);
  });

  it('refuses a batch and a response as not 2026-07-28 messages, and takes a notification', async () => {
    const batch = await serve([aRequest('ping')], routed('ping'));
    expect(batch).toMatchObject({ status: 400, body: { id: null, error: { code: -32600 } } });
    const response = await serve({ jsonrpc: '2.0', id: 1, result: {} }, routed('x'));
    expect(response).toMatchObject({ status: 400, body: { error: { code: -32600 } } });
    const notification = await serve(aNotification('notifications/x'), routed('notifications/x'));
    expect(notification).toEqual({ status: 202, body: undefined });
  });
});
