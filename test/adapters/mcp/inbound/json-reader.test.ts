import {
  loneMessageId,
  readableId,
  readMessages,
} from '../../../../src/adapters/mcp/inbound/json-reader.js';
import { RpcError } from '../../../../src/adapters/mcp/json-rpc/rpc-error.js';
import { aRequest, bodyOf, nestedArrays, someLimits } from '../../../support/inbound.js';

const limits = someLimits({ maxDepth: 8, maxKeysPerObject: 4, maxBatchSize: 3, maxIdLength: 10 });

/** The RpcError `read` throws, as the wire would show it. */
function thrownBy(read: () => unknown): { code: number; message: string; malformed: boolean } {
  try {
    read();
  } catch (error) {
    if (!(error instanceof RpcError)) throw error;
    return { code: error.code, message: error.message, malformed: error.malformed };
  }
  throw new Error('nothing was thrown');
}

/** A message's refusal as the wire would show it, with the id it keeps. */
function refusal(message: unknown) {
  if (typeof message !== 'object' || message === null || !('refusal' in message)) {
    throw new Error(`not a refusal: ${JSON.stringify(message)}`);
  }
  const { refusal: error, id } = message as { refusal: RpcError; id: unknown };
  return { id, ...error.toJson(), malformed: error.malformed };
}

/** A request with `levels` arrays nested in its params (the message and params add two). */
function deepRequest(id: unknown, levels: number): string {
  return `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"method":"x","params":{"a":${nestedArrays(levels)}}}`;
}

