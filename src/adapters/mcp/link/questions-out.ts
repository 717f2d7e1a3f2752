import type { Principal } from '../../../application/ports/identity-provider.js';
import type { InboundReply } from '../inbound/inbound-message.js';
import {
  notification,
  type NotificationMessage,
  type ServerRequestMessage,
} from '../json-rpc/messages.js';
import type { ClientAnswer, Question } from './request-link.js';

/** The request a question is asked about: who made it, and its stream. */
export interface Asker {
  readonly principal: Principal;
  /** Whether the request is still owed its answer (and so still has a stream to ask on). */
  readonly open: boolean;
  /** The questions it has out, by the server's id. */
  readonly questions: Set<number>;
  relate(message: NotificationMessage | ServerRequestMessage): void;
}

export interface QuestionOptions {
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

interface PendingQuestion {
  readonly owner: string;
  resolve(answer: ClientAnswer): void;
  /** Stops waiting; `notify` tells the client the question is withdrawn (it is still open). */
  withdraw(reason: string, notify: boolean): void;
}

/**
 * The server's own requests to a client (2025-11-25 questions), each on the stream of the request
 * it is about, waiting for the client's reply: matched by the server's id, and only from the
 * owner it was put to. A question is withdrawn (notifications/cancelled) only while it is still
 * unanswered: when its request ends, it times out, or its asker no longer needs it.
 */
export class QuestionsOut {
  private lastId = 0;
  private readonly pending = new Map<number, PendingQuestion>();

  ask(asker: Asker, question: Question, options: QuestionOptions): Promise<ClientAnswer> {
    // A request already answered has no stream left to ask on.
    if (!asker.open) return Promise.reject(new Error('The request has ended'));
    if (options.signal.aborted) {
      return Promise.reject(new Error('The question is no longer needed'));
    }
    const id = ++this.lastId;
    return new Promise<ClientAnswer>((resolve, reject) => {
      let settled = false;
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        options.signal.removeEventListener('abort', onAbort);
        this.pending.delete(id);
        asker.questions.delete(id);
        return true;
      };
      const withdraw = (reason: string, notify: boolean): void => {
        if (!settle()) return;
        // The spec lets a sender cancel only what is still in progress: this question is.
        if (notify) {
          asker.relate(notification('notifications/cancelled', { requestId: id, reason }));
        }
        reject(new Error(reason));
      };
      const onAbort = (): void => withdraw('The question is no longer needed', true);
      const timer = setTimeout(() => withdraw('The question timed out', true), options.timeoutMs);
      timer.unref?.();
      options.signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        owner: asker.principal.owner,
        resolve: (answer) => {
          if (settle()) resolve(answer);
        },
        withdraw,
      });
      asker.questions.add(id);
      asker.relate({ jsonrpc: '2.0', id, method: question.method, params: question.params });
    });
  }

  /** A client's reply: taken when it answers a question put to its own owner, else ignored. */
  replied(reply: InboundReply, from: Principal): void {
    if (typeof reply.id !== 'number') return;
    const question = this.pending.get(reply.id);
    // Only the owner a question was put to may answer it (or learn that it exists).
    if (!question || question.owner !== from.owner) return;
    question.resolve({ reply, from });
  }

  /** Withdraws the questions `ids` that are still out, telling the client. */
  withdraw(ids: Iterable<number>, reason: string): void {
    for (const id of [...ids]) this.pending.get(id)?.withdraw(reason, true);
  }

  /** Drops every question, telling nobody: the connection they were on is gone. */
  dropAll(reason: string): void {
    for (const question of [...this.pending.values()]) question.withdraw(reason, false);
  }
}
