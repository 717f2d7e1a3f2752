import 'reflect-metadata';
import type {
  OutboundMessage,
  ResponseMessage,
} from '../../../../src/adapters/mcp/json-rpc/messages.js';
import { TextConnections } from '../../../../src/adapters/mcp/link/text-connection.js';
import { MCP_METHOD } from '../../../../src/adapters/mcp/methods/mcp-method.js';
import type { Principal } from '../../../../src/application/ports/identity-provider.js';
import { RATE_LIMITER } from '../../../../src/application/ports/rate-limiter.js';
import { flushAsync } from '../../../support/fake-clock.js';
import { FixedBudgets } from '../../../support/fixed-budgets.js';
import { aNotification, aRequest, bodyOf, meta2026 } from '../../../support/inbound.js';
import { ProbeMethod } from '../../../support/probe-method.js';
import { aPrincipal } from '../../../support/task-mother.js';
import { testContainer } from '../../../support/test-container.js';

const SCOPES_ENFORCED = {
  TASK_MCP_AUTH_ISSUER: 'https://idp.example.test',
  TASK_MCP_AUTH_AUDIENCE: 'https://mcp.example.test/mcp',
};

/** What a connection sends, and a way to wait for the response to one request. */
class RecordingSink {
  readonly sent: OutboundMessage[] = [];
  private waiters: (() => void)[] = [];

  readonly send = (message: OutboundMessage): void => {
    this.sent.push(message);
    for (const wake of this.waiters.splice(0)) wake();
  };

