import { notification } from '../../../../src/adapters/mcp/json-rpc/messages.js';
import { RunningRequest } from '../../../../src/adapters/mcp/link/running-request.js';
import { StandaloneRequest } from '../../../../src/adapters/mcp/link/standalone-request.js';
import { PROTOCOL_2026 } from '../../../../src/adapters/mcp/protocol-versions.js';
import { aRequestMeta } from '../../../support/mcp-methods.js';
import { RecordingExchange } from '../../../support/recording-exchange.js';
import { aPrincipal } from '../../../support/task-mother.js';

const alice = aPrincipal('alice');

describe('StandaloneRequest', () => {
  it('is a 2026-07-28 scope named by the client id, relating messages while its answer is owed', () => {
    const exchange = new RecordingExchange();
    const running = new RunningRequest('listen-1', exchange);
    const meta = aRequestMeta({ tasks: true });
    const scope = new StandaloneRequest(running, alice, meta);
    expect(scope).toMatchObject({ version: PROTOCOL_2026, principal: alice, meta });
    expect(scope.requestId).toBe('listen-1');
    const first = notification('notifications/subscriptions/acknowledged', {});
    scope.relate(first);
    expect(exchange.related).toEqual([first]);
  });

  it('sends nothing more once cancelled, and its signal says so', () => {
    const exchange = new RecordingExchange();
    const running = new RunningRequest(3, exchange);
    const scope = new StandaloneRequest(running, alice, aRequestMeta());
    running.cancel('The client cancelled the request');
    scope.relate(notification('notifications/tasks', {}));
    expect(exchange.related).toEqual([]);
    expect(scope.signal.aborted).toBe(true);
  });
});
