import type { Principal } from '../../../application/ports/identity-provider.js';
import type { ProgressListener } from '../../../application/tool-kit/task-context.js';
import type { JsonObject, Task } from '../../../domain/index.js';
import type { ClientReply } from '../json-rpc/messages.js';

/** What a client declared when it initialized. */
export interface ClientDeclaration {
  readonly protocolVersion: string;
  readonly capabilities: Readonly<Record<string, unknown>>;
  readonly clientInfo: Readonly<Record<string, unknown>>;
}

/** A client's reply to a question, and who sent it (it may be another request than the asker). */
export interface ClientAnswer {
  readonly reply: ClientReply;
  readonly from: Principal;
}

/** A server-to-client request: a question for the client. */
export interface Question {
  readonly method: string;
  readonly params: JsonObject;
}

/**
 * What a 2025-11-25 request's handler may do with the connection it came on: send messages about
 * the request on its stream, ask the client something, follow a task past the request, and (for
 * initialize and logging/setLevel) keep what the client declared.
 */
export interface RequestLink {
  /**
   * Whether the client takes elicitation/create: as it declared at initialize; undefined where
   * nothing is kept between requests (stateless HTTP), so nobody knows.
   */
  readonly elicits: boolean | undefined;
  /** Sends a notification about this request (its progress) on the request's stream. */
  notify(method: string, params: object): void;
  /** Asks the client `question` on this request's stream; resolves with its reply. */
  ask(
    question: Question,
    options: { readonly timeoutMs: number; readonly signal: AbortSignal },
  ): Promise<ClientAnswer>;
  /**
   * Sends `notifications/tasks/status` for `task` on the connection's own stream until it ends,
   * where there is one (a session's, stdio); does nothing in stateless HTTP.
   */
  follow(task: Task): void;
  /**
   * A listener that sends a task's progress (notifications/progress with `token`) on the
   * connection's own stream for the task's whole life; undefined where there is none.
   */
  progressAfterRequest(token: string | number): ProgressListener | undefined;
  /** Keeps what the client declared at initialize (a session, stdio; stateless keeps nothing). */
  initialize(declared: ClientDeclaration): void;
  setLogLevel(level: string): void;
}
