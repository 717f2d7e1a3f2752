import type { RpcError } from './rpc-error.js';

export type MessageId = string | number;

/** A JSON-RPC response: a result, or an error (under `null` when the request's id was unreadable). */
export type ResponseMessage =
  | { readonly jsonrpc: '2.0'; readonly id: MessageId; readonly result: object }
  | {
      readonly jsonrpc: '2.0';
      readonly id: MessageId | null;
      readonly error: ReturnType<RpcError['toJson']>;
    };

export interface NotificationMessage {
  readonly jsonrpc: '2.0';
  readonly method: string;
  readonly params?: object;
}

/** A request the server sends its client (2025-11-25: a question, elicitation/create). */
export interface ServerRequestMessage {
  readonly jsonrpc: '2.0';
  readonly id: number;
  readonly method: string;
  readonly params?: object;
}

/** A client's answer to a request the server sent it: a result, or an error. */
export interface ClientReply {
  readonly id: MessageId | null;
  readonly result?: Readonly<Record<string, unknown>>;
  readonly error?: { readonly code: number; readonly message: string; readonly data?: unknown };
}

export type OutboundMessage = ResponseMessage | NotificationMessage | ServerRequestMessage;

export function resultResponse(id: MessageId, result: object): ResponseMessage {
  return { jsonrpc: '2.0', id, result };
}

export function errorResponse(id: MessageId | null, error: RpcError): ResponseMessage {
  return { jsonrpc: '2.0', id, error: error.toJson() };
}

export function notification(method: string, params: object): NotificationMessage {
  return { jsonrpc: '2.0', method, params };
}
