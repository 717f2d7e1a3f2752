import type { Principal } from '../../../application/ports/identity-provider.js';
import type { RequestId } from '../../mcp/inbound/json-reader.js';
import type { RequestMeta } from '../../mcp/inbound/request-meta.js';
import type { NotificationMessage } from '../../mcp/json-rpc/messages.js';
import type { Scope2026 } from '../../mcp/methods/mcp-method.js';
import { PROTOCOL_2026 } from '../../mcp/protocol-versions.js';
import type { ConnectionWatcher } from '../connection-watch.js';
import type { PostAnswer } from './post-answer.js';

/** Why a 2026-07-28 request's signal fires: one error for all, made once (a stack costs). */
const CLIENT_GONE = new Error('The client closed the connection');

/**
 * The scope of a 2026-07-28 POST's request. Its signal is made only when a handler asks for it
 * (a tasks/get never does; an inline run or a listen does), and fires if the connection closes
 * before the answer: an AbortController and a close listener per request were a tenth of a
 * tasks/get's cost.
 */
export class PostRequest implements Scope2026, ConnectionWatcher {
  readonly version = PROTOCOL_2026;
  private controller?: AbortController;
  private lost = false;

  constructor(
    readonly principal: Principal,
    readonly meta: RequestMeta,
    readonly requestId: RequestId,
    private readonly answer: PostAnswer,
  ) {}

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.lost) this.controller.abort(CLIENT_GONE);
    }
    return this.controller.signal;
  }

  relate(message: NotificationMessage): void {
    this.answer.relate(message);
  }

  connectionLost(): void {
    this.lost = true;
    this.controller?.abort(CLIENT_GONE);
  }
}