  async answerTo(id: string | number | null): Promise<ResponseMessage> {
    for (;;) {
      const found = this.sent.find(
        (message): message is ResponseMessage =>
          'id' in message && message.id === id && !('method' in message),
      );
      if (found) return found;
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }
}

function world(
  options: { env?: Record<string, string>; principal?: Principal; limiter?: FixedBudgets } = {},
) {
  const probe = new ProbeMethod();
  const { container } = testContainer(options.env ?? {});
  container.bind(MCP_METHOD).toConstantValue(probe);
  if (options.limiter) container.rebind(RATE_LIMITER).toConstantValue(options.limiter);
  const sink = new RecordingSink();
  const connection = container
    .get(TextConnections)
    .open(options.principal ?? aPrincipal(), sink.send, (id) => ({
      requestId: `text-${String(id)}`,
      clientAddress: 'test',
    }));
  return { connection, sink, probe };
}

describe('TextConnection', () => {
  it('serves a JSON text and sends the answer through its sink', async () => {
    const { connection, sink } = world();
    await connection.receive(bodyOf(aRequest('ping', undefined, 1)));
    expect(await sink.answerTo(1)).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
    expect(sink.sent).toHaveLength(1);
  });

  it('serves every message of a batch, one answer per request', async () => {
    const { connection, sink } = world();
    await connection.receive(
      bodyOf([
        aRequest('ping', undefined, 1),
        aNotification('notifications/initialized'),
        aRequest('no/such', undefined, 2),
      ]),
    );
    await sink.answerTo(1);
    expect(await sink.answerTo(2)).toMatchObject({ error: { code: -32601 } });
    await flushAsync();
    expect(sink.sent).toHaveLength(2);
  });

  it('answers a text that is not JSON with -32700 under a null id', async () => {
    const { connection, sink } = world();
    await connection.receive(bodyOf('{"jsonrpc":"2.0","id":1,'));
    expect(sink.sent).toEqual([
      {
        jsonrpc: '2.0',
        id: null,
        error: { code: -32700, message: 'Parse error: the request body is not valid JSON' },
      },
    ]);
  });

  it('answers an empty batch with -32600 under a null id', async () => {
    const { connection, sink } = world();
    await connection.receive(bodyOf('[]'));
    expect(sink.sent).toEqual([
      {
        jsonrpc: '2.0',
        id: null,
        error: { code: -32600, message: 'Invalid Request: an empty batch' },
      },
    ]);
  });

  it('refuses a request outside the scopes in-band, and serves the others of the batch', async () => {
    const { connection, sink } = world({
      env: SCOPES_ENFORCED,
      principal: aPrincipal('alice', ['tasks:read']),
    });
    await connection.receive(
      bodyOf([
        aRequest('tasks/list', {}, 1),
        aRequest('tools/call', { name: 'wait', arguments: {} }, 2),
      ]),
    );
    expect(await sink.answerTo(1)).toEqual({ jsonrpc: '2.0', id: 1, result: { tasks: [] } });
    expect(await sink.answerTo(2)).toEqual({
      jsonrpc: '2.0',
      id: 2,
      error: {
        code: -32003,
        message:
          'This request needs the scope(s) tasks:create; ask the authorization server for a token that grants them, along with the ones it has: tasks:read',
        data: {
          reason: 'INSUFFICIENT_SCOPE',
          requiredScopes: ['tasks:create'],
          scopes: ['tasks:create', 'tasks:read'],
        },
      },
    });
  });

  it('refuses a request over the rate budget in-band, each request paying its own way', async () => {
    const limiter = new FixedBudgets({ requests: 2 }, 1500);
    const { connection, sink } = world({ limiter });
    await connection.receive(
      bodyOf([
        aRequest('ping', undefined, 1),
        aRequest('ping', undefined, 2),
        aRequest('ping', undefined, 3),
      ]),
    );
    expect(await sink.answerTo(1)).toMatchObject({ result: {} });
    expect(await sink.answerTo(2)).toMatchObject({ result: {} });
    expect(await sink.answerTo(3)).toEqual({
      jsonrpc: '2.0',
      id: 3,
      error: {
        code: -32008,
        message: 'Rate limit reached: at most 2 requests per second per user; retry in 1500 ms',
        data: { reason: 'RATE_LIMITED', retryAfterMs: 1500 },
      },
    });
    expect(limiter.spent).toEqual([
      { budget: 'requests', points: 1 },
      { budget: 'requests', points: 1 },
      { budget: 'requests', points: 1 },
    ]);
  });

  it('answers a request refused when classified without spending on it', async () => {
    const limiter = new FixedBudgets({ requests: 10 });
    const { connection, sink } = world({ limiter });
    await connection.receive(bodyOf(aRequest('ping', { _meta: 'not an object' }, 4)));
    expect(await sink.answerTo(4)).toMatchObject({ error: { code: -32602 } });
    expect(limiter.spent).toEqual([]);
  });

  it('serves each request in the request context the transport names', async () => {
    const { connection, probe } = world();
    await connection.receive(bodyOf(aRequest('test/probe', {}, 'p')));
    await probe.called();
    expect(probe.calls[0]!.context).toEqual({ requestId: 'text-p', clientAddress: 'test' });
  });

  it('answers what is in flight "Connection closed" when closed, and tells its listeners', async () => {
    const { connection, sink, probe } = world();
    const closed: string[] = [];
    connection.onClose(() => closed.push('closed'));
    await connection.receive(bodyOf(aRequest('test/probe', {}, 'p')));
    await probe.called();
    connection.close();
    expect(sink.sent).toEqual([
      { jsonrpc: '2.0', id: 'p', error: { code: -32000, message: 'Connection closed' } },
    ]);
    expect(closed).toEqual(['closed']);
  });

  it('serves a request whose _meta names 2026-07-28 in that version, beside 2025-11-25 ones', async () => {
    const { connection, sink } = world();
    await connection.receive(bodyOf(aRequest('server/discover', { _meta: meta2026() }, 'modern')));
    await connection.receive(bodyOf(aRequest('ping', {}, 'legacy')));
    expect(await sink.answerTo('modern')).toMatchObject({
      result: { resultType: 'complete', supportedVersions: expect.arrayContaining(['2026-07-28']) },
    });
    expect(await sink.answerTo('legacy')).toEqual({ jsonrpc: '2.0', id: 'legacy', result: {} });
  });

  it('sends what a 2026-07-28 request relates ahead of its answer, and nothing once the client cancels it', async () => {
    const { connection, sink } = world();
    const filter = { notifications: {} };
    await connection.receive(
      bodyOf(aRequest('subscriptions/listen', { ...filter, _meta: meta2026() }, 'l1')),
    );
    await flushAsync();
    expect(sink.sent).toEqual([
      {
        jsonrpc: '2.0',
        method: 'notifications/subscriptions/acknowledged',
        params: { _meta: { 'io.modelcontextprotocol/subscriptionId': 'l1' }, notifications: {} },
      },
    ]);
    await connection.receive(bodyOf(aNotification('notifications/cancelled', { requestId: 'l1' })));
    await connection.receive(bodyOf(aRequest('ping', {}, 'after')));
    await sink.answerTo('after');
    await flushAsync();
    expect(sink.sent.filter((message) => 'id' in message && message.id === 'l1')).toEqual([]);
  });

  it('refuses a 2026-07-28 request inside a batch, as HTTP does, and serves the rest of it', async () => {
    const { connection, sink } = world();
    await connection.receive(
      bodyOf([
        aRequest('server/discover', { _meta: meta2026() }, 'modern'),
        aRequest('ping', {}, 'legacy'),
      ]),
    );
    expect(await sink.answerTo('modern')).toMatchObject({
      error: { code: -32600, message: expect.stringContaining('never in a batch') },
    });
    expect(await sink.answerTo('legacy')).toMatchObject({ result: {} });
  });
});
