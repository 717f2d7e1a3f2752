import type { ServerResponse } from 'node:http';
import type { NotificationMessage, ResponseMessage } from '../../mcp/json-rpc/messages.js';
import { sendJson } from '../http-writer.js';
import { EventStream, eventStreamHeaders } from './event-stream.js';

/** How often a quiet event stream sends a comment, so that proxies do not cut it as idle. */
export const KEEP_ALIVE_MS = 15_000;

/**
 * The answer to one 2026-07-28 POST: plain JSON, unless something about the request goes out
 * ahead of it (a subscription's notifications), which turns the answer into an event stream whose
 * last event is the response. A stream that stays quiet sends a comment every KEEP_ALIVE_MS; one
 * the client leaves unread is cut off by EventStream, which closes the response.
 */
export class PostAnswer {
  private stream?: EventStream;
  private keepAlive?: NodeJS.Timeout;

  constructor(
    private readonly res: ServerResponse,
    private readonly keepAliveMs = KEEP_ALIVE_MS,
  ) {}

  get streaming(): boolean {
    return this.stream !== undefined;
  }

  relate(message: NotificationMessage): void {
    (this.stream ??= this.open()).event(message);
  }

  /** The request's one response; `status` is used only while the answer is still plain JSON. */
  respond(status: number, response: ResponseMessage): void {
    const stream = this.stream;
    if (!stream) {
      sendJson(this.res, status, response);
      return;
    }
    stream.event(response);
    stream.end();
  }

  private open(): EventStream {
    this.res.writeHead(200, eventStreamHeaders(undefined));
    const stream = new EventStream(this.res);
    this.keepAlive = setInterval(() => stream.keepAlive(), this.keepAliveMs);
    this.keepAlive.unref();
    this.res.once('close', () => clearInterval(this.keepAlive));
    return stream;
  }
}
