import type { IncomingMessage } from 'node:http';

/**
 * The address a request came from. Behind a TLS-terminating proxy (TASK_MCP_TRUST_PROXY=true) it
 * is the last X-Forwarded-For entry, the one our proxy appended: entries before it came from the
 * client and could say anything. Without that setting the header is ignored, as anyone can send it.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const list = Array.isArray(forwarded) ? forwarded.join(',') : forwarded;
    const last = list?.split(',').at(-1)?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/** Whether the client reached us over TLS: directly, or (trusted) through the proxy's own TLS. */
export function cameOverTls(req: IncomingMessage, trustProxy: boolean): boolean {
  if ('encrypted' in req.socket && req.socket.encrypted === true) return true;
  if (!trustProxy) return false;
  const proto = req.headers['x-forwarded-proto'];
  const last = (Array.isArray(proto) ? proto.join(',') : proto)?.split(',').at(-1)?.trim();
  return last?.toLowerCase() === 'https';
}
