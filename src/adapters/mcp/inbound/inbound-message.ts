import type { ProgressToken } from '@modelcontextprotocol/sdk/types.js';
import type { Operation } from '../../../application/policy/access-policy.js';
import type { ClientReply } from '../json-rpc/messages.js';
import type { RpcError } from '../json-rpc/rpc-error.js';
import type { McpMethod, RawParams } from '../methods/mcp-method.js';
import type { WireVersion } from '../protocol-versions.js';
import type { RequestId } from './json-reader.js';
import type { RequestMeta } from './request-meta.js';

/** A request, classified: everything later steps need, so none of them reads the body again. */
export interface InboundRequest {
  readonly kind: 'request';
  readonly id: RequestId;
  readonly method: string;
  /** The protocol version it is served in. */
  readonly wire: WireVersion;
  /** The method table's entry; undefined for a method this server does not serve. */
  readonly entry?: McpMethod;
  /** The params as the method read them (unset when the request is refused). */
  readonly params?: unknown;
  /** Why the request is answered with an error without running. */
  readonly refusal?: RpcError;
  /** What it asks to do, for the scope check. */
  readonly operation?: Operation;
  /** Task creations it may start, for the creation budget. */
  readonly creates: number;
  /** The value of the field its 2026-07-28 `Mcp-Name` header must mirror. */
  readonly routed?: unknown;
  readonly progressToken?: ProgressToken;
  /** 2026-07-28: what the request says about its client. */
  readonly meta?: RequestMeta;
  /** 2026-07-28: the protocol version its `_meta` names, as sent, for the header check. */
  readonly metaVersion?: unknown;
}

export interface InboundNotification {
  readonly kind: 'notification';
  readonly method: string;
  readonly params: RawParams;
}

/** The client's answer to a request the server sent it. */
export interface InboundReply extends ClientReply {
  readonly kind: 'reply';
}

/** Not a JSON-RPC message this server takes: answered with `error`, under `id` when readable. */
export interface InboundInvalid {
  readonly kind: 'invalid';
  readonly id: RequestId | null;
  readonly error: RpcError;
}

export type InboundMessage = InboundRequest | InboundNotification | InboundReply | InboundInvalid;

/** A body (or stdio line), read and classified. */
export interface InboundBody {
  readonly batch: boolean;
  readonly messages: readonly InboundMessage[];
}

/** Messages that get an answer: requests, and what could not be read as a message. */
export function expectsAnswer(message: InboundMessage): boolean {
  return message.kind === 'request' || message.kind === 'invalid';
}
