import { inject, injectable } from 'inversify';
import { CLOCK, type Clock } from '../../../application/ports/clock.js';
import type { Principal } from '../../../application/ports/identity-provider.js';
import type { TaskOutcome } from '../../../application/services/task-result-waiter.js';
import { AwaitTaskResult } from '../../../application/use-cases/await-task-result.js';
import { GetTask } from '../../../application/use-cases/get-task.js';
import { isTerminal, type Task } from '../../../domain/index.js';
import { QuestionRelays, type QuestionRelay } from '../link/question-relay.js';
import type { RequestLink } from '../link/request-link.js';

/** The task's outcome, or the task as it was when the wait ran out. */
export type BoundedWait = { readonly outcome: TaskOutcome } | { readonly working: Task };

/** What the wait's request brings: its signal, and (2025-11-25) the link its questions go on. */
export interface WaitingRequest {
  readonly signal: AbortSignal;
  readonly link?: RequestLink;
}

/**
 * task_result's wait: tasks/result's use case, for a bounded time. Another owner's task is refused
 * before anything waits, exactly like an unknown one. While it waits on a 2025-11-25 connection
 * the task's questions go to the client, as on tasks/result; a question out when the time is up
 * holds the wait until it is settled, so that an answer someone is typing is not withdrawn.
 */
@injectable()
export class BoundedResultWait {
  constructor(
    @inject(GetTask) private readonly getTask: GetTask,
    @inject(AwaitTaskResult) private readonly awaitResult: AwaitTaskResult,
    @inject(QuestionRelays) private readonly relays: QuestionRelays,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(
    principal: Principal,
    taskId: string,
    waitMs: number,
    request: WaitingRequest,
  ): Promise<BoundedWait> {
    const { task } = await this.getTask.run(principal, taskId);
    const timeUp = new Error('The wait is over');
    const waiting = new AbortController();
    let deadlinePassed = false;
    let relay: QuestionRelay | undefined;
    const endIfQuiet = (): void => {
      if (deadlinePassed && !relay?.asking) waiting.abort(timeUp);
    };
    if (request.link) relay = this.relays.start(task, request.link, true, endIfQuiet);
    const cancelTimer = this.clock.setTimer(waitMs, () => {
      deadlinePassed = true;
      endIfQuiet();
    });
    const clientGone = (): void => waiting.abort(request.signal.reason);
    if (request.signal.aborted) clientGone();
    else request.signal.addEventListener('abort', clientGone, { once: true });
    try {
      return { outcome: await this.awaitResult.run(principal, taskId, waiting.signal) };
    } catch (error) {
      if (waiting.signal.reason !== timeUp) throw error;
      return this.asItIsNow(principal, taskId);
    } finally {
      cancelTimer();
      relay?.stop();
      request.signal.removeEventListener('abort', clientGone);
    }
  }

  /** The task may have ended just as the time ran out: then its outcome, not a stale status. */
  private async asItIsNow(principal: Principal, taskId: string): Promise<BoundedWait> {
    const { task } = await this.getTask.run(principal, taskId);
    if (!isTerminal(task.status)) return { working: task };
    return { outcome: await this.awaitResult.run(principal, taskId) };
  }
}
