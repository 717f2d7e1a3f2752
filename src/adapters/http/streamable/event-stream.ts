import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { MAX_UNREAD_BYTES } from '../unread-guard.js';

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

/**
 * Server-sent events on one response, with backpressure: what the client has not read stays in
 * memory, so a client that leaves more than MAX_UNREAD_BYTES unread is cut off (the response is
 * destroyed; a session's client may reconnect with Last-Event-ID) instead of the server holding
 * everything it would have sent.
 */
export class EventStream {
  constructor(private readonly res: ServerResponse) {}

  get open(): boolean {
    return !this.res.destroyed && !this.res.writableEnded;
  }

  /** One JSON-RPC message as an event, with its id when it can be replayed. */
  event(message: object, id?: string): void {
    const idLine = id === undefined ? '' : `id: ${id}\n`;
    this.write(`event: message\n${idLine}data: ${JSON.stringify(message)}\n\n`);
  }

  /**
   * The priming event of 2025-11-25: an id and no data, so the client holds a Last-Event-ID to
   * resume from before any message has come, and `retry`, how long it waits to reconnect.
   */
  priming(id: string, retryMs: number): void {
    this.write(`id: ${id}\nretry: ${retryMs}\ndata: \n\n`);
  }

  /** A comment line: proxies that cut idle connections see traffic, clients ignore it. */
  keepAlive(): void {
    this.write(': keepalive\n\n');
  }

  end(): void {
    if (this.open) this.res.end();
  }

  private write(text: string): void {
    if (!this.open) return;
    if (this.res.writableLength > MAX_UNREAD_BYTES) {
      this.res.destroy();
      return;
    }
    this.res.write(text);
  }
}
