import type {
  McpMethod,
  MethodVersion,
  RawParams,
  Scope2025,
} from '../../src/adapters/mcp/methods/mcp-method.js';
import { requestContext, type RequestContext } from '../../src/adapters/audit/request-context.js';
import type { JsonObject } from '../../src/domain/index.js';

/** One call of the probe: what it was given, and how the test ends it. */
export interface ProbeCall {
  readonly params: RawParams;
  readonly scope: Scope2025;
  /** The request context the call was served in, if its transport set one. */
  readonly context: RequestContext | undefined;
  finish(result?: JsonObject): void;
  fail(error: unknown): void;
}

/**
 * A 2025-11-25 method for the method table, `test/probe`, whose calls the test controls: each waits
 * until the test finishes or fails it, and keeps its scope (its link, signal and principal) for the
 * test to use meanwhile. It needs no scope and creates nothing.
 */
export class ProbeMethod implements McpMethod {
  readonly name = 'test/probe';
  readonly calls: ProbeCall[] = [];
  private waiters: (() => void)[] = [];

  readonly v2025: MethodVersion<RawParams, Scope2025> = {
    parse: (params) => params,
    serve: (params, scope) =>
      new Promise<JsonObject>((resolve, reject) => {
        this.calls.push({
          params,
          scope,
          context: requestContext.getStore(),
          finish: (result = {}) => resolve(result),
          fail: reject,
        });
        for (const wake of this.waiters.splice(0)) wake();
      }),
  };

  /** Resolves once `count` calls have started. */
  async called(count = 1): Promise<void> {
    while (this.calls.length < count) await new Promise<void>((wake) => this.waiters.push(wake));
  }
}
