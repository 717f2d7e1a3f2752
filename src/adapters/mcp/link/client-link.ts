import type { Principal } from '../../../application/ports/identity-provider.js';
import type { TaskEvents } from '../../../application/ports/task-events.js';
import type { ProgressListener } from '../../../application/tool-kit/task-context.js';
import type { Task } from '../../../domain/index.js';
import { requestContext, type RequestContext } from '../../audit/request-context.js';
import type {
  InboundMessage,
  InboundNotification,
  InboundReply,
  InboundRequest,
} from '../inbound/inbound-message.js';
import { own } from '../inbound/request-meta.js';
import { RPC_CODES } from '../json-rpc/rpc-codes.js';
import { RpcError } from '../json-rpc/rpc-error.js';
import {
  errorResponse,
  notification,
  resultResponse,
  type MessageId,
  type OutboundMessage,
} from '../json-rpc/messages.js';
import type { McpDispatcher } from '../methods/mcp-dispatcher.js';
import type { Exchange } from './exchange.js';
import { LinkedRequest, type LinkServices } from './linked-request.js';
import { QuestionsOut, type Asker, type QuestionOptions } from './questions-out.js';
import type { ClientAnswer, ClientDeclaration, Question } from './request-link.js';
import { RunningRequest } from './running-request.js';
import { StandaloneRequest } from './standalone-request.js';
import { PROTOCOL_2026 } from '../protocol-versions.js';
import { TaskStatusNotifier } from './task-status-notifier.js';

export interface LinkSettings {
  /**
   * The link serves one client (an HTTP session, stdio): it keeps what the client declared, and a
   * cancel may name any of its requests. Otherwise (stateless HTTP) it keeps nothing between
   * requests, and a cancel names only requests of its own POST.
   */
  readonly oneClient: boolean;
  /** Where messages outside any request go (a session's stream, stdout); none in stateless. */
  readonly standalone?: (message: OutboundMessage) => void;
  /** Who a request came from, for the audit trail, where the transport has not said it. */
  readonly contextOf?: (id: MessageId) => RequestContext;
}

export interface LinkDeps {
  readonly dispatcher: McpDispatcher;
  readonly events: TaskEvents;
}

const CONNECTION_CLOSED = new RpcError(RPC_CODES.connectionClosed, 'Connection closed');

/**
 * One 2025-11-25 connection, as MCP sees it: a session, stdio, or (stateless HTTP) every caller
 * at once. It serves each request from the method table and sends its one answer; honours the
 * client's notifications/cancelled; carries the server's own requests (questions) and matches the
 * client's replies to them, from the owner they were put to only; and follows tasks on the
 * connection's own stream where it has one. This is what the SDK's Server and Protocol did for the
 * server before, with nothing the server does not use, and nothing kept per request that is not
 * needed (no AbortController until a handler asks for a signal).
 */
