import { HttpError } from '../../../src/adapters/http/http-error.js';
import {
  sendHttpError,
  sendJson,
  sendRpcError,
  sendText,
} from '../../../src/adapters/http/http-writer.js';
import { RPC_CODES } from '../../../src/adapters/mcp/json-rpc/rpc-codes.js';
import { RpcError } from '../../../src/adapters/mcp/json-rpc/rpc-error.js';
import { LoopbackServer, sendRequest, type ServedRequest } from '../../support/loopback-http.js';

let server: LoopbackServer;

beforeAll(async () => {
  server = await LoopbackServer.start();
});

afterAll(() => server.close());

/** Answers one real request with `answer`, and returns what the client read. */
async function clientReads(answer: (served: ServedRequest) => void) {
  const served = server.nextRequest();
  const reply = sendRequest(server.url);
  answer(await served);
  return reply;
}

describe('sendJson', () => {
  it('sends the value as JSON in one piece, with its length in bytes', async () => {
    const value = { greeting: 'caf\u00e9 \u2603', list: [1, 2, 3] };
    const reply = await clientReads(({ res }) => sendJson(res, 201, value));
    expect(reply.status).toBe(201);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(reply.headers['content-length']).toBe(String(Buffer.byteLength(JSON.stringify(value))));
    expect(reply.headers['transfer-encoding']).toBeUndefined();
    expect(JSON.parse(reply.body)).toEqual(value);
  });

  it('adds the headers it is given, which may replace the content type', async () => {
    const reply = await clientReads(({ res }) =>
      sendJson(res, 200, { a: 1 }, { 'content-type': 'application/x-custom', 'x-extra': 'yes' }),
    );
    expect(reply.headers['content-type']).toBe('application/x-custom');
    expect(reply.headers['x-extra']).toBe('yes');
  });
});

describe('sendText', () => {
  it('sends the text as it is', async () => {
    const text = '# HELP up 1 if up\nup 1\n';
    const reply = await clientReads(({ res }) =>
      sendText(res, 200, text, { 'content-type': 'text/plain; version=0.0.4' }),
    );
    expect(reply.body).toBe(text);
    expect(reply.headers['content-length']).toBe(String(text.length));
    expect(reply.headers['content-type']).toBe('text/plain; version=0.0.4');
  });

  it('never starts a second answer on a response that has begun: it only ends it', async () => {
    const reply = await clientReads(({ res }) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
      sendText(res, 500, JSON.stringify({ error: 'late' }));
    });
    expect(reply.status).toBe(200);
    expect(reply.complete).toBe(true);
    expect(reply.body).toBe('data: first\n\n');
  });
});

describe('sendHttpError', () => {
  it('sends the refusal with its status, headers and a JSON-RPC error under its id', async () => {
    const refusal = new HttpError(
      'RATE_LIMITED',
      'Rate limit reached',
      { 'retry-after': '3' },
      { retryAfterMs: 2500 },
    ).answering(9);
    const reply = await clientReads(({ res }) => sendHttpError(res, refusal));
    expect(reply.status).toBe(429);
    expect(reply.headers['retry-after']).toBe('3');
    expect(reply.headers['content-length']).toBe(String(Buffer.byteLength(reply.body)));
    expect(JSON.parse(reply.body)).toEqual({
      jsonrpc: '2.0',
      id: 9,
      error: {
        code: RPC_CODES.rateLimited,
        message: 'Rate limit reached',
        data: { retryAfterMs: 2500 },
      },
    });
  });

  it('answers no id when the refusal answers none, and sends no data it does not have', async () => {
    const reply = await clientReads(({ res }) =>
      sendHttpError(res, new HttpError('NOT_FOUND', 'Not found: the MCP endpoint is /mcp')),
    );
    expect(reply.status).toBe(404);
    expect(JSON.parse(reply.body)).toStrictEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: RPC_CODES.methodNotFound, message: 'Not found: the MCP endpoint is /mcp' },
    });
  });
});

describe('sendRpcError', () => {
  it('sends the JSON-RPC error under the request id with the status it is given', async () => {
    const error = new RpcError(RPC_CODES.methodNotFound, 'Method not found: nope', {
      method: 'nope',
    });
    const reply = await clientReads(({ res }) =>
      sendRpcError(res, 404, 'req-1', error, { 'mcp-session-id': 's-1' }),
    );
    expect(reply.status).toBe(404);
    expect(reply.headers['mcp-session-id']).toBe('s-1');
    expect(JSON.parse(reply.body)).toEqual({
      jsonrpc: '2.0',
      id: 'req-1',
      error: { code: -32601, message: 'Method not found: nope', data: { method: 'nope' } },
    });
  });
});
