import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type {
  Transport,
  TransportSendOptions,
} from '@modelcontextprotocol/sdk/shared/transport.js';
import type {
  JSONRPCMessage,
  JSONRPCNotification,
  MessageExtraInfo,
  RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import { EventLog } from './event-log.js';
import { HttpError } from './http-error.js';
import { isNotification, isRequest } from './json-rpc-messages.js';
import { PostExchange } from './post-exchange.js';
import {
  eventStreamHeaders,
  writeEvent,
  writeKeepAlive,
  writePriming,
} from './server-sent-events.js';

/** How long a client waits before reconnecting a lost event stream (the priming event's retry). */
const RECONNECT_MS = 1000;
/** Comment lines on an idle event stream, so proxies do not cut it. */
const KEEP_ALIVE_MS = 15_000;
/** Clients older than this cannot parse an event without data: they get no priming event. */
const PRIMING_SINCE = '2025-11-25';

interface InFlight {
  readonly exchange: PostExchange;
  /** The id the client gave the request; the server saw another one. */
  readonly clientId: RequestId;
  /** Who sent it: only they may answer what the server asks while serving it. */
  readonly owner: string | undefined;
  /** Ids of the requests the server sent the client while serving this one. */
  asked?: number[];
}

/**
 * The SDK's Transport, directly on node:http: one long-lived SDK Server serves every POST through
 * it, with no web Request/Response conversion and nothing built per request that can be built
 * once.
 *
 * Stateless (no session id): every caller shares the transport, so each request gets an id of the
 * server's own before the Server sees it, and its response goes back under the client's id. Two
 * callers using the same id never meet; nobody can name another's request, not even to cancel it.
 * Who is calling travels with each message as authInfo, never as transport state.
 *
 * Session: one transport per session, as for stateless plus the session's event stream (GET),
 * which carries what is not about a request (task status notifications), numbered and kept in an
 * EventLog, so a client that reconnects with Last-Event-ID gets what it missed.
 */
export class HttpMcpTransport implements Transport {
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;

  private nextId = 0;
  private readonly inFlight = new Map<number, InFlight>();
  /** Stateless: the server's requests still unanswered, by id, with the owner who may answer. */
  private readonly awaitingReply = new Map<number, string | undefined>();
  private readonly jsonHeaders: OutgoingHttpHeaders;
  private readonly events?: EventLog;
  private stream?: ServerResponse;
  private keepAlive?: NodeJS.Timeout;
  private closed = false;

  constructor(readonly sessionId?: string) {
    this.jsonHeaders =
      sessionId === undefined
        ? { 'content-type': 'application/json' }
        : { 'content-type': 'application/json', 'mcp-session-id': sessionId };
    if (sessionId !== undefined) this.events = new EventLog();
  }

  async start(): Promise<void> {}

  /**
   * Serves the messages of one POST (already read and checked): answers 202 at once when none is
   * a request, otherwise once the requests have their responses. A client that goes away cancels
   * its requests still running.
   */
  serve(res: ServerResponse, messages: JSONRPCMessage[], batch: boolean, authInfo: AuthInfo): void {
    const requests = messages.filter(isRequest).length;
    const extra: MessageExtraInfo = { authInfo };
    const owner = ownerOf(authInfo);
    if (requests === 0) {
      res.writeHead(202).end();
      for (const message of messages) this.receive(message, extra, undefined);
      return;
    }
    const exchange = new PostExchange(res, batch, requests, this.jsonHeaders, this.sessionId);
    const ids: number[] = [];
    for (const message of messages) {
      if (!isRequest(message)) {
        this.receive(message, extra, ids);
        continue;
      }
      const id = ++this.nextId;
      ids.push(id);
      this.inFlight.set(id, { exchange, clientId: message.id, owner });
      // The message is ours from here on: swapping the id saves a copy per request.
      message.id = id;
      this.onmessage?.(message, extra);
    }
    res.once('close', () => {
      if (!exchange.finished) this.abandon(ids);
    });
  }

  /**
   * Opens the session's event stream. With `lastEventId`, first replays what the session sent
   * after that event; then, for clients that understand one, a priming event.
   */
  openStream(res: ServerResponse, protocolVersion: string, lastEventId: string | undefined): void {
    const events = this.events;
    if (!events || this.closed) throw new HttpError('SESSION_NOT_FOUND', 'Session not found');
    if (this.stream && !this.stream.destroyed) {
      throw new HttpError(
        'STREAM_CONFLICT',
        'Conflict: Only one SSE stream is allowed per session',
      );
    }
    const missed = lastEventId === undefined ? [] : events.after(lastEventId);
    if (!missed) {
      throw new HttpError(
        'UNKNOWN_EVENT_ID',
        'Bad Request: Last-Event-ID is not an event of this session',
      );
    }
    res.writeHead(200, eventStreamHeaders(this.sessionId));
    for (const event of missed) writeEvent(res, event.message, event.id);
    if (protocolVersion >= PRIMING_SINCE) writePriming(res, events.lastId, RECONNECT_MS);
    // Headers go out now, not with the first event: the client counts the stream open on them.
    res.flushHeaders();
    this.stream = res;
    clearInterval(this.keepAlive);
    this.keepAlive = setInterval(() => writeKeepAlive(res), KEEP_ALIVE_MS).unref();
    res.once('close', () => {
      if (this.stream !== res) return;
      this.stream = undefined;
      clearInterval(this.keepAlive);
    });
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if ('result' in message || 'error' in message) {
      const id = message.id as number;
      const request = this.inFlight.get(id);
      if (!request) return;
      this.forget(id, request);
      message.id = request.clientId;
      request.exchange.answer(message);
      return;
    }
    const related = options?.relatedRequestId;
    if (related !== undefined) {
      const request = this.inFlight.get(related as number);
      if (!request) return;
      if (isRequest(message) && this.sessionId === undefined) {
        const asked = message.id as number;
        (request.asked ??= []).push(asked);
        this.awaitingReply.set(asked, request.owner);
      }
      request.exchange.relay(message);
      return;
    }
    if (!this.events) {
      // A stateless server has no stream outside requests, and so sends nothing outside them.
      return;
    }
    const eventId = this.events.append(message);
    if (this.stream) writeEvent(this.stream, message, eventId);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepAlive);
    this.stream?.end();
    for (const request of this.inFlight.values()) {
      request.exchange.answer({
        jsonrpc: '2.0',
        id: request.clientId,
        error: { code: -32000, message: 'Connection closed' },
      });
    }
    this.inFlight.clear();
    this.awaitingReply.clear();
    this.onclose?.();
  }

  /** A notification or response from the client, with request ids it names made the server's. */
  private receive(
    message: JSONRPCMessage,
    extra: MessageExtraInfo,
    batchIds: number[] | undefined,
  ): void {
    if (isNotification(message)) {
      if (message.method !== 'notifications/cancelled') {
        this.onmessage?.(message, extra);
        return;
      }
      const cancelled = this.cancellationOf(message, batchIds);
      if (cancelled) this.onmessage?.(cancelled, extra);
      return;
    }
    // A response to a request the server sent. A session has one client; stateless, only the
    // owner whose request the server was serving when it asked may answer, so nobody can answer
    // (or even guess at) a question put to someone else.
    if (this.sessionId !== undefined) {
      this.onmessage?.(message, extra);
      return;
    }
    const id = (message as { id?: unknown }).id;
    if (typeof id !== 'number' || !this.awaitingReply.has(id)) return;
    if (this.awaitingReply.get(id) !== ownerOf(extra.authInfo)) return;
    this.awaitingReply.delete(id);
    this.onmessage?.(message, extra);
  }

  /** A request is done with: what the server asked while serving it can no longer be answered. */
  private forget(id: number, request: InFlight): void {
    this.inFlight.delete(id);
    for (const asked of request.asked ?? []) this.awaitingReply.delete(asked);
  }

  /**
   * A client's notifications/cancelled names its own request id: the server's id for it, looked
   * up among the requests this client may name (its session's, or in stateless mode its own
   * POST's), or nothing.
   */
  private cancellationOf(
    notification: JSONRPCNotification,
    batchIds: number[] | undefined,
  ): JSONRPCNotification | undefined {
    const named = notification.params?.requestId;
    const candidates = this.sessionId === undefined ? (batchIds ?? []) : [...this.inFlight.keys()];
    for (const id of candidates) {
      const request = this.inFlight.get(id);
      if (!request || request.clientId !== named) continue;
      // A cancelled request gets no response: its POST stops waiting for one.
      this.forget(id, request);
      request.exchange.drop();
      return { ...notification, params: { ...notification.params, requestId: id } };
    }
    return undefined;
  }

  /** The client went away: its requests still running are cancelled, their answers dropped. */
  private abandon(ids: readonly number[]): void {
    for (const id of ids) {
      const request = this.inFlight.get(id);
      if (!request) continue;
      this.forget(id, request);
      this.onmessage?.({
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: id, reason: 'The client closed the connection' },
      });
    }
  }
}

/** The owner a request came from, as the HTTP layer put it in the request's AuthInfo. */
function ownerOf(authInfo: AuthInfo | undefined): string | undefined {
  const principal = authInfo?.extra?.principal as { owner?: string } | undefined;
  return principal?.owner;
}
