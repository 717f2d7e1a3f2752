import { LOGGER, type LogFields } from '../../../../src/application/ports/logger.js';
import { TaskNotFoundError } from '../../../../src/domain/index.js';
import type { InboundRequest } from '../../../../src/adapters/mcp/inbound/inbound-message.js';
import { MessageClassifier } from '../../../../src/adapters/mcp/inbound/message-classifier.js';
import { invalidParams } from '../../../../src/adapters/mcp/json-rpc/error-table.js';
import { RpcError } from '../../../../src/adapters/mcp/json-rpc/rpc-error.js';
import { McpDispatcher } from '../../../../src/adapters/mcp/methods/mcp-dispatcher.js';
import type { McpMethod } from '../../../../src/adapters/mcp/methods/mcp-method.js';
import { PROTOCOL_2025 } from '../../../../src/adapters/mcp/protocol-versions.js';
import { aScope2025, aScope2026 } from '../../../support/mcp-methods.js';
import { aPrincipal } from '../../../support/task-mother.js';
import { testContainer } from '../../../support/test-container.js';

const alice = aPrincipal('alice');

/** The real dispatcher, logging into `logged`. */
function dispatcher() {
  const logged: { level: string; message: string; fields?: LogFields }[] = [];
  const record =
    (level: string) =>
    (message: string, fields?: LogFields): void =>
      void logged.push({ level, message, fields });
  const { container } = testContainer();
  container.rebind(LOGGER).toConstantValue({
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  });
  return { dispatch: container.get(McpDispatcher), logged, container };
}

/** An entry that answers which version served it and what it was given. */
const probe: McpMethod = {
  name: 'probe',
  v2025: {
    parse: (params) => params,
    serve: (params, scope) => Promise.resolve({ served: '2025', params, version: scope.version }),
  },
  v2026: {
    parse: (params) => params,
    serve: (params, scope) => Promise.resolve({ served: '2026', params, version: scope.version }),
  },
};

function aRequest(method: string, extra: Partial<InboundRequest> = {}): InboundRequest {
  return { kind: 'request', id: 1, method, wire: PROTOCOL_2025, creates: 0, ...extra };
}

describe('McpDispatcher', () => {
  it("serves a request with its entry's handler for the scope's version, given its parsed params", async () => {
    const { dispatch } = dispatcher();
    const request = aRequest('probe', { entry: probe, params: { read: true } });
    expect(await dispatch.serve(request, aScope2025(alice))).toEqual({
      served: '2025',
      params: { read: true },
      version: '2025-11-25',
    });
    expect(await dispatch.serve(request, aScope2026(alice))).toEqual({
      served: '2026',
      params: { read: true },
      version: '2026-07-28',
    });
  });

  it('answers a refused request with its refusal, running nothing', async () => {
    const { dispatch } = dispatcher();
    const refusal = invalidParams('params.taskId must be a string');
    let served = false;
    const watched: McpMethod = {
      name: 'watched',
      v2025: { parse: () => undefined, serve: () => ((served = true), Promise.resolve({})) },
    };
    await expect(
      dispatch.serve(aRequest('watched', { entry: watched, refusal }), aScope2025(alice)),
    ).rejects.toBe(refusal);
    expect(served).toBe(false);
  });

  it('answers -32601 for a method nobody serves, and for a version its entry lacks', async () => {
    const { dispatch } = dispatcher();
    const only2025: McpMethod = { name: 'tasks/result', v2025: probe.v2025 };
    const only2026: McpMethod = { name: 'tasks/update', v2026: probe.v2026 };
    const cases: [InboundRequest, Parameters<McpDispatcher['serve']>[1], string][] = [
      [aRequest('nope'), aScope2025(alice), 'Method not found: nope'],
      [aRequest('nope'), aScope2026(alice), 'Method not found: nope'],
      [
        aRequest('tasks/result', { entry: only2025 }),
        aScope2026(alice),
        'Method not found: tasks/result',
      ],
      [
        aRequest('tasks/update', { entry: only2026 }),
        aScope2025(alice),
        'Method not found: tasks/update',
      ],
      [aRequest('m'.repeat(100)), aScope2025(alice), `Method not found: ${'m'.repeat(64)}...`],
    ];
    for (const [request, scope, message] of cases) {
      const refusal = await dispatch.serve(request, scope).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(RpcError);
      expect((refusal as RpcError).toJson()).toEqual({ code: -32601, message });
    }
  });

  it('maps an RpcError as it is, and a typed error through the error table', () => {
    const { dispatch, logged } = dispatcher();
    const refusal = new RpcError(-32021, 'Missing required client capability', { x: 1 });
    expect(dispatch.toRpcError(refusal)).toBe(refusal);
    expect(dispatch.toRpcError(new TaskNotFoundError()).toJson()).toEqual({
      code: -32602,
      message: 'Task not found',
      data: { reason: 'NOT_FOUND' },
    });
    expect(logged).toEqual([]);
  });

  it('turns an unexpected error into a bare -32603, logged and never echoed', async () => {
    const { dispatch, logged } = dispatcher();
    const leaky: McpMethod = {
      name: 'leaky',
      v2025: {
        parse: () => undefined,
        serve: () => Promise.reject(new Error('ENOENT /srv/secrets/token-abc123')),
      },
    };
    const failure = await dispatch
      .serve(aRequest('leaky', { entry: leaky }), aScope2025(alice))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    const wire = dispatch.toRpcError(failure).toJson();
    expect(wire).toEqual({ code: -32603, message: 'Internal error' });
    expect(JSON.stringify(wire)).not.toContain('secrets');
    expect(logged).toEqual([
      {
        level: 'error',
        message: 'internal error while handling a request',
        fields: { error: 'ENOENT /srv/secrets/token-abc123' },
      },
    ]);
  });

  it('serves a request as the classifier read it, with the real method table', async () => {
    const { dispatch, container } = dispatcher();
    const body = new TextEncoder().encode(
      JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'ping' }),
    );
    const [request] = container.get(MessageClassifier).classify(body, PROTOCOL_2025).messages;
    expect(request?.kind).toBe('request');
    expect(await dispatch.serve(request as InboundRequest, aScope2025(alice))).toEqual({});
  });
});
