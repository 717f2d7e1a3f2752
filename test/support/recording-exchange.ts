import type {
  NotificationMessage,
  ResponseMessage,
  ServerRequestMessage,
} from '../../src/adapters/mcp/json-rpc/messages.js';
import type { Exchange } from '../../src/adapters/mcp/link/exchange.js';

/** What went out on an exchange, in order: a response, a related message, or a drop. */
export type ExchangeEvent =
  | { readonly answer: ResponseMessage }
  | { readonly related: NotificationMessage | ServerRequestMessage }
  | { readonly dropped: true };

/** An exchange (one POST or stdio line) that keeps what is sent on it, for a test to read. */
export class RecordingExchange implements Exchange {
  readonly events: ExchangeEvent[] = [];
  private readonly abandonListeners: (() => void)[] = [];
  private waiters: { matches: (event: ExchangeEvent) => boolean; wake: () => void }[] = [];

  get answers(): ResponseMessage[] {
    return this.events.flatMap((event) => ('answer' in event ? [event.answer] : []));
  }

  get related(): (NotificationMessage | ServerRequestMessage)[] {
    return this.events.flatMap((event) => ('related' in event ? [event.related] : []));
  }

  get drops(): number {
    return this.events.filter((event) => 'dropped' in event).length;
  }

  answer(response: ResponseMessage): void {
    this.record({ answer: response });
  }

  relate(message: NotificationMessage | ServerRequestMessage): void {
    this.record({ related: message });
  }

  drop(): void {
    this.record({ dropped: true });
  }

  onAbandon(listener: () => void): void {
    this.abandonListeners.push(listener);
  }

  /** The client goes away before every request is answered. */
  abandon(): void {
    for (const listener of this.abandonListeners) listener();
  }

  /** Resolves once something matching has been sent (at once when it has been already). */
  async until(matches: (event: ExchangeEvent) => boolean): Promise<void> {
    if (this.events.some(matches)) return;
    await new Promise<void>((wake) => this.waiters.push({ matches, wake }));
  }

  /** Resolves with the response to request `id`, once sent. */
  async answerTo(id: string | number | null): Promise<ResponseMessage> {
    const isIt = (event: ExchangeEvent): boolean => 'answer' in event && event.answer.id === id;
    await this.until(isIt);
    return this.answers.find((answer) => answer.id === id)!;
  }

  /** Resolves with the server's question (a request it sends), once sent. */
  async question(): Promise<ServerRequestMessage> {
    const isQuestion = (event: ExchangeEvent): boolean =>
      'related' in event && 'id' in event.related;
    await this.until(isQuestion);
    return this.related.find((message) => 'id' in message) as ServerRequestMessage;
  }

  private record(event: ExchangeEvent): void {
    this.events.push(event);
    const due = this.waiters.filter((waiter) => waiter.matches(event));
    this.waiters = this.waiters.filter((waiter) => !due.includes(waiter));
    for (const waiter of due) waiter.wake();
  }
}
