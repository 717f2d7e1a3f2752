import 'reflect-metadata';
import { callTool, READ_TASKS } from '../../../../src/application/policy/access-policy.js';
import type {
  InboundMessage,
  InboundRequest,
} from '../../../../src/adapters/mcp/inbound/inbound-message.js';
import { MessageClassifier } from '../../../../src/adapters/mcp/inbound/message-classifier.js';
import { RpcError } from '../../../../src/adapters/mcp/json-rpc/rpc-error.js';
import {
  META_2026,
  PROTOCOL_2025,
  PROTOCOL_2026,
  TASKS_EXTENSION,
  VERSION_BY_META,
  type WireVersion,
} from '../../../../src/adapters/mcp/protocol-versions.js';
import { aNotification, aRequest, bodyOf, meta2026 } from '../../../support/inbound.js';
import { testContainer } from '../../../support/test-container.js';

const classifier = testContainer().container.get(MessageClassifier);

/** The one message of `value`, classified as `version` would be. */
function classified(value: unknown, version: WireVersion = PROTOCOL_2025): InboundMessage {
  const body = classifier.classify(bodyOf(value), version);
  expect(body.messages).toHaveLength(1);
  return body.messages[0]!;
}

function request(value: unknown, version: WireVersion = PROTOCOL_2025): InboundRequest {
  const message = classified(value, version);
  if (message.kind !== 'request') throw new Error(`not a request: ${message.kind}`);
  return message;
}

/** A request's refusal as the wire shows it, or undefined when it is served. */
function refusalOf(value: unknown, version: WireVersion = PROTOCOL_2025) {
  const { refusal } = request(value, version);
  return refusal && { ...refusal.toJson(), malformed: refusal.malformed };
}

/** An invalid message's id and error, as the wire shows them. */
function invalidOf(value: unknown) {
  const message = classified(value);
  if (message.kind !== 'invalid') throw new Error(`not invalid: ${message.kind}`);
  return { id: message.id, ...message.error.toJson(), malformed: message.error.malformed };
}

const invalidRequest = (id: string | number | null, detail: string) => ({
  id,
  code: -32600,
  message: `Invalid Request: ${detail}`,
  malformed: true,
});

