import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '../../application/ports/identity-provider.js';

/** What a route's handler gets: the request, the response, and who is calling, if anyone. */
export interface RouteCall {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly path: string;
  /** Set once authentication passed; undefined on a path served without it. */
  readonly principal?: Principal;
  /** Requests the caller already paid for out of its own request budget. */
  readonly spent: number;
}

/**
 * One path the HTTP server serves. The server applies, in this order and for every route alike:
 * the loopback guard, the refusal of query-string tokens, the per-address budget (unless
 * `rateExempt`), authentication (for `auth: 'oauth'`, unless the operator exempted the path), the
 * caller's request budget (with `spendsRequest`), then the HTTP method check, then `handle`.
 */
export interface Route {
  readonly path: string;
  readonly methods: readonly string[];
  /** 'oauth': a bearer token unless the path is exempt; 'own': the route checks its own (metrics). */
  readonly auth: 'oauth' | 'own';
  /** Probes and scrapes are not charged to an address: a load balancer probes from one. */
  readonly rateExempt: boolean;
  /** The authenticated caller pays one request of its budget before the body is read. */
  readonly spendsRequest: boolean;
  /** The refusal for another HTTP method, when a plain 405 says too little. */
  readonly methodRefusal?: string;
  handle(call: RouteCall): Promise<void>;
}

/** Routes are bound as lists under this token (a binding may serve several paths, or none). */
export const ROUTES = Symbol('Routes');
