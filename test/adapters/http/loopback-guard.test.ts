import type { IncomingMessage } from 'node:http';
import { HttpError } from '../../../src/adapters/http/http-error.js';
import { assertLoopbackRequest } from '../../../src/adapters/http/loopback-guard.js';
import { LoopbackServer, sendRequest } from '../../support/loopback-http.js';

const ELSEWHERE = 'Forbidden: this server only answers requests addressed to localhost';
const CROSS_ORIGIN = 'Forbidden: cross-origin requests are not allowed';

let server: LoopbackServer;

beforeAll(async () => {
  server = await LoopbackServer.start();
});

afterAll(() => server.close());

/** Sends a real request with these headers; the guard's refusal of it, or undefined. */
async function refusalOf(headers: Record<string, string>): Promise<HttpError | undefined> {
  const served = server.nextRequest();
  const answer = sendRequest(server.url, { headers });
  const { req, res } = await served;
  let refusal: HttpError | undefined;
  try {
    assertLoopbackRequest(req);
  } catch (error) {
    refusal = error as HttpError;
  }
  res.end();
  await answer;
  return refusal;
}

describe('assertLoopbackRequest', () => {
  it.each(['127.0.0.1:3000', 'localhost', 'localhost:8080', '[::1]:3000', '127.1.2.3'])(
    'lets a request addressed to %s through',
    async (host) => {
      expect(await refusalOf({ host })).toBeUndefined();
    },
  );

  it.each(['evil.example', 'evil.example:3000', '127.0.0.1.nip.io', 'localhost.evil.example'])(
    'refuses a request addressed to %s with 403',
    async (host) => {
      const refusal = await refusalOf({ host });
      expect(refusal).toBeInstanceOf(HttpError);
      expect(refusal?.refusal).toBe('FOREIGN_ORIGIN');
      expect(refusal?.status).toBe(403);
      expect(refusal?.message).toBe(ELSEWHERE);
    },
  );

  it('refuses a request that names no host', () => {
    const req = { headers: {} } as IncomingMessage;
    expect(() => assertLoopbackRequest(req)).toThrow(ELSEWHERE);
  });

  it.each(['http://localhost:5173', 'http://127.0.0.1', 'http://[::1]:3000'])(
    'lets a page served from %s call',
    async (origin) => {
      expect(await refusalOf({ host: '127.0.0.1', origin })).toBeUndefined();
    },
  );

  it.each(['https://evil.example', 'http://localhost.evil.example', 'null', 'not a url'])(
    'refuses a page from %s, even addressed to loopback',
    async (origin) => {
      const refusal = await refusalOf({ host: '127.0.0.1', origin });
      expect(refusal?.status).toBe(403);
      expect(refusal?.message).toBe(CROSS_ORIGIN);
    },
  );
});
