import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** The headers of an event stream; `X-Accel-Buffering` keeps nginx from holding events back. */
export function eventStreamHeaders(sessionId: string | undefined): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  };
  if (sessionId !== undefined) headers['mcp-session-id'] = sessionId;
  return headers;
}

/** Writes one message as an SSE event, with its id when it can be replayed. */
export function writeEvent(res: ServerResponse, message: JSONRPCMessage, id?: string): void {
  if (res.destroyed) return;
  const idLine = id === undefined ? '' : `id: ${id}\n`;
  res.write(`event: message\n${idLine}data: ${JSON.stringify(message)}\n\n`);
}

/**
 * The priming event of 2025-11-25: an id and no data, so the client holds a Last-Event-ID to
 * resume from before any message has come, and `retry`, how long it waits to reconnect.
 */
export function writePriming(res: ServerResponse, id: string, retryMs: number): void {
  if (res.destroyed) return;
  res.write(`id: ${id}\nretry: ${retryMs}\ndata: \n\n`);
}

/** A comment line: proxies that cut idle connections see traffic, clients ignore it. */
export function writeKeepAlive(res: ServerResponse): void {
  if (!res.destroyed) res.write(': keepalive\n\n');
}
