import type {
  NotificationMessage,
  ResponseMessage,
  ServerRequestMessage,
} from '../json-rpc/messages.js';

/**
 * The way back to the client for the messages of one POST (or one stdio line): each request's one
 * response, and what goes out about a request before it (progress, a question). The transport
 * implements it.
 */
export interface Exchange {
  /** The response to one of its requests. */
  answer(response: ResponseMessage): void;
  /** A message about one of its requests, ahead of the response. */
  relate(message: NotificationMessage | ServerRequestMessage): void;
  /** One of its requests was cancelled by the client: it gets no response. */
  drop(): void;
  /** Called once if the client goes away before every request is answered. */
  onAbandon(listener: () => void): void;
}
