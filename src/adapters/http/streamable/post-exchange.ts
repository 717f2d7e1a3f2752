import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type {
  NotificationMessage,
  ResponseMessage,
  ServerRequestMessage,
} from '../../mcp/json-rpc/messages.js';
import type { Exchange } from '../../mcp/link/exchange.js';
import { unwatchConnection, watchConnection, type ConnectionWatcher } from '../connection-watch.js';
import { sendText } from '../http-writer.js';
import { EventStream, eventStreamHeaders } from './event-stream.js';

/**
 * The answer to one 2025-11-25 POST. Plain JSON once every request in it has its response, which
 * is what a polling client's tasks/get gets; an event stream instead as soon as a message about
 * one of its requests (progress, a question) has to go out before the responses. Streamable HTTP
 * lets the server choose either per POST.
 */
export class PostExchange implements Exchange, ConnectionWatcher {
  private readonly answers: ResponseMessage[] = [];
  private stream?: EventStream;
  private abandoned?: () => void;

  constructor(
    private readonly res: ServerResponse,
    private readonly batch: boolean,
    /** The messages of the POST that still wait for their answer. */
    private waiting: number,
    private readonly jsonHeaders: OutgoingHttpHeaders,
    private readonly sessionId: string | undefined,
  ) {
    watchConnection(res, this);
  }

  connectionLost(): void {
    if (this.waiting > 0) this.abandoned?.();
  }

  answer(response: ResponseMessage): void {
    this.waiting--;
    if (this.stream) this.stream.event(response);
    else this.answers.push(response);
    if (this.waiting === 0) this.complete();
  }

  drop(): void {
    this.waiting--;
    if (this.waiting === 0) this.complete();
  }

  relate(message: NotificationMessage | ServerRequestMessage): void {
    if (this.res.destroyed || this.res.writableEnded) return;
    if (!this.stream) {
      this.res.writeHead(200, eventStreamHeaders(this.sessionId));
      this.stream = new EventStream(this.res);
      // Responses already in hand (earlier requests of a batch) go first, in order.
      for (const response of this.answers) this.stream.event(response);
    }
    this.stream.event(message);
  }

  onAbandon(listener: () => void): void {
    this.abandoned = listener;
  }

  private complete(): void {
    unwatchConnection(this.res, this);
    if (this.res.destroyed || this.res.writableEnded) return;
    if (this.stream) {
      this.stream.end();
      return;
    }
    if (this.answers.length === 0) {
      // Every request in it was cancelled: nothing to answer, as for notifications alone.
      this.res.writeHead(202).end();
      return;
    }
    sendText(
      this.res,
      200,
      JSON.stringify(this.batch ? this.answers : this.answers[0]),
      this.jsonHeaders,
    );
  }
}
