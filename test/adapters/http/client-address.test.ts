import type { IncomingMessage } from 'node:http';
import { cameOverTls, clientAddress } from '../../../src/adapters/http/client-address.js';
import { LoopbackServer, sendRequest } from '../../support/loopback-http.js';

/** A request as far as these functions look: its socket and headers. */
function from(
  socket: { remoteAddress?: string; encrypted?: boolean },
  headers: Record<string, string | string[]> = {},
): IncomingMessage {
  return { socket, headers } as unknown as IncomingMessage;
}

describe('clientAddress', () => {
  it('is the peer of a real connection', async () => {
    const server = await LoopbackServer.start();
    try {
      const served = server.nextRequest();
      const answer = sendRequest(server.url, { headers: { 'x-forwarded-for': '203.0.113.9' } });
      const { req, res } = await served;
      expect(clientAddress(req, false)).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
      expect(clientAddress(req, true)).toBe('203.0.113.9');
      res.end();
      await answer;
    } finally {
      await server.close();
    }
  });

  it('ignores X-Forwarded-For unless a proxy is trusted: anyone can send it', () => {
    const req = from({ remoteAddress: '10.0.0.5' }, { 'x-forwarded-for': '203.0.113.9' });
    expect(clientAddress(req, false)).toBe('10.0.0.5');
  });

  it('takes the last entry behind a trusted proxy, the one the proxy appended', () => {
    const req = from(
      { remoteAddress: '10.0.0.5' },
      { 'x-forwarded-for': '198.51.100.1, 203.0.113.9 ,  192.0.2.44 ' },
    );
    expect(clientAddress(req, true)).toBe('192.0.2.44');
  });

  it('reads a header sent several times as one list', () => {
    const req = from(
      { remoteAddress: '10.0.0.5' },
      { 'x-forwarded-for': ['198.51.100.1', '203.0.113.9'] },
    );
    expect(clientAddress(req, true)).toBe('203.0.113.9');
  });

  it('falls back to the peer when the proxy sent nothing usable', () => {
    expect(clientAddress(from({ remoteAddress: '10.0.0.5' }), true)).toBe('10.0.0.5');
    const blank = from({ remoteAddress: '10.0.0.5' }, { 'x-forwarded-for': '198.51.100.1, ' });
    expect(clientAddress(blank, true)).toBe('10.0.0.5');
  });

  it("says 'unknown' when the socket has no address left", () => {
    expect(clientAddress(from({}), false)).toBe('unknown');
  });
});

describe('cameOverTls', () => {
  it('is true on a TLS socket, whatever the headers say', () => {
    expect(cameOverTls(from({ encrypted: true }), false)).toBe(true);
    expect(cameOverTls(from({ encrypted: true }, { 'x-forwarded-proto': 'http' }), true)).toBe(
      true,
    );
  });

  it('believes X-Forwarded-Proto only from a trusted proxy', () => {
    const req = from({}, { 'x-forwarded-proto': 'https' });
    expect(cameOverTls(req, false)).toBe(false);
    expect(cameOverTls(req, true)).toBe(true);
  });

  it("takes the proxy's own, last, entry, in any case", () => {
    expect(cameOverTls(from({}, { 'x-forwarded-proto': 'http, HTTPS' }), true)).toBe(true);
    expect(cameOverTls(from({}, { 'x-forwarded-proto': 'https, http' }), true)).toBe(false);
    expect(cameOverTls(from({}, { 'x-forwarded-proto': ['http', 'https'] }), true)).toBe(true);
    expect(cameOverTls(from({}), true)).toBe(false);
  });
});
