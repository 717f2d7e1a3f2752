import type { MessageId } from '../json-rpc/messages.js';
import type { Exchange } from './exchange.js';

/**
 * A request being served: where its answer goes, and whether it still gets one. Its abort signal
 * is made only when something asks for it (most requests never do, and each costs an
 * AbortController).
 */
export class RunningRequest {
  private controller?: AbortController;
  private ended = false;
  private cancelReason?: string;

  constructor(
    readonly clientId: MessageId,
    readonly exchange: Exchange,
  ) {}

  get signal(): AbortSignal {
    if (this.cancelReason !== undefined && !this.controller) {
      return AbortSignal.abort(new Error(this.cancelReason));
    }
    this.controller ??= new AbortController();
    return this.controller.signal;
  }

  /** True until the request is answered, dropped or abandoned. */
  get open(): boolean {
    return !this.ended;
  }

  /**
   * Takes the request's one answer: true the first time, false once it was answered, cancelled or
   * closed. Everything that answers a request goes through here.
   */
  claimAnswer(): boolean {
    if (this.ended) return false;
    this.ended = true;
    return true;
  }

  /** The client cancelled it or went away: its work stops, and it gets no answer. */
  cancel(reason: string): void {
    this.ended = true;
    if (this.cancelReason !== undefined) return;
    this.cancelReason = reason;
    this.controller?.abort(new Error(reason));
  }
}
