import type { IncomingMessage } from 'node:http';
import { assertMayScrape } from '../../../../src/adapters/http/operations/metrics-guard.js';
import { HttpError } from '../../../../src/adapters/http/http-error.js';

const TOKEN = 'scrape-token-0123456789';

function from(remoteAddress: string, authorization?: string): IncomingMessage {
  return {
    socket: { remoteAddress },
    headers: authorization === undefined ? {} : { authorization },
  } as unknown as IncomingMessage;
}

function refusal(call: () => void): HttpError | undefined {
  try {
    call();
    return undefined;
  } catch (error) {
    return error as HttpError;
  }
}

describe('who may scrape /metrics', () => {
  it('without a token: clients on loopback only, whatever X-Forwarded-For says', () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      expect(refusal(() => assertMayScrape(from(address), undefined))).toBeUndefined();
    }
    const remote = refusal(() => assertMayScrape(from('10.1.2.3'), undefined));
    expect(remote?.status).toBe(403);
    expect(remote?.message).toMatch(/loopback only; set TASK_MCP_METRICS_TOKEN/);
  });

  it('with a token: whoever bears it, from anywhere, and nobody else', () => {
    expect(refusal(() => assertMayScrape(from('10.1.2.3', `Bearer ${TOKEN}`), TOKEN))).toBe(
      undefined,
    );
    for (const sent of [undefined, 'Bearer wrong', `Bearer ${TOKEN}x`, TOKEN, `Basic ${TOKEN}`]) {
      const refused = refusal(() => assertMayScrape(from('127.0.0.1', sent), TOKEN));
      expect(refused?.status).toBe(401);
      expect(refused?.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(refused?.message).not.toContain(TOKEN);
    }
  });
});
