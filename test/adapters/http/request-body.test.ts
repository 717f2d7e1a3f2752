import { once } from 'node:events';
import { HttpError } from '../../../src/adapters/http/http-error.js';
import { sendHttpError } from '../../../src/adapters/http/http-writer.js';
import { readBody } from '../../../src/adapters/http/request-body.js';
import { LoopbackServer, stalledClient } from '../../support/loopback-http.js';

const LIMIT = 1024;

let server: LoopbackServer;

beforeAll(async () => {
  server = await LoopbackServer.start();
});

afterAll(() => server.close());

const head = (lengthHeader: string) =>
  `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${lengthHeader}\r\n\r\n`;
const chunk = (bytes: Buffer | string) =>
  Buffer.concat([
    Buffer.from(`${Buffer.byteLength(bytes).toString(16)}\r\n`),
    Buffer.from(bytes),
    Buffer.from('\r\n'),
  ]);
const LAST_CHUNK = '0\r\n\r\n';

async function refusalOf(reading: Promise<Buffer>): Promise<HttpError> {
  const outcome = await reading.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(HttpError);
  return outcome as HttpError;
}

describe('readBody', () => {
  it('gives back the body as sent, chunk by chunk', async () => {
    const served = server.nextRequest();
    const client = stalledClient(server.url, head('Transfer-Encoding: chunked'));
    const { req, res } = await served;
    const reading = readBody(req, LIMIT);
    client.socket.write(chunk('{"jsonrpc":'));
    client.socket.write(chunk('"2.0","caf\u00e9":1}'));
    client.socket.write(LAST_CHUNK);
    expect((await reading).toString('utf8')).toBe('{"jsonrpc":"2.0","caf\u00e9":1}');
    res.end();
    client.socket.destroy();
  });

  it('takes a body of exactly the limit, and an empty one', async () => {
    const exact = 'x'.repeat(LIMIT);
    for (const body of [exact, '']) {
      const served = server.nextRequest();
      const client = stalledClient(server.url, head(`Content-Length: ${body.length}`) + body);
      const { req, res } = await served;
      expect((await readBody(req, LIMIT)).toString()).toBe(body);
      res.end();
      client.socket.destroy();
    }
  });

  it('refuses a declared length over the limit at once, before any of it arrives', async () => {
    const served = server.nextRequest();
    const client = stalledClient(server.url, head(`Content-Length: ${4 * LIMIT}`));
    const { req, res } = await served;
    const refusal = await refusalOf(readBody(req, LIMIT));
    expect(refusal.refusal).toBe('BODY_TOO_LARGE');
    expect(refusal.status).toBe(413);
    expect(refusal.message).toBe('Request body exceeds the limit of 1024 bytes');
    expect(refusal.headers).toEqual({ connection: 'close' });
    expect(req.complete).toBe(false);

    // What the client goes on sending is read and dropped, so it gets the 413, not a reset.
    const ended = once(req, 'end');
    client.socket.write(Buffer.alloc(4 * LIMIT, 0x20));
    await ended;
    sendHttpError(res, refusal);
    const reply = await client.readAll();
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply).toMatch(/\r\nconnection: close\r\n/i);
  });

  it('refuses a chunked body once it passes the limit, and throws the rest away unread', async () => {
    const served = server.nextRequest();
    const client = stalledClient(server.url, head('Transfer-Encoding: chunked'));
    const { req, res } = await served;
    const reading = readBody(req, LIMIT);
    client.socket.write(chunk(Buffer.alloc(LIMIT + 1, 0x20)));
    const refusal = await refusalOf(reading);
    expect(refusal.status).toBe(413);
    // Refused before the client finished sending: nothing waited for the whole body.
    expect(req.complete).toBe(false);

    // The rest still flows (and is dropped), so a client still sending gets the 413, not a reset.
    const ended = once(req, 'end');
    for (let i = 0; i < 64; i++) client.socket.write(chunk(Buffer.alloc(16 * 1024, 0x20)));
    client.socket.write(LAST_CHUNK);
    await ended;
    expect(req.complete).toBe(true);
    sendHttpError(res, refusal);
    const reply = await client.readAll();
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply).toContain('"message":"Request body exceeds the limit of 1024 bytes"');
  });

  it('refuses a body its client abandons halfway', async () => {
    const served = server.nextRequest();
    const client = stalledClient(server.url, head('Content-Length: 100') + '{"jsonrpc":');
    const { req } = await served;
    const reading = readBody(req, LIMIT);
    client.socket.destroy();
    const refusal = await refusalOf(reading);
    expect(refusal.refusal).toBe('REQUEST_ABANDONED');
    expect(refusal.status).toBe(400);
    expect(refusal.message).toBe('The request body did not arrive in full');
  });
});
