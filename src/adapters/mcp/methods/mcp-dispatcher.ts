import { inject, injectable } from 'inversify';
import { LOGGER, type Logger } from '../../../application/ports/logger.js';
import type { JsonObject } from '../../../domain/index.js';
import type { InboundRequest } from '../inbound/inbound-message.js';
import { methodNotFound, toRpcError } from '../json-rpc/error-table.js';
import type { RpcError } from '../json-rpc/rpc-error.js';
import { PROTOCOL_2026 } from '../protocol-versions.js';
import type { Scope2025, Scope2026 } from './mcp-method.js';

/**
 * The dispatch step, for both protocol versions: a classified request runs its table entry's
 * handler for the version it came in, and whatever goes wrong becomes a JSON-RPC error through the
 * one error table.
 */
@injectable()
export class McpDispatcher {
  constructor(@inject(LOGGER) private readonly logger: Logger) {}

  /** The handler's own promise: no layer of its own between the transport and the method. */
  serve(request: InboundRequest, scope: Scope2025 | Scope2026): Promise<JsonObject> {
    if (request.refusal) return Promise.reject(request.refusal);
    if (scope.version === PROTOCOL_2026) {
      const served = request.entry?.v2026;
      return served
        ? served.serve(request.params, scope)
        : Promise.reject(methodNotFound(request.method));
    }
    const served = request.entry?.v2025;
    return served
      ? served.serve(request.params, scope)
      : Promise.reject(methodNotFound(request.method));
  }

  toRpcError(error: unknown): RpcError {
    return toRpcError(error, this.logger);
  }
}