describe('readMessages', () => {
  it('reads one message as its JSON value', () => {
    const request = aRequest('ping', undefined, 1);
    expect(readMessages(bodyOf(request), limits)).toEqual({
      batch: false,
      messages: [{ value: request }],
    });
  });

  it('reads a batch as its members, whatever they are', () => {
    const body = bodyOf([aRequest('ping', undefined, 1), 3, 'text']);
    expect(readMessages(body, limits)).toEqual({
      batch: true,
      messages: [{ value: aRequest('ping', undefined, 1) }, { value: 3 }, { value: 'text' }],
    });
  });

  it('reads the bytes of a view into a larger buffer, not the buffer around them', () => {
    const whole = Buffer.from('xx{"id":1}yy');
    const view = new Uint8Array(whole.buffer, whole.byteOffset + 2, 8);
    expect(readMessages(view, limits).messages).toEqual([{ value: { id: 1 } }]);
  });

  it('refuses a body that is not JSON with -32700', () => {
    const parseError = {
      code: -32700,
      message: 'Parse error: the request body is not valid JSON',
      malformed: true,
    };
    expect(thrownBy(() => readMessages(bodyOf('{"id":1,'), limits))).toEqual(parseError);
    expect(thrownBy(() => readMessages(bodyOf(''), limits))).toEqual(parseError);
    expect(thrownBy(() => readMessages(bodyOf('[{"id":1},'), limits))).toEqual(parseError);
  });

  it('refuses an empty batch with -32600', () => {
    expect(thrownBy(() => readMessages(bodyOf(' [ ] '), limits))).toEqual({
      code: -32600,
      message: 'Invalid Request: an empty batch',
      malformed: true,
    });
  });

  it('refuses a batch of more messages than allowed with -32600, before parsing it', () => {
    const refused = {
      code: -32600,
      message: 'Invalid Request: a batch must not exceed 3 messages',
      malformed: true,
    };
    expect(thrownBy(() => readMessages(bodyOf([1, 2, 3, 4]), limits))).toEqual(refused);
    // Not valid JSON either: the count is what is refused, so nothing parsed it.
    expect(thrownBy(() => readMessages(bodyOf('[1,2,3,4,'), limits))).toEqual(refused);
    expect(readMessages(bodyOf([1, 2, 3]), limits).messages).toHaveLength(3);
  });

  it('takes a message nested to the limit', () => {
    const [message] = readMessages(bodyOf(deepRequest(1, 6)), limits).messages;
    expect(message).toHaveProperty('value');
  });

  it('refuses a message nested past the limit with -32602 and its id, without parsing it', () => {
    const read = readMessages(bodyOf(deepRequest('deep-1', 7)), limits);
    expect(read.batch).toBe(false);
    expect(read.messages.map(refusal)).toEqual([
      {
        id: 'deep-1',
        code: -32602,
        message: 'Invalid params: the message is nested deeper than 8 levels',
        malformed: true,
      },
    ]);
    // Brackets that never close are not JSON: a parse would have answered -32700.
    const unclosed = `{"jsonrpc":"2.0","id":42,"params":${'['.repeat(100_000)}`;
    expect(readMessages(bodyOf(unclosed), limits).messages.map(refusal)).toEqual([
      expect.objectContaining({ id: 42, code: -32602 }),
    ]);
  });

  it('refuses a message nested too deep under a null id when its id cannot be echoed', () => {
    const ids = [
      'x'.repeat(11), // longer than maxIdLength
      1.5,
      { nested: 1 },
      null,
    ];
    for (const id of ids) {
      const [message] = readMessages(bodyOf(deepRequest(id, 7)), limits).messages;
      expect(refusal(message).id).toBeNull();
    }
    const withoutId = `{"jsonrpc":"2.0","method":"x","params":${nestedArrays(9)}}`;
    expect(refusal(readMessages(bodyOf(withoutId), limits).messages[0]).id).toBeNull();
  });

  it('reads the id of a message too deep the way JSON does: escapes and the limit in characters', () => {
    const escaped = `{"id":"a\\"b\\\\c","p":${nestedArrays(9)}}`;
    expect(refusal(readMessages(bodyOf(escaped), limits).messages[0]).id).toBe('a"b\\c');
    const longest = `{"id":"${'y'.repeat(10)}","p":${nestedArrays(9)}}`;
    expect(refusal(readMessages(bodyOf(longest), limits).messages[0]).id).toBe('y'.repeat(10));
  });

  it('in a batch, refuses only the message nested too deep and reads the others', () => {
    const body = `[${JSON.stringify(aRequest('ping', undefined, 1))},${deepRequest(2, 7)},7]`;
    const read = readMessages(bodyOf(body), limits);
    expect(read.batch).toBe(true);
    expect(read.messages[0]).toEqual({ value: aRequest('ping', undefined, 1) });
    expect(refusal(read.messages[1])).toEqual(expect.objectContaining({ id: 2, code: -32602 }));
    expect(read.messages[2]).toEqual({ value: 7 });
  });

  it('refuses an object with more members than allowed, keeping the id', () => {
    const wide = aRequest('x', { a: 1, b: 2, c: 3, d: 4, e: 5 }, 'w');
    expect(readMessages(bodyOf(wide), limits).messages.map(refusal)).toEqual([
      {
        id: 'w',
        code: -32602,
        message: 'Invalid params: an object (at params) has 5 members; the limit is 4',
        malformed: true,
      },
    ]);
    const atTop = { jsonrpc: '2.0', id: 2, method: 'x', params: {}, extra: true };
    expect(refusal(readMessages(bodyOf(atTop), limits).messages[0]).message).toBe(
      'Invalid params: an object has 5 members; the limit is 4',
    );
    const justFits = aRequest('x', { a: 1, b: 2, c: 3, d: 4 }, 3);
    expect(readMessages(bodyOf(justFits), limits).messages).toEqual([{ value: justFits }]);
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    "refuses the key '%s' wherever it appears, keeping the id",
    (key) => {
      const places: [string, string][] = [
        [`{"jsonrpc":"2.0","id":1,"method":"x","${key}":{}}`, ''],
        [`{"jsonrpc":"2.0","id":1,"method":"x","params":{"${key}":{"polluted":true}}}`, 'params'],
        [
          `{"jsonrpc":"2.0","id":1,"method":"x","params":{"list":[0,{"a":{"${key}":1}}]}}`,
          'params.list[1].a',
        ],
      ];
      for (const [text, path] of places) {
        const where = path === '' ? '' : ` (at ${path})`;
        expect(readMessages(bodyOf(text), limits).messages.map(refusal)).toEqual([
          {
            id: 1,
            code: -32602,
            message: `Invalid params: the key '${key}'${where} is not allowed`,
            malformed: true,
          },
        ]);
      }
    },
  );

  it('names where a forbidden key is, cut short when the path is long', () => {
    const longKey = 'k'.repeat(200);
    const text = `{"id":1,"params":{"${longKey}":{"__proto__":1}}}`;
    const message = refusal(readMessages(bodyOf(text), limits).messages[0]).message;
    expect(message).toBe(
      `Invalid params: the key '__proto__' (at params.${'k'.repeat(89)}...) is not allowed`,
    );
  });

  it('keeps a null id for a refused message whose id cannot be echoed', () => {
    const text = `{"id":"${'z'.repeat(11)}","__proto__":1}`;
    expect(refusal(readMessages(bodyOf(text), limits).messages[0]).id).toBeNull();
    expect(refusal(readMessages(bodyOf('[{"constructor":1}]'), limits).messages[0]).id).toBeNull();
  });

  it('in a batch, refuses only the bad message and reads the others', () => {
    const good = aRequest('ping', undefined, 1);
    const body = `[${JSON.stringify(good)},{"jsonrpc":"2.0","id":2,"params":{"prototype":0}},"x"]`;
    const read = readMessages(bodyOf(body), limits);
    expect(read.messages[0]).toEqual({ value: good });
    expect(refusal(read.messages[1])).toEqual(
      expect.objectContaining({ id: 2, code: -32602, malformed: true }),
    );
    expect(read.messages[2]).toEqual({ value: 'x' });
  });

  it('takes the words __proto__, constructor and prototype as values', () => {
    const request = aRequest('x', { name: '__proto__', list: ['constructor', 'prototype'] }, 1);
    expect(readMessages(bodyOf(request), limits).messages).toEqual([{ value: request }]);
  });
});

describe('readableId', () => {
  const bounds = someLimits({ maxIdLength: 4 });

  it('takes a string id up to the limit and an integer id within the safe range', () => {
    expect(readableId('abcd', bounds)).toBe('abcd');
    expect(readableId('', bounds)).toBe('');
    expect(readableId(0, bounds)).toBe(0);
    expect(readableId(-7, bounds)).toBe(-7);
    expect(readableId(Number.MAX_SAFE_INTEGER, bounds)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('gives null for any id it may not echo', () => {
    for (const id of ['abcde', 2 ** 53, 1.5, Number.NaN, null, true, {}, [1], undefined]) {
      expect(readableId(id, bounds)).toBeNull();
    }
  });
});

describe('loneMessageId', () => {
  it("is the id of a body's only request", () => {
    expect(loneMessageId(bodyOf(aRequest('ping', undefined, 'only')), limits)).toBe('only');
    expect(loneMessageId(bodyOf(aRequest('ping', undefined, 9)), limits)).toBe(9);
  });

  it('is the id of a lone message refused for its shape', () => {
    expect(loneMessageId(bodyOf(deepRequest(5, 9)), limits)).toBe(5);
    expect(loneMessageId(bodyOf('{"id":6,"params":{"__proto__":{}}}'), limits)).toBe(6);
  });

  it('is null for a batch, a body that cannot be read, and a message without a readable id', () => {
    expect(loneMessageId(bodyOf([aRequest('ping', undefined, 1)]), limits)).toBeNull();
    expect(loneMessageId(bodyOf('{"id":1'), limits)).toBeNull();
    expect(loneMessageId(bodyOf('[]'), limits)).toBeNull();
    expect(loneMessageId(bodyOf({ jsonrpc: '2.0', method: 'n' }), limits)).toBeNull();
    expect(loneMessageId(bodyOf({ id: 'x'.repeat(11) }), limits)).toBeNull();
    expect(loneMessageId(bodyOf('"id"'), limits)).toBeNull();
  });
});
