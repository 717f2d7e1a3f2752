import type { ProgressToken } from '@modelcontextprotocol/sdk/types.js';
import type { Principal } from '../../../application/ports/identity-provider.js';
import type { ProgressListener } from '../../../application/tool-kit/task-context.js';
import type { Task } from '../../../domain/index.js';
import { notification } from '../json-rpc/messages.js';
import type { Scope2025 } from '../methods/mcp-method.js';
import { PROTOCOL_2025 } from '../protocol-versions.js';
import type { Exchange } from './exchange.js';
import type { Asker, QuestionOptions } from './questions-out.js';
import type { ClientAnswer, ClientDeclaration, Question, RequestLink } from './request-link.js';
import type { RunningRequest } from './running-request.js';

/** What a request may use of the connection it came on. */
export interface LinkServices {
  readonly elicits: boolean | undefined;
  ask(asker: Asker, question: Question, options: QuestionOptions): Promise<ClientAnswer>;
  withdrawQuestions(ids: Iterable<number>): void;
  follow(task: Task): void;
  progressAfterRequest(token: string | number): ProgressListener | undefined;
  initialize(declared: ClientDeclaration): void;
  setLogLevel(level: string): void;
}

/**
 * One request on its link: the scope its handler gets, and (as `link`) what it may do with the
 * connection. One object for both, made per request, with nothing in it made before it is used.
 */
export class LinkedRequest implements RequestLink, Scope2025, Asker {
  readonly version = PROTOCOL_2025;
  private asked?: Set<number>;

  constructor(
    private readonly owner: LinkServices,
    private readonly running: RunningRequest,
    readonly principal: Principal,
    readonly progressToken: ProgressToken | undefined,
  ) {}

  get signal(): AbortSignal {
    return this.running.signal;
  }

  get link(): RequestLink {
    return this;
  }

  /** Questions this request has out, by the server's id. */
  get questions(): Set<number> {
    return (this.asked ??= new Set());
  }

  get elicits(): boolean | undefined {
    return this.owner.elicits;
  }

  relate(message: Parameters<Exchange['relate']>[0]): void {
    if (this.running.open) this.running.exchange.relate(message);
  }

  notify(method: string, params: object): void {
    this.relate(notification(method, params));
  }

  ask(
    question: Question,
    options: { readonly timeoutMs: number; readonly signal: AbortSignal },
  ): Promise<ClientAnswer> {
    return this.owner.ask(this, question, options);
  }

  /** Whether the request is still owed its answer (and so still has a stream to ask on). */
  get open(): boolean {
    return this.running.open;
  }

  follow(task: Task): void {
    this.owner.follow(task);
  }

  progressAfterRequest(token: string | number): ProgressListener | undefined {
    return this.owner.progressAfterRequest(token);
  }

  initialize(declared: ClientDeclaration): void {
    this.owner.initialize(declared);
  }

  setLogLevel(level: string): void {
    this.owner.setLogLevel(level);
  }

  /** The request is answered: what it still has out is withdrawn, before its response goes. */
  finish(): void {
    if (this.asked && this.asked.size > 0) this.owner.withdrawQuestions(this.asked);
  }
}
