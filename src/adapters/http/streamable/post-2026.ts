import type { IncomingMessage, ServerResponse } from 'node:http';
import { inject, injectable } from 'inversify';
import type { Principal } from '../../../application/ports/identity-provider.js';
import type { InboundBody, InboundRequest } from '../../mcp/inbound/inbound-message.js';
import { invalidRequest } from '../../mcp/json-rpc/error-table.js';
import { McpDispatcher } from '../../mcp/methods/mcp-dispatcher.js';
import { HttpError } from '../http-error.js';
import { statusOf2026 } from '../http-refusals.js';
import { errorResponse, resultResponse } from '../../mcp/json-rpc/messages.js';
import { sendRpcError } from '../http-writer.js';
import { PostAnswer } from './post-answer.js';
import { PostRequest } from './post-request.js';
import { unwatchConnection, watchConnection } from '../connection-watch.js';
import { PostAdmission } from './post-admission.js';
import { routingMismatch } from './streamable-headers.js';

const ONE_MESSAGE = invalidRequest('one JSON-RPC message per POST');
const NO_RESPONSES = invalidRequest('a 2026-07-28 client sends no responses');

/**
 * A 2026-07-28 POST: one request that stands alone, its routing headers mirroring its body
 * (SEP-2243), answered with plain JSON and the HTTP status its answer calls for, or, when the
 * request sends notifications ahead of its answer (subscriptions/listen), with an event stream; a
 * refusal of the whole POST (a scope, a budget, a header) answers under the request's id. The
 * client's closing the connection cancels the request.
 */
@injectable()
export class Post2026 {
  constructor(
    @inject(PostAdmission) private readonly admission: PostAdmission,
    @inject(McpDispatcher) private readonly dispatcher: McpDispatcher,
  ) {}

  /** Serves the POST's one request, or answers why not: under its id, whatever the refusal. */
  async serve(
    req: IncomingMessage,
    res: ServerResponse,
    principal: Principal,
    body: InboundBody,
    spent: number,
  ): Promise<void> {
    try {
      await this.serveOne(req, res, principal, body, spent);
    } catch (error) {
      throw error instanceof HttpError ? error.answering(loneRequestId(body)) : error;
    }
  }

  private async serveOne(
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
    await this.admission.admit(principal, body.messages, spent);
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
    await this.answer(res, principal, message);
  }

  private async answer(
    res: ServerResponse,
    principal: Principal,
    request: InboundRequest,
  ): Promise<void> {
    const answer = new PostAnswer(res);
    const scope = new PostRequest(principal, request.meta!, request.id, answer);
    watchConnection(res, scope);
    try {
      const result = await this.dispatcher.serve(request, scope);
      if (!res.destroyed) answer.respond(200, resultResponse(request.id, result));
    } catch (error) {
      if (res.destroyed) return;
      const rpc = this.dispatcher.toRpcError(error);
      answer.respond(statusOf2026(rpc), errorResponse(request.id, rpc));
    } finally {
      unwatchConnection(res, scope);
    }
  }
}

/** The id a refusal of the whole POST answers: its request's, when it holds just one. */
function loneRequestId(body: InboundBody): string | number | null {
  const [only] = body.messages;
  if (body.batch || !only || only.kind !== 'request') return null;
  return only.id;
}
