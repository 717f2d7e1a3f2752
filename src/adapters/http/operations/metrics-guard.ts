import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isLoopbackHost } from '../../net/loopback-host.js';
import { HttpError } from '../http-error.js';

/**
 * Who may scrape /metrics: with TASK_MCP_METRICS_TOKEN set, a request bearing it (compared in
 * constant time); without, only a client on this machine. The peer's own address decides, never
 * X-Forwarded-For: a proxy in front is not on loopback, so it needs the token.
 */
export function assertMayScrape(req: IncomingMessage, token: string | undefined): void {
  if (token === undefined) {
    const peer = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    if (!isLoopbackHost(peer)) {
      throw new HttpError(
        'METRICS_FORBIDDEN',
        'Metrics are served on loopback only; set TASK_MCP_METRICS_TOKEN to scrape from elsewhere',
      );
    }
    return;
  }
  const sent = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (sent === undefined || !sameSecret(sent, token)) {
    throw new HttpError('METRICS_UNAUTHENTICATED', 'Metrics need the metrics bearer token', {
      'www-authenticate': 'Bearer realm="metrics"',
    });
  }
}

function sameSecret(sent: string, expected: string): boolean {
  const [a, b] = [Buffer.from(sent), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}
