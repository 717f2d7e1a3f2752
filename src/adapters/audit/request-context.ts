import { AsyncLocalStorage } from 'node:async_hooks';

/** Who a request came from, for the audit trail: set once per request by its transport. */
export interface RequestContext {
  readonly requestId: string;
  readonly clientAddress: string;
}

/**
 * The request being served, carried along its async work. Events a request causes later (its job
 * exiting, its lock released) keep the id of the request that started them.
 */
export const requestContext = new AsyncLocalStorage<RequestContext>();
