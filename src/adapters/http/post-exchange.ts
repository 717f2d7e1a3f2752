import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { eventStreamHeaders, writeEvent } from './server-sent-events.js';

/**
 * The answer to one POST. Plain JSON once every request in it has its response, which is what a
 * polling client's tasks/get gets; an event stream instead as soon as a message about one of its
 * requests (a progress notification, a request to the client) has to go out before the responses.
 * Streamable HTTP lets the server choose either per POST.
 */
export class PostExchange {
  private readonly answers: JSONRPCMessage[] = [];
  private streaming = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly batch: boolean,
    /** The requests in the POST that still wait for their response. */
    private waiting: number,
    private readonly jsonHeaders: OutgoingHttpHeaders,
    private readonly sessionId: string | undefined,
  ) {}

  get finished(): boolean {
    return this.waiting === 0;
  }

  /** Adds the response to one of the requests; the last one completes the answer. */
  answer(response: JSONRPCMessage): void {
    this.waiting--;
    if (this.streaming) writeEvent(this.res, response);
    else this.answers.push(response);
    if (this.waiting === 0) this.complete();
  }

  /** One of the requests was cancelled: it gets no response, and is no longer waited for. */
  drop(): void {
    this.waiting--;
    if (this.waiting === 0) this.complete();
  }

  private complete(): void {
    if (this.res.destroyed || this.res.writableEnded) return;
    if (this.streaming) {
      this.res.end();
      return;
    }
    if (this.answers.length === 0) {
      // Every request in it was cancelled: nothing to answer, as for notifications alone.
      this.res.writeHead(202).end();
      return;
    }
    const body = JSON.stringify(this.batch ? this.answers : this.answers[0]);
    // With its length known the body goes out in one piece, not chunked.
    this.res.setHeader('content-length', Buffer.byteLength(body));
    this.res.writeHead(200, this.jsonHeaders).end(body);
  }

  /** Sends a message about one of the requests ahead of the responses, as an event. */
  relay(message: JSONRPCMessage): void {
    if (this.res.destroyed || this.res.writableEnded) return;
    if (!this.streaming) {
      this.streaming = true;
      this.res.writeHead(200, eventStreamHeaders(this.sessionId));
      // Responses already in hand (earlier requests of a batch) go first, in order.
      for (const response of this.answers) writeEvent(this.res, response);
    }
    writeEvent(this.res, message);
  }
}