export class ClientLink implements LinkServices {
  private declared?: ClientDeclaration;
  private logLevel?: string;
  private closed = false;
  /** Requests in flight, by the client's id (one-client links only: cancels look them up here). */
  private readonly byClientId = new Map<string, RunningRequest>();
  private readonly inFlight = new Set<RunningRequest>();
  private readonly questions = new QuestionsOut();
  private readonly notifier?: TaskStatusNotifier;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    private readonly deps: LinkDeps,
    private readonly settings: LinkSettings,
  ) {
    if (settings.standalone)
      this.notifier = new TaskStatusNotifier(deps.events, settings.standalone);
  }

  /** The protocol version agreed at initialize (a one-client link; stateless keeps none). */
  get protocolVersion(): string | undefined {
    return this.declared?.protocolVersion;
  }

  /** Serves the messages of one POST or line; every request and invalid message gets one answer. */
  receive(messages: readonly InboundMessage[], principal: Principal, exchange: Exchange): void {
    const ofExchange: RunningRequest[] = [];
    for (const message of messages) {
      switch (message.kind) {
        case 'invalid':
          exchange.answer(errorResponse(message.id, message.error));
          break;
        case 'request':
          this.start(message, principal, exchange, ofExchange);
          break;
        case 'notification':
          this.notified(message, ofExchange);
          break;
        case 'reply':
          this.replied(message, principal);
          break;
      }
    }
    if (ofExchange.length === 0) return;
    exchange.onAbandon(() => {
      for (const running of ofExchange) running.cancel('The client closed the connection');
    });
  }

  /** Ends the connection: requests in flight are answered "Connection closed", questions dropped. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const running of this.inFlight) {
      if (running.claimAnswer())
        running.exchange.answer(errorResponse(running.clientId, CONNECTION_CLOSED));
      running.cancel('Connection closed');
    }
    this.inFlight.clear();
    this.byClientId.clear();
    this.questions.dropAll('Connection closed');
    this.notifier?.close();
    for (const listener of this.closeListeners) listener();
  }

  /** Called once the link closes (a session's DELETE or idle timeout, stdin's end, shutdown). */
  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  private start(
    request: InboundRequest,
    principal: Principal,
    exchange: Exchange,
    ofExchange: RunningRequest[],
  ): void {
    if (request.refusal || this.closed) {
      exchange.answer(errorResponse(request.id, request.refusal ?? CONNECTION_CLOSED));
      return;
    }
    const running = new RunningRequest(request.id, exchange);
    ofExchange.push(running);
    this.inFlight.add(running);
    const key = idKey(request.id);
    if (this.settings.oneClient) this.byClientId.set(key, running);
    const serve = (): Promise<void> => this.serve(request, principal, running, key);
    const contextOf = this.settings.contextOf;
    void (contextOf ? requestContext.run(contextOf(request.id), serve) : serve());
  }

  private async serve(
    request: InboundRequest,
    principal: Principal,
    running: RunningRequest,
    key: string,
  ): Promise<void> {
    const scope =
      request.wire === PROTOCOL_2026
        ? new StandaloneRequest(running, principal, request.meta!)
        : new LinkedRequest(this, running, principal, request.progressToken);
    let answer;
    try {
      answer = resultResponse(request.id, await this.deps.dispatcher.serve(request, scope));
    } catch (error) {
      answer = errorResponse(request.id, this.deps.dispatcher.toRpcError(error));
    } finally {
      if (scope instanceof LinkedRequest) scope.finish();
      this.inFlight.delete(running);
      if (this.byClientId.get(key) === running) this.byClientId.delete(key);
    }
    if (running.claimAnswer()) running.exchange.answer(answer);
  }

  private notified(message: InboundNotification, ofExchange: readonly RunningRequest[]): void {
    if (message.method !== 'notifications/cancelled') return;
    const named = own(message.params, 'requestId');
    if (typeof named !== 'string' && typeof named !== 'number') return;
    const running = this.settings.oneClient
      ? this.byClientId.get(idKey(named))
      : ofExchange.find((candidate) => candidate.clientId === named);
    if (!running?.open) return;
    // A cancelled request gets no response; its POST stops waiting for one.
    running.cancel('The client cancelled the request');
    running.exchange.drop();
  }

  private replied(reply: InboundReply, principal: Principal): void {
    this.questions.replied(reply, principal);
  }

  /** For LinkedRequest: puts a question to the client about `asker`'s request. */
  ask(asker: Asker, question: Question, options: QuestionOptions): Promise<ClientAnswer> {
    if (this.closed) return Promise.reject(new Error('Connection closed'));
    return this.questions.ask(asker, question, options);
  }

  /** For LinkedRequest: withdraws what its request still has out, as it ends. */
  withdrawQuestions(ids: Iterable<number>): void {
    this.questions.withdraw(ids, 'The request ended');
  }

  get elicits(): boolean | undefined {
    if (!this.settings.oneClient) return undefined;
    return this.declared ? own(this.declared.capabilities, 'elicitation') !== undefined : false;
  }

  follow(task: Task): void {
    this.notifier?.follow(task);
  }

  progressAfterRequest(token: string | number): ProgressListener | undefined {
    const send = this.settings.standalone;
    if (!send) return undefined;
    return (step) =>
      send(notification('notifications/progress', { progressToken: token, ...step }));
  }

  initialize(declared: ClientDeclaration): void {
    if (this.settings.oneClient) this.declared = declared;
  }

  setLogLevel(level: string): void {
    if (this.settings.oneClient) this.logLevel = level;
  }

  get currentLogLevel(): string | undefined {
    return this.logLevel;
  }
}

/** One request's view of its link: what its handler may do with the connection. */
/** A client's request id as a map key: the string "1" and the number 1 are different ids. */
function idKey(id: MessageId): string {
  return typeof id === 'number' ? `n${id}` : `s${id}`;
}
