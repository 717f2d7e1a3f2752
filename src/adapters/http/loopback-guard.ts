import type { IncomingMessage } from 'node:http';
import { isLoopbackHost } from '../net/loopback-host.js';
import { HttpError } from './http-error.js';

/**
 * DNS-rebinding defence for a server bound to loopback: a browser page on another site can reach
 * 127.0.0.1, but its requests carry that site's Host or Origin, which are refused here.
 */
export function assertLoopbackRequest(req: IncomingMessage): void {
  const host = hostnameOf(req.headers.host);
  if (host === undefined || !isLoopbackHost(host)) {
    throw new HttpError(
      'FOREIGN_ORIGIN',
      'Forbidden: this server only answers requests addressed to localhost',
    );
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let originHost: string | undefined;
    try {
      originHost = new URL(origin).hostname;
    } catch {
      originHost = undefined;
    }
    if (originHost === undefined || !isLoopbackHost(originHost)) {
      throw new HttpError('FOREIGN_ORIGIN', 'Forbidden: cross-origin requests are not allowed');
    }
  }
}

function hostnameOf(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  try {
    return new URL(`http://${hostHeader}`).hostname;
  } catch {
    return undefined;
  }
}