describe('MessageClassifier', () => {
  describe('the kind of each message', () => {
    it('classifies a request with its method entry, its params as read and nothing refused', () => {
      const classifiedRequest = request(aRequest('tasks/get', { taskId: 'task-1' }, 'r1'));
      expect(classifiedRequest).toMatchObject({
        kind: 'request',
        id: 'r1',
        method: 'tasks/get',
        params: 'task-1',
        operation: READ_TASKS,
        creates: 0,
        routed: 'task-1',
      });
      expect(classifiedRequest.entry?.name).toBe('tasks/get');
      expect(classifiedRequest.refusal).toBeUndefined();
      expect(classifiedRequest.metaVersion).toBeUndefined();
      expect(classifiedRequest.meta).toBeUndefined();
    });

    it('classifies a message without an id as a notification, with its params', () => {
      expect(
        classified(aNotification('notifications/cancelled', { requestId: 3, reason: 'x' })),
      ).toEqual({
        kind: 'notification',
        method: 'notifications/cancelled',
        params: { requestId: 3, reason: 'x' },
      });
      expect(classified(aNotification('notifications/initialized'))).toEqual({
        kind: 'notification',
        method: 'notifications/initialized',
        params: {},
      });
    });

    it('takes a notification for a method nobody serves, since it gets no answer anyway', () => {
      expect(classified(aNotification('no/such/method')).kind).toBe('notification');
    });

    it('classifies a reply with a result', () => {
      expect(classified({ jsonrpc: '2.0', id: 4, result: { action: 'accept' } })).toEqual({
        kind: 'reply',
        id: 4,
        result: { action: 'accept' },
      });
    });

    it('classifies a reply with an error, its data kept', () => {
      const reply = {
        jsonrpc: '2.0',
        id: 5,
        error: { code: -32601, message: 'Method not found', data: { why: 'no' } },
      };
      expect(classified(reply)).toEqual({
        kind: 'reply',
        id: 5,
        error: { code: -32601, message: 'Method not found', data: { why: 'no' } },
      });
      const nullId = { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } };
      expect(classified(nullId)).toMatchObject({ kind: 'reply', id: null });
    });

    it('refuses a reply that is not one: no id, a result that is not an object, a bad error', () => {
      expect(invalidOf({ jsonrpc: '2.0', result: {} })).toEqual(
        invalidRequest(null, 'a result needs an id and an object result'),
      );
      expect(invalidOf({ jsonrpc: '2.0', id: 1, result: 'done' })).toEqual(
        invalidRequest(null, 'a result needs an id and an object result'),
      );
      expect(invalidOf({ jsonrpc: '2.0', id: 1, error: 'bad' })).toEqual(
        invalidRequest(null, 'an error needs an integer code'),
      );
      expect(invalidOf({ jsonrpc: '2.0', id: 1, error: { code: 1.5, message: 'm' } })).toEqual(
        invalidRequest(null, 'an error needs an integer code'),
      );
      expect(invalidOf({ jsonrpc: '2.0', id: 1, error: { code: 1 } })).toEqual(
        invalidRequest(null, 'an error needs a message'),
      );
      expect(invalidOf({ jsonrpc: '2.0', id: 1.5, error: { code: 1, message: 'm' } })).toEqual(
        invalidRequest(null, 'an error needs an integer code'),
      );
    });

    it('refuses a reply with members a reply has not, under its id', () => {
      expect(invalidOf({ jsonrpc: '2.0', id: 6, result: {}, extra: 1 })).toEqual(
        invalidRequest(6, "unexpected member 'extra'"),
      );
      expect(
        invalidOf({ jsonrpc: '2.0', id: 7, error: { code: 1, message: 'm' }, result: {} }),
      ).toEqual(invalidRequest(7, "unexpected member 'error'"));
    });

    it('refuses a message that has neither method, result nor error, under its id', () => {
      expect(invalidOf({ jsonrpc: '2.0', id: 8 })).toEqual(
        invalidRequest(8, 'a message needs a method, a result or an error'),
      );
    });

    it('refuses what is not an object under a null id', () => {
      for (const value of ['3', '"text"', 'null', 'true']) {
        expect(invalidOf(value)).toEqual(
          invalidRequest(null, 'a JSON-RPC message must be an object'),
        );
      }
    });

    it('refuses a message without jsonrpc "2.0", keeping its id', () => {
      expect(invalidOf({ id: 9, method: 'ping' })).toEqual(
        invalidRequest(9, 'jsonrpc must be "2.0"'),
      );
      expect(invalidOf({ jsonrpc: '1.0', id: 'a', method: 'ping' })).toEqual(
        invalidRequest('a', 'jsonrpc must be "2.0"'),
      );
    });
  });

  describe('the envelope of a request', () => {
    it('refuses an id it may not echo, under a null id', () => {
      const detail = 'id must be a string of at most 256 characters or an integer';
      for (const id of ['i'.repeat(257), 1.5, null, { n: 1 }, true]) {
        expect(invalidOf({ jsonrpc: '2.0', id, method: 'ping' })).toEqual(
          invalidRequest(null, detail),
        );
      }
      expect(request(aRequest('ping', undefined, 'i'.repeat(256))).id).toBe('i'.repeat(256));
    });

    it('refuses a method that is not a string or is too long, under its id', () => {
      expect(invalidOf({ jsonrpc: '2.0', id: 1, method: 7 })).toEqual(
        invalidRequest(1, 'method must be a string'),
      );
      expect(invalidOf(aRequest('m'.repeat(129), undefined, 2))).toEqual(
        invalidRequest(2, 'method is longer than 128 characters'),
      );
      expect(request(aRequest('m'.repeat(128), undefined, 3)).kind).toBe('request');
    });

    it('refuses params that are not an object, under its id', () => {
      for (const params of [[1, 2], 'p', null, 4]) {
        expect(invalidOf({ jsonrpc: '2.0', id: 3, method: 'ping', params })).toEqual(
          invalidRequest(3, 'params must be an object'),
        );
      }
    });

    it('refuses members a request has not, naming the first (cut short)', () => {
      expect(invalidOf({ ...aRequest('ping', undefined, 4), extra: true })).toEqual(
        invalidRequest(4, "unexpected member 'extra'"),
      );
      expect(invalidOf({ ...aRequest('ping', undefined, 5), ['x'.repeat(100)]: 1 })).toEqual(
        invalidRequest(5, `unexpected member '${'x'.repeat(64)}...'`),
      );
    });

    it('refuses a request whose _meta is not an object with malformed -32602, so it is answered', () => {
      for (const meta of ['meta', 3, [], null]) {
        expect(refusalOf(aRequest('ping', { _meta: meta }))).toEqual({
          code: -32602,
          message: 'Invalid params: params._meta must be an object',
          malformed: true,
        });
      }
    });

    it('records a progress token that is a bounded string or an integer', () => {
      expect(
        request(aRequest('ping', { _meta: { progressToken: 'p'.repeat(256) } })).progressToken,
      ).toBe('p'.repeat(256));
      expect(request(aRequest('ping', { _meta: { progressToken: 17 } })).progressToken).toBe(17);
      expect(request(aRequest('ping', { _meta: {} })).progressToken).toBeUndefined();
    });

    it('refuses a progress token that is an object, a fraction or too long', () => {
      const refused = {
        code: -32602,
        message:
          'Invalid params: params._meta.progressToken must be a string of at most 256 characters or an integer',
        malformed: true,
      };
      for (const progressToken of [{ a: 1 }, 1.5, 'p'.repeat(257), null]) {
        expect(refusalOf(aRequest('ping', { _meta: { progressToken } }))).toEqual(refused);
      }
    });

    it('refuses a _meta whose strings and keys together pass the limit', () => {
      // The key (one character) counts with its value.
      expect(refusalOf(aRequest('ping', { _meta: { k: 'x'.repeat(16 * 1024 - 1) } }))).toBe(
        undefined,
      );
      expect(refusalOf(aRequest('ping', { _meta: { k: 'x'.repeat(16 * 1024) } }))).toEqual({
        code: -32602,
        message: 'Invalid params: params._meta is larger than 16384 characters',
        malformed: true,
      });
      const manyKeys = Object.fromEntries(
        Array.from({ length: 1000 }, (_, i) => [`key-${String(i).padStart(12, '0')}`, 'v']),
      );
      expect(refusalOf(aRequest('ping', { _meta: { nested: manyKeys } }))?.message).toBe(
        'Invalid params: params._meta is larger than 16384 characters',
      );
    });

    it('refuses a method nobody serves with -32601, keeping no entry', () => {
      const refused = request(aRequest('no/such/method', {}, 11));
      expect(refused.refusal?.toJson()).toEqual({
        code: -32601,
        message: 'Method not found: no/such/method',
      });
      expect(refused.entry).toBeUndefined();
      expect(refused.operation).toBeUndefined();
      expect(refused.creates).toBe(0);
    });

    it("looks a method up as the table's own entry, never one an object inherits", () => {
      for (const method of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
        expect(refusalOf(aRequest(method))?.code).toBe(-32601);
      }
    });

    it('refuses params the method cannot read, with its own -32602', () => {
      const refused = request(aRequest('tools/call', { name: 5 }));
      expect(refused.refusal?.toJson()).toEqual({
        code: -32602,
        message: 'Invalid tools/call request: params.name must be a string',
      });
      expect(refused.entry?.name).toBe('tools/call');
      expect(refused.params).toBeUndefined();
    });

    it('records the scoped operation and the task creations of a tools/call', () => {
      const call = request(aRequest('tools/call', { name: 'wait', arguments: {}, task: {} }));
      expect(call).toMatchObject({
        operation: callTool('wait'),
        creates: 1,
        routed: 'wait',
        params: { name: 'wait', args: {}, task: {} },
      });
    });

    it('records no operation for a method that needs no scope', () => {
      expect(request(aRequest('ping')).operation).toBeUndefined();
      expect(request(aRequest('tools/list')).operation).toBeUndefined();
    });
  });

  describe('2026-07-28', () => {
    it('records what the request says of its client, its routing field and its meta version', () => {
      const capabilities = { extensions: { [TASKS_EXTENSION]: {} } };
      const call = request(
        aRequest('tools/call', { name: 'wait', arguments: {}, _meta: meta2026(capabilities) }),
        PROTOCOL_2026,
      );
      expect(call).toMatchObject({
        kind: 'request',
        routed: 'wait',
        metaVersion: PROTOCOL_2026,
        creates: 1,
        operation: callTool('wait'),
        meta: { protocolVersion: PROTOCOL_2026, declaresTasks: true, elicits: false },
      });
      expect(call.refusal).toBeUndefined();
    });

    it('refuses a request without _meta as malformed -32602', () => {
      const refused = request(aRequest('tools/list', {}), PROTOCOL_2026);
      expect(refused.refusal?.toJson()).toEqual({
        code: -32602,
        message: 'Invalid params: params._meta is required',
      });
      expect(refused.refusal?.malformed).toBe(true);
      expect('metaVersion' in refused).toBe(true);
      expect(refused.metaVersion).toBeUndefined();
    });

    it('refuses a _meta without the protocol version or the capabilities as malformed -32602', () => {
      const withoutVersion = { [META_2026.clientCapabilities]: {} };
      expect(refusalOf(aRequest('tools/list', { _meta: withoutVersion }), PROTOCOL_2026)).toEqual({
        code: -32602,
        message: `Invalid params: params._meta["${META_2026.protocolVersion}"] must be a string`,
        malformed: true,
      });
      const withoutCapabilities = { [META_2026.protocolVersion]: PROTOCOL_2026 };
      expect(
        refusalOf(aRequest('tools/list', { _meta: withoutCapabilities }), PROTOCOL_2026),
      ).toEqual({
        code: -32602,
        message: `Invalid params: params._meta["${META_2026.clientCapabilities}"] must be an object`,
        malformed: true,
      });
    });

    it('records the meta version as sent, even on a request it refuses', () => {
      const meta = { [META_2026.protocolVersion]: '2025-11-25' };
      const refused = request(aRequest('tasks/get', { taskId: 't', _meta: meta }), PROTOCOL_2026);
      expect(refused.metaVersion).toBe('2025-11-25');
      expect(refused.routed).toBe('t');
      expect(refused.refusal?.code).toBe(-32602);
    });

    it('refuses a method the version does not serve with -32601, keeping its entry', () => {
      const refused = request(
        aRequest('tasks/result', { taskId: 't', _meta: meta2026() }),
        PROTOCOL_2026,
      );
      expect(refused.refusal?.toJson()).toEqual({
        code: -32601,
        message: 'Method not found: tasks/result',
      });
      expect(refused.entry?.name).toBe('tasks/result');
      expect(refusalOf(aRequest('ping', { _meta: meta2026() }), PROTOCOL_2026)?.code).toBe(-32601);
      expect(refusalOf(aRequest('initialize', { _meta: meta2026() }), PROTOCOL_2026)?.code).toBe(
        -32601,
      );
    });

    it('and the other way: a 2026-07-28 method is not served to 2025-11-25', () => {
      expect(refusalOf(aRequest('server/discover', {}))?.code).toBe(-32601);
      expect(refusalOf(aRequest('tasks/update', { taskId: 't' }))?.code).toBe(-32601);
    });
  });

  describe('by meta (stdio and in-process: no header names the version)', () => {
    const byMeta = (value: unknown): InboundRequest => {
      const [message] = classifier.classify(bodyOf(value), VERSION_BY_META).messages;
      if (message?.kind !== 'request') throw new Error('not a request');
      return message;
    };

    it('serves a request whose _meta names the protocol version as 2026-07-28', () => {
      const modern = byMeta(aRequest('server/discover', { _meta: meta2026() }));
      expect(modern.wire).toBe(PROTOCOL_2026);
      expect(modern.refusal).toBeUndefined();
      expect(modern.meta?.protocolVersion).toBe(PROTOCOL_2026);
    });

    it('serves any other request as 2025-11-25, a progress token in its _meta included', () => {
      const legacy = byMeta(aRequest('ping', { _meta: { progressToken: 1 } }));
      expect(legacy.wire).toBe(PROTOCOL_2025);
      expect(legacy.refusal).toBeUndefined();
      expect(byMeta(aRequest('tools/list')).wire).toBe(PROTOCOL_2025);
      expect(byMeta(aRequest('server/discover', {})).refusal?.code).toBe(-32601);
    });

    it('refuses a version it does not serve per request with -32022, naming those it serves', () => {
      const named = {
        [META_2026.protocolVersion]: '2099-01-01',
        [META_2026.clientCapabilities]: {},
      };
      const refused = byMeta(aRequest('tools/list', { _meta: named }));
      expect(refused.wire).toBe(PROTOCOL_2026);
      expect(refused.refusal?.toJson()).toMatchObject({
        code: -32022,
        data: { requested: '2099-01-01', supported: expect.arrayContaining([PROTOCOL_2026]) },
      });
      const mistyped = { ...named, [META_2026.protocolVersion]: 7 };
      expect(byMeta(aRequest('tools/list', { _meta: mistyped })).refusal?.code).toBe(-32602);
    });
  });

  describe('bodies', () => {
    it('classifies each message of a batch on its own', () => {
      const body = classifier.classify(
        bodyOf([
          aRequest('ping', undefined, 1),
          aNotification('notifications/initialized'),
          { jsonrpc: '2.0', id: 2, result: {} },
          4,
          [aRequest('ping', undefined, 9)],
          aRequest('no/such', undefined, 3),
        ]),
        PROTOCOL_2025,
      );
      expect(body.batch).toBe(true);
      expect(body.messages.map((message) => message.kind)).toEqual([
        'request',
        'notification',
        'reply',
        'invalid',
        'invalid',
        'request',
      ]);
      expect((body.messages[5] as InboundRequest).refusal?.code).toBe(-32601);
    });

    it('turns a message the reader refused into an invalid message with its id', () => {
      const message = classified(
        '{"jsonrpc":"2.0","id":12,"method":"ping","params":{"__proto__":{}}}',
      );
      expect(message).toMatchObject({ kind: 'invalid', id: 12 });
      expect(message.kind === 'invalid' && message.error.code).toBe(-32602);
    });

    it('throws the RpcError of a body that is not readable at all', () => {
      expect(() => classifier.classify(bodyOf('{'), PROTOCOL_2025)).toThrow(RpcError);
      expect(() => classifier.classify(bodyOf('[]'), PROTOCOL_2025)).toThrow('an empty batch');
    });
  });
});
