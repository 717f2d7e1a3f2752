import { ElicitResultSchema, RELATED_TASK_META_KEY } from '@modelcontextprotocol/sdk/types.js';
import type { Principal } from '../../application/ports/identity-provider.js';
import type { Logger } from '../../application/ports/logger.js';
import { messageOf } from '../../application/shared/errors.js';
import type { TaskWatch } from '../../application/services/task-watch.js';
import type { AnswerTaskInput } from '../../application/use-cases/answer-task-input.js';
import {
  expiresAt,
  isTerminal,
  type InputRequest,
  type JsonObject,
  type Task,
} from '../../domain/index.js';
import type { HandlerExtra } from './handler-extra.js';

/** What a relay needs from the server: the watch over tasks and the way to record answers. */
export interface InputRelayDeps {
  readonly watch: TaskWatch;
  readonly answer: AnswerTaskInput;
  readonly logger: Logger;
}

/**
 * The 2025-11-25 way a task asks its caller something: while the caller waits on tasks/result (or
 * on a plain tools/call that runs a task), each question the task has out goes to the client on
 * that request's stream as a server-to-client request, carrying the related-task _meta for a task
 * the client knows, and the client's reply is recorded as the task's answer (for the same
 * principal that is waiting, so only the task's owner answers). Runs until `stop`.
 */
export class InputRelay {
  private readonly sent = new Set<string>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly deps: InputRelayDeps,
    private readonly principal: Principal,
    private readonly extra: HandlerExtra,
    private readonly clientElicits: boolean,
    /** False for a plain tools/call: its task is the server's own business, never named. */
    private readonly namesTask = true,
  ) {}

  /** Relays the task's questions until it ends or `stop` is called; never rejects. */
  start(task: Task): void {
    this.deps.watch
      .until(
        task.owner,
        task.id,
        (current) => {
          this.offer(current);
          return isTerminal(current.status) ? true : undefined;
        },
        this.stopping.signal,
      )
      .catch(() => undefined);
  }

  stop(): void {
    this.stopping.abort();
  }

  private offer(task: Task): void {
    if (task.status !== 'input_required' || !this.clientElicits) return;
    for (const [key, request] of Object.entries(task.input?.requests ?? {})) {
      if (this.sent.has(key)) continue;
      this.sent.add(key);
      void this.ask(task, key, request);
    }
  }

  private async ask(task: Task, key: string, request: InputRequest): Promise<void> {
    const meta = { ...((request.params._meta as JsonObject | undefined) ?? {}) };
    if (this.namesTask) meta[RELATED_TASK_META_KEY] = { taskId: task.id };
    try {
      const reply = await this.extra.sendRequest(
        { method: request.method, params: { ...request.params, _meta: meta } } as never,
        ElicitResultSchema,
        // A person may take a while: the question stands for as long as the task lives.
        { timeout: Math.max(1, expiresAt(task) - Date.now()), signal: this.stopping.signal },
      );
      const { _meta: _replyMeta, ...answer } = reply;
      await this.deps.answer.run(this.principal, task.id, { [key]: answer as JsonObject });
    } catch (error) {
      if (this.stopping.signal.aborted) return;
      // The question stays open: tasks/get still shows it, and the next tasks/result asks again.
      this.deps.logger.debug('a question to the client went unanswered', {
        task: task.id,
        reason: messageOf(error),
      });
    }
  }
}
