import type { Principal } from '../../../application/ports/identity-provider.js';
import type { RequestId } from '../inbound/json-reader.js';
import type { RequestMeta } from '../inbound/request-meta.js';
import type { NotificationMessage } from '../json-rpc/messages.js';
import type { Scope2026 } from '../methods/mcp-method.js';
import { PROTOCOL_2026 } from '../protocol-versions.js';
import type { RunningRequest } from './running-request.js';

/**
 * A 2026-07-28 request on a connection that also carries 2025-11-25 ones (stdio, in-process): it
 * stands alone, knowing nothing of initialize; what it sends ahead of its answer goes on the
 * connection while the answer is still owed (a cancelled request sends nothing more).
 */
export class StandaloneRequest implements Scope2026 {
  readonly version = PROTOCOL_2026;

  constructor(
    private readonly running: RunningRequest,
    readonly principal: Principal,
    readonly meta: RequestMeta,
  ) {}

  get requestId(): RequestId {
    return this.running.clientId;
  }

  get signal(): AbortSignal {
    return this.running.signal;
  }

  relate(message: NotificationMessage): void {
    if (this.running.open) this.running.exchange.relate(message);
  }
}
