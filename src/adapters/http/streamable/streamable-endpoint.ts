import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { DEFAULT_NEGOTIATED_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { inject, injectable } from 'inversify';
import { CLOCK, type Clock } from '../../../application/ports/clock.js';
import type { Principal } from '../../../application/ports/identity-provider.js';
import { InsufficientScopeError, RateLimitedError } from '../../../application/shared/errors.js';
import {
  expectsAnswer,
  type InboundBody,
  type InboundMessage,
  type InboundRequest,
} from '../../mcp/inbound/inbound-message.js';
import { INBOUND_LIMITS, type InboundLimits } from '../../mcp/inbound/inbound-limits.js';
import { loneMessageId } from '../../mcp/inbound/json-reader.js';
import { MessageClassifier } from '../../mcp/inbound/message-classifier.js';
import { RequestAdmission } from '../../mcp/inbound/request-admission.js';
import { invalidRequest } from '../../mcp/json-rpc/error-table.js';
import { RPC_CODES } from '../../mcp/json-rpc/rpc-codes.js';
import { RpcError } from '../../mcp/json-rpc/rpc-error.js';
import type { Exchange } from '../../mcp/link/exchange.js';
import type { ClientLink } from '../../mcp/link/client-link.js';
import { ClientLinks } from '../../mcp/link/client-links.js';
import { McpDispatcher } from '../../mcp/methods/mcp-dispatcher.js';
import {
  isServedVersion,
  PROTOCOL_2025,
  PROTOCOL_2026,
  SUPPORTED_VERSIONS,
  wireVersionOf,
} from '../../mcp/protocol-versions.js';
import { BearerAuth } from '../bearer/bearer-auth.js';
import { HttpError } from '../http-error.js';
import { statusOf2025, statusOf2026 } from '../http-refusals.js';
import { sendJson, sendRpcError } from '../http-writer.js';
import { rateLimitedRefusal } from '../rate-limit-refusal.js';
import { readBody } from '../request-body.js';
import { PostExchange } from './post-exchange.js';
import { SessionRegistry, type Session } from './session-registry.js';
import {
  assertPostHeaders,
  assertStreamAccepted,
  protocolVersionOf,
  routingMismatch,
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
const ONE_MESSAGE = invalidRequest('one JSON-RPC message per POST');
const NO_RESPONSES = invalidRequest('a 2026-07-28 client sends no responses');

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
    @inject(RequestAdmission) private readonly admission: RequestAdmission,
    @inject(McpDispatcher) private readonly dispatcher: McpDispatcher,
    @inject(BearerAuth) private readonly bearer: BearerAuth,
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
    try {
      await this.post2026(req, res, principal, body, spent);
    } catch (error) {
      // 2026-07-28: an error answers the request it refuses, under its id.
      throw error instanceof HttpError ? error.answering(loneRequestId(body)) : error;
    }
  }

  /** A request in a protocol version this server does not speak: 400, -32022, naming those it does. */
  private refuseVersion(res: ServerResponse, requested: string, id: string | number | null): void {
    const shown = requested.slice(0, 64);
    const error = new RpcError(
      RPC_CODES.unsupportedProtocolVersion,
      `Unsupported protocol version: ${shown} (supported: ${SUPPORTED_VERSIONS.join(', ')})`,
      { requested: shown, supported: SUPPORTED_VERSIONS },
    );
    sendRpcError(res, 400, id, error);
  }

  private async post2026(
    req: IncomingMessage,
    res: ServerResponse,
    principal: Principal,
    body: InboundBody,
    spent: number,
  ): Promise<void> {
    const [message] = body.messages;
    if (body.batch || !message) {
      sendRpcError(res, 400, null, ONE_MESSAGE);
      return;
    }
    switch (message.kind) {
      case 'invalid':
        sendRpcError(res, statusOf2026(message.error), message.id, message.error);
        return;
      case 'reply':
        sendRpcError(res, 400, null, NO_RESPONSES);
        return;
      case 'notification':
        // Nothing of 2026-07-28's needs one from a client over HTTP.
        res.writeHead(202).end();
        return;
      case 'request':
        break;
    }
    await this.admit(principal, body.messages, spent);
    const mismatch = routingMismatch(req, {
      method: message.method,
      routed: message.routed,
      metaVersion: message.metaVersion,
      ...(message.entry?.routingField === undefined
        ? {}
        : { routingField: message.entry.routingField }),
    });
    if (mismatch) {
      throw new HttpError('HEADER_MISMATCH', `Header mismatch: ${mismatch}`);
    }
    if (message.refusal) {
      sendRpcError(res, statusOf2026(message.refusal), message.id, message.refusal);
      return;
    }
    await this.serve2026(res, principal, message);
  }

  private async serve2026(
    res: ServerResponse,
    principal: Principal,
    request: InboundRequest,
  ): Promise<void> {
    const disconnected = new AbortController();
    res.once('close', () => disconnected.abort(new Error('The client closed the connection')));
    try {
      const result = await this.dispatcher.serve(request, {
        version: PROTOCOL_2026,
        principal,
        signal: disconnected.signal,
        meta: request.meta!,
      });
      if (!res.destroyed) sendJson(res, 200, { jsonrpc: '2.0', id: request.id, result });
    } catch (error) {
      if (res.destroyed) return;
      const rpc = this.dispatcher.toRpcError(error);
      sendRpcError(res, statusOf2026(rpc), request.id, rpc);
    }
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
    await this.admit(principal, body.messages, spent);
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

  /** Scopes first (403 with the challenge), then budgets (429). */
  private async admit(
    principal: Principal,
    messages: readonly InboundMessage[],
    spent: number,
  ): Promise<void> {
    try {
      this.admission.authorize(principal, messages);
      await this.admission.spend(principal, messages, spent);
    } catch (error) {
      if (error instanceof InsufficientScopeError) throw this.bearer.scopeRefusal(error);
      if (error instanceof RateLimitedError) throw rateLimitedRefusal(error);
      throw error;
    }
  }
}

/** An initialize that would run: a refused one is answered like any other refused request. */
function isInitialize(message: InboundMessage): boolean {
  return message.kind === 'request' && message.method === 'initialize' && !message.refusal;
}

/** The id a refusal of the whole POST answers: its request's, when it holds just one. */
function loneRequestId(body: InboundBody): string | number | null {
  const [only] = body.messages;
  if (body.batch || !only || only.kind !== 'request') return null;
  return only.id;
}
