import type { IncomingMessage } from 'node:http';
import { isLoopbackHost } from '../net/loopback-host.js';
import { HttpError } from './http-error.js';

const FOREIGN_HOST = new HttpError(
  'FOREIGN_ORIGIN',
  'Forbidden: this server only answers requests addressed to localhost',
);
const FOREIGN_ORIGIN = new HttpError(
  'FOREIGN_ORIGIN',
  'Forbidden: cross-origin requests are not allowed',
);

/**
 * Verdicts on the Host and Origin values seen lately: a client sends the same ones on every
 * request, and parsing them as URLs each time costs more than the rest of the guard. Bounded:
 * past the limit it starts afresh, whatever values a client makes up.
 */
const verdicts = new Map<string, boolean>();
const MAX_VERDICTS = 256;

/**
 * DNS-rebinding defence for a server bound to loopback: a browser page on another site can reach
 * 127.0.0.1, but its requests carry that site's Host or Origin, which are refused here.
 */
export function assertLoopbackRequest(req: IncomingMessage): void {
  const host = req.headers.host;
  if (host === undefined || !judged(`host ${host}`, () => hostnameOf(host))) throw FOREIGN_HOST;
  const origin = req.headers.origin;
  if (origin !== undefined && !judged(`origin ${origin}`, () => originHostOf(origin))) {
    throw FOREIGN_ORIGIN;
  }
}

function judged(key: string, hostname: () => string | undefined): boolean {
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    const name = hostname();
    verdict = name !== undefined && isLoopbackHost(name);
    if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
    verdicts.set(key, verdict);
  }
  return verdict;
}

function hostnameOf(hostHeader: string): string | undefined {
  if (!hostHeader) return undefined;
  try {
    return new URL(`http://${hostHeader}`).hostname;
  } catch {
    return undefined;
  }
}

function originHostOf(origin: string): string | undefined {
  try {
    return new URL(origin).hostname;
  } catch {
    return undefined;
  }
}
