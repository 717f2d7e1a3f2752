import type { IncomingMessage } from 'node:http';
import type { HttpError } from '../../../../src/adapters/http/http-error.js';
import {
  assertPostHeaders,
  assertStreamAccepted,
  decodedHeaderValue,
  protocolVersionOf,
  routingMismatch,
  type RoutedRequest,
} from '../../../../src/adapters/http/streamable/streamable-headers.js';
import { LoopbackServer, sendRequest } from '../../../support/loopback-http.js';

const BOTH = 'application/json, text/event-stream';

let server: LoopbackServer;

beforeAll(async () => {
  server = await LoopbackServer.start();
});

afterAll(() => server.close());

/** What `check` makes of a real request carrying these headers (raw: sent as many lines). */
async function withRequest<T>(
  headers: Record<string, string>,
  check: (req: IncomingMessage) => T,
): Promise<T> {
  const served = server.nextRequest();
  const answer = sendRequest(server.url, { method: 'POST', headers, body: '{}' });
  const { req, res } = await served;
  try {
    return check(req);
  } finally {
    res.end();
    await answer;
  }
}

function refusal(call: () => void): HttpError | undefined {
  try {
    call();
    return undefined;
  } catch (error) {
    return error as HttpError;
  }
}

const base64 = (text: string) => `=?base64?${Buffer.from(text, 'utf8').toString('base64')}?=`;

describe('assertPostHeaders', () => {
  it.each([
    [BOTH, 'application/json'],
    ['text/event-stream;q=0.9, application/json', 'application/json; charset=utf-8'],
    [BOTH, 'Application/JSON'],
  ])('takes Accept %j with Content-Type %j', async (accept, contentType) => {
    const refused = await withRequest({ accept, 'content-type': contentType }, (req) =>
      refusal(() => assertPostHeaders(req)),
    );
    expect(refused).toBeUndefined();
  });

  it.each([['application/json'], ['text/event-stream'], ['*/*']])(
    'answers 406 to Accept %j: a POST must accept both answer forms',
    async (accept) => {
      const refused = await withRequest({ accept, 'content-type': 'application/json' }, (req) =>
        refusal(() => assertPostHeaders(req)),
      );
      expect(refused?.status).toBe(406);
      expect(refused?.message).toBe(
        'Not Acceptable: Client must accept both application/json and text/event-stream',
      );
    },
  );

  it('answers 406 to a POST with no Accept, before looking at its body type', async () => {
    const refused = await withRequest({ 'content-type': 'text/plain' }, (req) =>
      refusal(() => assertPostHeaders(req)),
    );
    expect(refused?.status).toBe(406);
  });

  it.each([['text/plain'], ['application/json-seq'], ['application/jsonx; charset=utf-8']])(
    'answers 415 to Content-Type %j',
    async (contentType) => {
      const refused = await withRequest({ accept: BOTH, 'content-type': contentType }, (req) =>
        refusal(() => assertPostHeaders(req)),
      );
      expect(refused?.status).toBe(415);
      expect(refused?.message).toBe(
        'Unsupported Media Type: Content-Type must be application/json',
      );
    },
  );

  it('answers 415 to a POST that says nothing of its body type', () => {
    const req = { headers: { accept: BOTH } } as IncomingMessage;
    expect(refusal(() => assertPostHeaders(req))?.status).toBe(415);
  });
});

describe('assertStreamAccepted', () => {
  it('takes a GET that accepts an event stream, and answers 406 to one that does not', async () => {
    const [taken, refused] = await withRequest({ accept: 'text/event-stream' }, (req) => [
      refusal(() => assertStreamAccepted(req)),
      refusal(() => assertStreamAccepted({ headers: { accept: 'application/json' } } as never)),
    ]);
    expect(taken).toBeUndefined();
    expect(refused?.status).toBe(406);
    expect(refused?.message).toBe('Not Acceptable: Client must accept text/event-stream');
  });
});

describe('protocolVersionOf', () => {
  it('is the MCP-Protocol-Version header, or undefined without one', async () => {
    expect(
      await withRequest({ 'MCP-Protocol-Version': '2025-11-25' }, (req) => protocolVersionOf(req)),
    ).toBe('2025-11-25');
    expect(await withRequest({}, (req) => protocolVersionOf(req))).toBeUndefined();
  });
});

describe('decodedHeaderValue', () => {
  it('keeps a plain value as it is', () => {
    expect(decodedHeaderValue('count_primes')).toBe('count_primes');
    expect(decodedHeaderValue('=?base64x?abcd?=')).toBe('=?base64x?abcd?=');
  });

  it('decodes Base64 of UTF-8 between the sentinels', () => {
    expect(decodedHeaderValue(base64('caf\u00e9 \u2603'))).toBe('caf\u00e9 \u2603');
    expect(decodedHeaderValue('=?base64??=')).toBe('');
  });

  it.each([
    '=?base64?abc?=',
    '=?base64?ab$d?=',
    '=?base64?aGk=',
    '=?base64?aGk=?= ',
    '=?base64?a===',
  ])('says %j holds no valid Base64', (value) => {
    expect(decodedHeaderValue(value)).toBeUndefined();
  });
});

