import type {
  ClientAnswer,
  Question,
  RequestLink,
} from '../../src/adapters/mcp/link/request-link.js';

/** A request's link whose questions the test answers by hand. */
export class ScriptedLink implements RequestLink {
  readonly asked: {
    readonly question: Question;
    readonly timeoutMs: number;
    readonly signal: AbortSignal;
    answer(answer: ClientAnswer): void;
  }[] = [];
  private waiters: (() => void)[] = [];

  constructor(readonly elicits: boolean | undefined = true) {}

  ask(
    question: Question,
    options: { readonly timeoutMs: number; readonly signal: AbortSignal },
  ): Promise<ClientAnswer> {
    return new Promise((answer) => {
      this.asked.push({ question, ...options, answer });
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  async questions(count = 1): Promise<void> {
    while (this.asked.length < count) await new Promise<void>((wake) => this.waiters.push(wake));
  }

  notify(): void {}
  follow(): void {}
  progressAfterRequest(): undefined {
    return undefined;
  }
  initialize(): void {}
  setLogLevel(): void {}
}
