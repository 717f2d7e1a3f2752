import type { ProgressToken } from '@modelcontextprotocol/sdk/types.js';
import type { Operation } from '../../../application/policy/access-policy.js';
import type { Principal } from '../../../application/ports/identity-provider.js';
import type { JsonObject } from '../../../domain/index.js';
import type { RequestId } from '../inbound/json-reader.js';
import type { RequestMeta } from '../inbound/request-meta.js';
import type { NotificationMessage } from '../json-rpc/messages.js';
import type { RequestLink } from '../link/request-link.js';
import type { PROTOCOL_2025, PROTOCOL_2026 } from '../protocol-versions.js';

/** A request's params as read: a JSON object (empty when the request had none). */
export type RawParams = Readonly<Record<string, unknown>>;

/** What every request has, whichever version serves it. */
interface RequestScopeBase {
  readonly principal: Principal;
  /** Fires when the client cancels the request or goes away. */
  readonly signal: AbortSignal;
}

/** A 2025-11-25 request: it reaches its client through the connection it came on. */
export interface Scope2025 extends RequestScopeBase {
  readonly version: typeof PROTOCOL_2025;
  readonly progressToken?: ProgressToken;
  readonly link: RequestLink;
}

/** A 2026-07-28 request: it stands alone, carrying what its client can do. */
export interface Scope2026 extends RequestScopeBase {
  readonly version: typeof PROTOCOL_2026;
  readonly meta: RequestMeta;
  /** The request's own id (a subscription is named by its listen's id). */
  readonly requestId: RequestId;
  /**
   * Sends a notification about this request ahead of its answer: on HTTP the answer becomes an
   * event stream, on stdio it is a line of its own. A client that stops reading is cut off, and
   * the request's signal fires.
   */
  relate(message: NotificationMessage): void;
}

/** How one protocol version serves a method: its params read once, then the use case, presented. */
export interface MethodVersion<Params, Scope> {
  /** The method's own params, or the -32602 (an RpcError) that says what is wrong with them. */
  parse(params: RawParams): Params;
  serve(params: Params, scope: Scope): Promise<JsonObject>;
}

/**
 * One MCP method as this server serves it: an entry of the method table. Everything the front door
 * needs to know about a method is here, in one file per method: the scoped operation it asks for,
 * what it costs of the rate budgets, the field its 2026-07-28 routing header mirrors, and, per
 * protocol version, how its params are read and how its answer is presented. A version it has no
 * entry for answers -32601.
 */
export interface McpMethod {
  readonly name: string;
  /** The params field the 2026-07-28 `Mcp-Name` header mirrors. */
  readonly routingField?: string;
  /** Task creations a call with these params may start, spent from the caller's creation budget. */
  creates?(params: RawParams): number;
  /** What it asks to do, in the terms scopes are granted for; nothing to check when undefined. */
  operation?(params: RawParams): Operation | undefined;
  // The versions' params differ per method; the table pairs each parse with its own serve.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly v2025?: MethodVersion<any, Scope2025>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly v2026?: MethodVersion<any, Scope2026>;
}

/** The token the method table's entries are bound under (many). */
export const MCP_METHOD = Symbol('McpMethod');
