import { inject, injectable } from 'inversify';
import type { Principal } from '../../../application/ports/identity-provider.js';
import type { RequestContext } from '../../audit/request-context.js';
import type { InboundBody, InboundMessage } from '../inbound/inbound-message.js';
import { invalidRequest } from '../json-rpc/error-table.js';
import { MessageClassifier } from '../inbound/message-classifier.js';
import { RequestAdmission } from '../inbound/request-admission.js';
import { errorResponse, type MessageId, type OutboundMessage } from '../json-rpc/messages.js';
import { RpcError } from '../json-rpc/rpc-error.js';
import { McpDispatcher } from '../methods/mcp-dispatcher.js';
import { PROTOCOL_2026, VERSION_BY_META } from '../protocol-versions.js';
import type { ClientLink } from './client-link.js';
import { ClientLinks } from './client-links.js';
import type { Exchange } from './exchange.js';

/** Where a text connection's messages go, one JSON text each. */
export type TextSink = (message: OutboundMessage) => void;

/**
 * A connection to one client whose messages arrive as JSON texts, one at a time, and leave the
 * same way: stdio, or a client in the same process. Each text goes through the same steps as an
 * HTTP body (read and classified once, admitted, dispatched from the method table), except that a
 * refusal to admit is answered in-band, per request, since there is no HTTP status to say it.
 */
export class TextConnection {
  private readonly link: ClientLink;
  private readonly exchange: Exchange;

  constructor(
    private readonly parts: TextConnections,
    private readonly principal: Principal,
    send: TextSink,
    contextOf?: (id: MessageId) => RequestContext,
  ) {
    this.link = parts.links.open({
      oneClient: true,
      standalone: send,
      ...(contextOf ? { contextOf } : {}),
    });
    this.exchange = {
      answer: send,
      relate: send,
      drop: () => undefined,
      onAbandon: () => undefined,
    };
  }

  /** Serves one JSON text: a message or a batch. Every request in it gets one answer. */
  async receive(text: Uint8Array): Promise<void> {
    let body: InboundBody;
    try {
      body = this.parts.classifier.classify(text, VERSION_BY_META);
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      this.exchange.answer(errorResponse(null, error));
      return;
    }
    const admitted: InboundMessage[] = [];
    for (const message of body.messages) {
      admitted.push(await this.admitted(body.batch ? unbatched(message) : message));
    }
    this.link.receive(admitted, this.principal, this.exchange);
  }

  close(): void {
    this.link.close();
  }

  onClose(listener: () => void): void {
    this.link.onClose(listener);
  }

  /** The message, or (a request refused its scope or budget) its refusal, answered in-band. */
  private async admitted(message: InboundMessage): Promise<InboundMessage> {
    if (message.kind !== 'request' || message.refusal) return message;
    try {
      this.parts.admission.authorize(this.principal, [message]);
      await this.parts.admission.spend(this.principal, [message], 0);
      return message;
    } catch (error) {
      return { ...message, refusal: this.parts.dispatcher.toRpcError(error) };
    }
  }
}

/** 2026-07-28 has no batches: a request of that version in one is refused, as over HTTP. */
const NOT_IN_A_BATCH = invalidRequest('a 2026-07-28 request stands alone, never in a batch');

function unbatched(message: InboundMessage): InboundMessage {
  if (message.kind !== 'request' || message.wire !== PROTOCOL_2026 || message.refusal)
    return message;
  return { ...message, refusal: NOT_IN_A_BATCH };
}

/** Opens text connections; what each needs is shared by all. */
@injectable()
export class TextConnections {
  constructor(
    @inject(MessageClassifier) readonly classifier: MessageClassifier,
    @inject(RequestAdmission) readonly admission: RequestAdmission,
    @inject(McpDispatcher) readonly dispatcher: McpDispatcher,
    @inject(ClientLinks) readonly links: ClientLinks,
  ) {}

  open(
    principal: Principal,
    send: TextSink,
    contextOf?: (id: MessageId) => RequestContext,
  ): TextConnection {
    return new TextConnection(this, principal, send, contextOf);
  }
}
