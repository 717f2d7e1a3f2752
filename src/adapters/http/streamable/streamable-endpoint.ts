import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { DEFAULT_NEGOTIATED_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { inject, injectable } from 'inversify';
import { CLOCK, type Clock } from '../../../application/ports/clock.js';
import type { Principal } from '../../../application/ports/identity-provider.js';
import {
  expectsAnswer,
  type InboundBody,
  type InboundMessage,
} from '../../mcp/inbound/inbound-message.js';
import { INBOUND_LIMITS, type InboundLimits } from '../../mcp/inbound/inbound-limits.js';
import { loneMessageId } from '../../mcp/inbound/json-reader.js';
import { MessageClassifier } from '../../mcp/inbound/message-classifier.js';
import { RpcError } from '../../mcp/json-rpc/rpc-error.js';
import { unsupportedVersion } from '../../mcp/json-rpc/error-table.js';
import type { Exchange } from '../../mcp/link/exchange.js';
import type { ClientLink } from '../../mcp/link/client-link.js';
import { ClientLinks } from '../../mcp/link/client-links.js';
import {
  isServedVersion,
  PROTOCOL_2025,
  PROTOCOL_2026,
  wireVersionOf,
} from '../../mcp/protocol-versions.js';
import { HttpError } from '../http-error.js';
import { statusOf2025 } from '../http-refusals.js';
import { sendRpcError } from '../http-writer.js';
import { readBody } from '../request-body.js';
import { PostExchange } from './post-exchange.js';
import { Post2026 } from './post-2026.js';
import { PostAdmission } from './post-admission.js';
import { SessionRegistry, type Session } from './session-registry.js';
import {
  assertPostHeaders,
  assertStreamAccepted,
  protocolVersionOf,
} from './streamable-headers.js';

export type HttpMode = 'session' | 'stateless';

export interface StreamableSettings {
  readonly mode: HttpMode;
  readonly maxBodyBytes: number;
}

export const STREAMABLE_SETTINGS = Symbol('StreamableSettings');

const JSON_HEADERS: OutgoingHttpHeaders = Object.freeze({ 'content-type': 'application/json' });
const SESSION_REQUIRED = new HttpError(
  'SESSION_REQUIRED',
  'Bad Request: send initialize first, then the Mcp-Session-Id it returns',
);
const STATELESS_POST_ONLY = new HttpError(
  'METHOD_NOT_ALLOWED',
  'Method not allowed: this server runs stateless, use POST',
  { allow: 'POST' },
);
const MODERN_POST_ONLY = new HttpError(
  'METHOD_NOT_ALLOWED',
  'Method not allowed: 2026-07-28 clients POST',
  { allow: 'POST' },
);
const SESSION_METHODS_ONLY = new HttpError('METHOD_NOT_ALLOWED', 'Method not allowed', {
  allow: 'GET, POST, DELETE',
});
const INITIALIZED = new HttpError(
  'ALREADY_INITIALIZED',
  'Invalid Request: Server already initialized',
);
const INITIALIZE_ALONE = new HttpError(
  'ALREADY_INITIALIZED',
  'Invalid Request: Only one initialization request is allowed',
);

/** An exchange for a POST with nothing to answer (it was answered 202 already). */
const NOTHING_TO_ANSWER: Exchange = {
  answer: () => undefined,
  relate: () => undefined,
  drop: () => undefined,
  onAbandon: () => undefined,
};

/**
 * Streamable HTTP at the MCP endpoint. Each POST's body is read once (bounded), classified once
 * (version, messages, per message its method, operation, rate cost and routing fields), admitted
 * once (scopes, then budgets, every request of a batch counted), and then served: 2026-07-28
 * requests one per POST, answered with plain JSON; 2025-11-25 ones through a connection (a
 * session's, bound to the owner that opened it, or in stateless mode one shared by every caller
 * that keeps nothing between requests).
 */
@injectable()
export class StreamableEndpoint {
  private readonly stateless?: ClientLink;

  constructor(
    @inject(STREAMABLE_SETTINGS) private readonly settings: StreamableSettings,
    @inject(MessageClassifier) private readonly classifier: MessageClassifier,
    @inject(PostAdmission) private readonly admission: PostAdmission,
    @inject(Post2026) private readonly modern: Post2026,
    @inject(SessionRegistry) private readonly sessions: SessionRegistry,
    @inject(ClientLinks) links: ClientLinks,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(INBOUND_LIMITS) private readonly limits: InboundLimits,
  ) {
    if (settings.mode === 'stateless') this.stateless = links.open({ oneClient: false });
  }

  get openSessions(): number {
    return this.sessions.size;
  }

  /** Closes sessions idle for longer than `idleMs`; returns how many. */
  closeIdleSessions(idleMs: number): number {
    return this.sessions.closeIdle(this.clock.now() - idleMs);
  }

  closeAll(): void {
    this.sessions.closeAll();
    this.stateless?.close();
  }

  /** Serves one request to the endpoint; `spent` requests were paid for before the body was read. */
  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    principal: Principal,
    spent: number,
  ): Promise<void> {
    const version = protocolVersionOf(req);
    if (req.method === 'POST') {
      await this.post(req, res, principal, version, spent);
      return;
    }
    if (version === PROTOCOL_2026) throw MODERN_POST_ONLY;
    if (this.stateless) throw STATELESS_POST_ONLY;
    const session = this.sessionOf(req, principal);
    if (!session) throw SESSION_REQUIRED;
    switch (req.method) {
      case 'GET': {
        assertStreamAccepted(req);
        const lastEventId = req.headers['last-event-id'];
        session.stream.open(
          res,
          version ?? DEFAULT_NEGOTIATED_PROTOCOL_VERSION,
          typeof lastEventId === 'string' ? lastEventId : undefined,
        );
        return;
      }
      case 'DELETE':
        session.link.close();
        res.writeHead(200).end();
        return;
      default:
        throw SESSION_METHODS_ONLY;
    }
  }

  private async post(
    req: IncomingMessage,
    res: ServerResponse,
    principal: Principal,
    version: string | undefined,
    spent: number,
  ): Promise<void> {
    // The body is read before the headers are judged: a request whose body stalls gets its 408.
    const bytes = await readBody(req, this.settings.maxBodyBytes);
    assertPostHeaders(req);
    if (version !== undefined && !isServedVersion(version)) {
      this.refuseVersion(res, version, loneMessageId(bytes, this.limits));
      return;
    }
    const wire = version === undefined ? PROTOCOL_2025 : wireVersionOf(version);
    let body: InboundBody;
    try {
      body = this.classifier.classify(bytes, wire);
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      sendRpcError(res, 400, null, error);
      return;
    }
    if (wire === PROTOCOL_2025) {
      // 2025-11-25 refusals of a whole POST carry no id, as the SDK's own transport sends them.
      await this.post2025(req, res, principal, body, spent);
      return;
    }
    await this.modern.serve(req, res, principal, body, spent);
  }

  /** A request in a protocol version this server does not speak: 400, -32022, naming those it does. */
  private refuseVersion(res: ServerResponse, requested: string, id: string | number | null): void {
    sendRpcError(res, 400, id, unsupportedVersion(requested));
  }

  private async post2025(
    req: IncomingMessage,
    res: ServerResponse,
    principal: Principal,
    body: InboundBody,
    spent: number,
  ): Promise<void> {
    const [first] = body.messages;
    if (!body.batch && first?.kind === 'invalid') {
      sendRpcError(res, statusOf2025(first.error), first.id, first.error);
      return;
    }
    await this.admission.admit(principal, body.messages, spent);
    const initializing = body.messages.some(isInitialize);
    if (initializing && body.messages.length > 1) throw INITIALIZE_ALONE;
    if (this.stateless) {
      this.deliver(this.stateless, res, principal, body, JSON_HEADERS, undefined);
      return;
    }
    let session = this.sessionOf(req, principal);
    if (session) {
      if (initializing) throw INITIALIZED;
    } else {
      if (!initializing) throw SESSION_REQUIRED;
      session = this.sessions.open(principal, this.clock.now());
    }
    const headers = { ...JSON_HEADERS, 'mcp-session-id': session.id };
    this.deliver(session.link, res, principal, body, headers, session.id);
  }

  /** The caller's session named by the request, refreshed; undefined when it names none. */
  private sessionOf(req: IncomingMessage, principal: Principal): Session | undefined {
    const id = req.headers['mcp-session-id'];
    if (typeof id !== 'string') return undefined;
    const session = this.sessions.find(id, principal);
    session.lastSeenAt = this.clock.now();
    return session;
  }

  /** Hands a POST's messages to a connection; answers 202 at once when none expects an answer. */
  private deliver(
    link: ClientLink,
    res: ServerResponse,
    principal: Principal,
    body: InboundBody,
    headers: OutgoingHttpHeaders,
    sessionId: string | undefined,
  ): void {
    const expected = body.messages.filter(expectsAnswer).length;
    if (expected === 0) {
      res.writeHead(202, sessionId === undefined ? {} : { 'mcp-session-id': sessionId }).end();
      link.receive(body.messages, principal, NOTHING_TO_ANSWER);
      return;
    }
    link.receive(
      body.messages,
      principal,
      new PostExchange(res, body.batch, expected, headers, sessionId),
    );
  }
}

/** An initialize that would run: a refused one is answered like any other refused request. */
function isInitialize(message: InboundMessage): boolean {
  return message.kind === 'request' && message.method === 'initialize' && !message.refusal;
}
