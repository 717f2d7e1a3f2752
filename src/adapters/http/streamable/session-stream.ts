import type { ServerResponse } from 'node:http';
import type { OutboundMessage } from '../../mcp/json-rpc/messages.js';
import { HttpError } from '../http-error.js';
import { EventLog } from './event-log.js';
import { EventStream, eventStreamHeaders } from './event-stream.js';

/** How long a client waits before reconnecting a lost event stream (the priming event's retry). */
const RECONNECT_MS = 1000;
/** Comment lines on an idle event stream, so proxies do not cut it. */
const KEEP_ALIVE_MS = 15_000;
/** Clients older than this cannot parse an event without data: they get no priming event. */
const PRIMING_SINCE = '2025-11-25';

/**
 * A session's own event stream (GET): what is not about any request (task status notifications, a
 * task's progress), numbered and kept in an EventLog, so that a client that reconnects with
 * Last-Event-ID gets what it missed. One stream at a time; it honours backpressure.
 */
export class SessionStream {
  private readonly log = new EventLog();
  private current?: { readonly res: ServerResponse; readonly events: EventStream };
  private keepAlive?: NodeJS.Timeout;

  constructor(private readonly sessionId: string) {}

  /**
   * Opens the stream on `res`. With `lastEventId`, first replays what the session sent after that
   * event; then, for clients that understand one, a priming event.
   */
  open(res: ServerResponse, protocolVersion: string, lastEventId: string | undefined): void {
    if (this.current?.events.open) {
      throw new HttpError(
        'STREAM_CONFLICT',
        'Conflict: Only one SSE stream is allowed per session',
      );
    }
    const missed = lastEventId === undefined ? [] : this.log.after(lastEventId);
    if (!missed) {
      throw new HttpError(
        'UNKNOWN_EVENT_ID',
        'Bad Request: Last-Event-ID is not an event of this session',
      );
    }
    res.writeHead(200, eventStreamHeaders(this.sessionId));
    const events = new EventStream(res);
    for (const event of missed) events.event(event.message, event.id);
    if (protocolVersion >= PRIMING_SINCE) events.priming(this.log.lastId, RECONNECT_MS);
    // Headers go out now, not with the first event: the client counts the stream open on them.
    res.flushHeaders();
    const current = { res, events };
    this.current = current;
    clearInterval(this.keepAlive);
    this.keepAlive = setInterval(() => events.keepAlive(), KEEP_ALIVE_MS).unref();
    res.once('close', () => {
      if (this.current !== current) return;
      this.current = undefined;
      clearInterval(this.keepAlive);
    });
  }

  /** A message outside any request: logged for replay, and sent now if the stream is open. */
  send(message: OutboundMessage): void {
    const id = this.log.append(message);
    this.current?.events.event(message, id);
  }

  close(): void {
    clearInterval(this.keepAlive);
    this.current?.events.end();
  }
}
