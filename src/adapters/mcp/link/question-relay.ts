import { ElicitResultSchema, RELATED_TASK_META_KEY } from '@modelcontextprotocol/sdk/types.js';
import { inject, injectable } from 'inversify';
import { CLOCK, type Clock } from '../../../application/ports/clock.js';
import { LOGGER, type Logger } from '../../../application/ports/logger.js';
import { messageOf } from '../../../application/shared/errors.js';
import { TaskWatch } from '../../../application/services/task-watch.js';
import { undeliverableAnswer } from '../../../application/tool-kit/elicitation.js';
import { AnswerTaskInput } from '../../../application/use-cases/answer-task-input.js';
import {
  expiresAt,
  isTerminal,
  type InputRequest,
  type JsonObject,
  type Task,
} from '../../../domain/index.js';
import { clip } from '../json-rpc/error-table.js';
import { RPC_CODES } from '../json-rpc/rpc-codes.js';
import type { ClientAnswer, RequestLink } from './request-link.js';

/** What a client without elicitation lacks, when it refuses a question as an unknown method. */
const NO_ELICITATION = {
  requiredCapabilities: { elicitation: {} },
  reason: 'the client answered elicitation/create with -32601 (it takes no questions)',
};

/**
 * Starts relays: the 2025-11-25 way a task asks its caller something. While the caller waits on
 * tasks/result (or on a plain tools/call that runs a task), each question the task has out goes to
 * the client on that request's stream as elicitation/create, with the related-task _meta for a
 * task the client knows. A reply is recorded as the task's answer under the principal that sent it
 * (who needs the scope to answer); a client that refuses the question as a method it does not have
 * ends the wait at once: the question is recorded as undeliverable, and the tool learns why.
 */
@injectable()
export class QuestionRelays {
  constructor(
    @inject(TaskWatch) private readonly watch: TaskWatch,
    @inject(AnswerTaskInput) private readonly answers: AnswerTaskInput,
    @inject(LOGGER) private readonly logger: Logger,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** How long a question to the caller may stand: for as long as its task lives. */
  standingMs(task: Task): number {
    return Math.max(1, expiresAt(task) - this.clock.now());
  }

  /**
   * Relays `task`'s questions over `link` until it ends or `stop` is called; `onQuiet` is told each
   * time the last question out has been answered (or given up on).
   */
  start(task: Task, link: RequestLink, namesTask: boolean, onQuiet?: () => void): QuestionRelay {
    const relay = new QuestionRelay(this, link, namesTask, onQuiet);
    relay.watchOver(task);
    return relay;
  }

  /** For a relay: watches the task until it ends (never rejects). */
  until(task: Task, offer: (current: Task) => void, signal: AbortSignal): void {
    this.watch
      .until(
        task.owner,
        task.id,
        (current) => {
          offer(current);
          return isTerminal(current.status) ? true : undefined;
        },
        signal,
      )
      .catch(() => undefined);
  }

  /** For a relay: records what the client said to question `key`. */
  async record(task: Task, key: string, { reply, from }: ClientAnswer): Promise<void> {
    if (reply.error) {
      if (reply.error.code === RPC_CODES.methodNotFound) {
        await this.answers.run(from, task.id, { [key]: undeliverableAnswer(NO_ELICITATION) });
        return;
      }
      this.unanswered(task, `the client answered with an error: ${clip(reply.error.message, 200)}`);
      return;
    }
    const shape = ElicitResultSchema.safeParse(reply.result);
    if (!shape.success) {
      this.unanswered(task, 'the reply is not an elicitation result');
      return;
    }
    const { _meta: _replyMeta, ...answer } = shape.data;
    await this.answers.run(from, task.id, { [key]: answer as JsonObject });
  }

  /** The question stays open: tasks/get still shows it, and the next tasks/result asks again. */
  unanswered(task: Task, reason: string): void {
    this.logger.debug('a question to the client went unanswered', { task: task.id, reason });
  }
}

/** One relay, for one waiting request. */
export class QuestionRelay {
  private readonly sent = new Set<string>();
  private readonly stopping = new AbortController();
  /** Questions out to the client and not settled yet. */
  private out = 0;

  constructor(
    private readonly relays: QuestionRelays,
    private readonly link: RequestLink,
    /** False for a plain tools/call: its task is the server's own business, never named. */
    private readonly namesTask: boolean,
    private readonly onQuiet?: () => void,
  ) {}

  /** Whether a question is out to the client, unanswered: someone may be typing the answer. */
  get asking(): boolean {
    return this.out > 0;
  }

  watchOver(task: Task): void {
    this.relays.until(task, (current) => this.offer(current), this.stopping.signal);
  }

  stop(): void {
    this.stopping.abort();
  }

  private offer(task: Task): void {
    // A client that declared no elicitation is not asked; the task's other callers may be.
    if (task.status !== 'input_required' || this.link.elicits === false) return;
    for (const [key, request] of Object.entries(task.input?.requests ?? {})) {
      if (this.sent.has(key)) continue;
      this.sent.add(key);
      void this.ask(task, key, request);
    }
  }

  private async ask(task: Task, key: string, request: InputRequest): Promise<void> {
    const meta = { ...((request.params._meta as JsonObject | undefined) ?? {}) };
    if (this.namesTask) meta[RELATED_TASK_META_KEY] = { taskId: task.id };
    this.out++;
    try {
      const answer = await this.link.ask(
        { method: request.method, params: { ...request.params, _meta: meta } },
        // A person may take a while: the question stands for as long as the task lives.
        { timeoutMs: this.relays.standingMs(task), signal: this.stopping.signal },
      );
      await this.relays.record(task, key, answer);
    } catch (error) {
      if (!this.stopping.signal.aborted) this.relays.unanswered(task, messageOf(error));
    } finally {
      this.out--;
      if (this.out === 0) this.onQuiet?.();
    }
  }
}