describe('routingMismatch', () => {
  const toolsCall: RoutedRequest = {
    method: 'tools/call',
    routingField: 'name',
    routed: 'count_primes',
    metaVersion: '2026-07-28',
  };
  const headersOf = (extra: Record<string, string> = {}) => ({
    'mcp-method': 'tools/call',
    'mcp-name': 'count_primes',
    'mcp-protocol-version': '2026-07-28',
    ...extra,
  });

  const mismatch = (headers: Record<string, string>, request: RoutedRequest = toolsCall) =>
    withRequest(headers, (req) => routingMismatch(req, request));

  it('finds nothing when every routing header mirrors the body', async () => {
    expect(await mismatch(headersOf())).toBeUndefined();
    expect(await mismatch(headersOf({ 'mcp-name': base64('count_primes') }))).toBeUndefined();
  });

  it('requires Mcp-Method, and that it names the method', async () => {
    const { 'mcp-method': _left, ...noMethod } = headersOf();
    expect(await mismatch(noMethod)).toBe('the Mcp-Method header is required');
    expect(await mismatch(headersOf({ 'mcp-method': 'tools/list' }))).toBe(
      'the Mcp-Method header does not match the body',
    );
    expect(await mismatch(headersOf({ 'mcp-method': 'Tools/Call' }))).toBe(
      'the Mcp-Method header does not match the body',
    );
  });

  it('requires Mcp-Name for a routed method, and that it names the routed field', async () => {
    const { 'mcp-name': _left, ...noName } = headersOf();
    expect(await mismatch(noName)).toBe('the Mcp-Name header is required for tools/call');
    expect(await mismatch(headersOf({ 'mcp-name': 'wait' }))).toBe(
      'the Mcp-Name header does not match params.name',
    );
    expect(await mismatch(headersOf({ 'mcp-name': base64('wait') }))).toBe(
      'the Mcp-Name header does not match params.name',
    );
  });

  it('says when Mcp-Name holds malformed Base64', async () => {
    expect(await mismatch(headersOf({ 'mcp-name': '=?base64?Y291bnRfcHJpbWVz?' }))).toBe(
      'the Mcp-Name header holds malformed Base64',
    );
    expect(await mismatch(headersOf({ 'mcp-name': '=?base64?Y291bnRfcHJpbWV?=' }))).toBe(
      'the Mcp-Name header holds malformed Base64',
    );
  });

  it('matches a routed value no header could carry plainly through its Base64 form', async () => {
    const request = { ...toolsCall, routed: 'r\u00e9sum\u00e9 \u2603' };
    expect(
      await mismatch(headersOf({ 'mcp-name': base64('r\u00e9sum\u00e9 \u2603') }), request),
    ).toBe(undefined);
  });

  it('compares a routed value that is not a string with nothing a header can say', async () => {
    expect(await mismatch(headersOf({ 'mcp-name': '42' }), { ...toolsCall, routed: 42 })).toBe(
      'the Mcp-Name header does not match params.name',
    );
  });

  it('ignores Mcp-Name for a method with no routed field', async () => {
    const list: RoutedRequest = { method: 'tools/list', metaVersion: '2026-07-28' };
    expect(await mismatch(headersOf({ 'mcp-method': 'tools/list' }), list)).toBeUndefined();
  });

  it('requires MCP-Protocol-Version to be the version _meta names', async () => {
    expect(await mismatch(headersOf({ 'mcp-protocol-version': '2025-11-25' }))).toBe(
      'the MCP-Protocol-Version header does not match _meta',
    );
    const { 'mcp-protocol-version': _left, ...noVersion } = headersOf();
    expect(await mismatch(noVersion)).toBe('the MCP-Protocol-Version header does not match _meta');
    expect(await mismatch(noVersion, { ...toolsCall, metaVersion: undefined })).toBeUndefined();
  });

  it('matches a method named toString to nothing inherited', async () => {
    const named: RoutedRequest = { method: 'toString' };
    expect(await mismatch({}, named)).toBe('the Mcp-Method header is required');
    expect(await mismatch({ 'mcp-method': 'toString' }, named)).toBeUndefined();
    const routedToString: RoutedRequest = {
      method: 'tools/call',
      routingField: 'toString',
      routed: 'x',
    };
    expect(await mismatch({ 'mcp-method': 'tools/call' }, routedToString)).toBe(
      'the Mcp-Name header is required for tools/call',
    );
    const fake = { headers: {} } as IncomingMessage;
    expect(routingMismatch(fake, { method: 'constructor' })).toBe(
      'the Mcp-Method header is required',
    );
    expect(routingMismatch(fake, { method: '__proto__' })).toBe(
      'the Mcp-Method header is required',
    );
  });
});
