import { inject, injectable } from 'inversify';
import {
  expiresAt,
  finishTask,
  isTerminal,
  serverFailure,
  type OwnerId,
  type Task,
  type TaskId,
} from '../../domain/index.js';
import { AUDIT_LOG, type AuditLog } from '../ports/audit-log.js';
import { CLOCK, type Clock } from '../ports/clock.js';
import { LOGGER, type Logger } from '../ports/logger.js';
import { taskKeyText, type TaskKey } from '../ports/task-leases.js';
import { TASK_EVENTS, type TaskEvents } from '../ports/task-events.js';
import type { TaskTool } from '../ports/task-tool.js';
import { messageOf, WorkStoppedError } from '../shared/errors.js';
import { releaseAll, type Hold } from './process-slots.js';
import { settlesWithin } from '../shared/settles-within.js';
import { errorResult, resultAsJson } from '../tool-kit/tool-result.js';
import type { AnyElicitOutcome } from '../tool-kit/elicitation.js';
import { TaskContext, type AbortReason, type RunCaller } from '../tool-kit/task-context.js';
import { TASK_POLICY, type TaskPolicy } from '../policy/task-policy.js';
import { TaskUpdater } from './task-updater.js';
import { TaskWatch } from './task-watch.js';

interface RunningTask {
  readonly owner: OwnerId;
  readonly id: TaskId;
  readonly expiresAt: number;
  readonly controller: AbortController;
  readonly ctx: TaskContext;
  readonly done: Promise<void>;
  /** What the tool reported about stopping (a WorkStoppedError's message), once it has. */
  stopNote?: string;
}

/**
 * How long a stop waits for the work to wind down before the outcome is recorded without it. Real
 * time on purpose: it bounds how long a cancel waits for an OS process, whatever the Clock says.
 */
const STOP_WAIT_MS = 2000;

/** The status message of every task a shutdown fails (followed by what stopping did). */
export const SHUTDOWN_MESSAGE = 'server shutting down';

type Ending = 'expired' | 'shutdown';

const ENDINGS: Record<Ending, (task: Task) => string> = {
  expired: (task) => `Task expired: it was still running when its ttl of ${task.ttlMs} ms ran out`,
  shutdown: () => SHUTDOWN_MESSAGE,
};

/**
 * Runs tools in the background and owns their AbortControllers, so that cancel, expiry and
 * shutdown reach the work itself. Stopping aborts the work first and waits (briefly) for it to
 * wind down, so the final status can say what happened to it; once the signal has fired the
 * task's context drops anything the tool still reports, so the stop always decides the outcome.
 * The work also stops when the task ends anywhere else (a cancel on another replica, say): the
 * runner listens for its running tasks' changes.
 */
@injectable()
export class TaskRunner {
  private readonly running = new Map<string, RunningTask>();

  constructor(
    @inject(TaskUpdater) private readonly updater: TaskUpdater,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(TASK_POLICY) private readonly policy: TaskPolicy,
    @inject(LOGGER) private readonly logger: Logger,
    @inject(TASK_EVENTS) private readonly events: TaskEvents,
    @inject(AUDIT_LOG) private readonly audit: AuditLog,
    @inject(TaskWatch) private readonly watch: TaskWatch,
  ) {}

  get runningCount(): number {
    return this.running.size;
  }

  /** The tasks whose work runs in this process now. */
  runningKeys(): TaskKey[] {
    return [...this.running.values()].map((run) => ({ owner: run.owner, id: run.id }));
  }

  /** Runs `tool` for `task` in the background; `holds` (a lock, a slot) are released when it ends. */
  start(
    task: Task,
    tool: TaskTool,
    args: unknown,
    holds: readonly Hold[] = [],
    caller: RunCaller = {},
  ): void {
    const key = taskKeyText(task.owner, task.id);
    const controller = new AbortController();
    const cancelExpiryTimer = this.clock.setTimer(expiresAt(task) - this.clock.now(), () => {
      void this.end(task.owner, task.id, 'expired');
    });
    const ctx = new TaskContext(
      task,
      controller.signal,
      this.updater,
      this.clock,
      this.policy,
      this.watch,
      caller,
    );
    const stopWhenEndedElsewhere = this.events.subscribe(task.owner, task.id, (changed) => {
      if (isTerminal(changed.status)) this.abandon(task.owner, task.id, changed.status);
    });
    const startedAt = this.clock.now();
    const done = this.execute(tool, args, ctx, key, caller.firstAnswer).finally(async () => {
      cancelExpiryTimer();
      stopWhenEndedElsewhere();
      this.running.delete(key);
      await releaseAll(holds);
      const ms = this.clock.now() - startedAt;
      this.logger.info('task work ended', {
        owner: task.owner,
        task: task.id,
        reason: controller.signal.aborted ? String(controller.signal.reason) : 'returned',
        ms,
      });
      this.audit.record({
        event: 'task.finished',
        severity: 'info',
        owner: task.owner,
        detail: { task: task.id, tool: tool.name, status: endedAs(ctx, controller.signal), ms },
      });
    });
    this.running.set(key, {
      owner: task.owner,
      id: task.id,
      expiresAt: expiresAt(task),
      controller,
      ctx,
      done,
    });
  }

  /**
   * Stops the work of a task whose outcome was decided outside this run (it ended, was deleted,
   * or was taken over elsewhere); does nothing once the run has recorded its own outcome.
   */
  abandon(owner: OwnerId, id: TaskId, endedAs?: Task['status']): void {
    const run = this.running.get(taskKeyText(owner, id));
    // The run's own outcome being written is announced too; that one is no reason to stop.
    if (!run || run.ctx.isFinished || run.ctx.isRecordingOutcome) return;
    run.controller.abort(endedAs === 'cancelled' ? 'cancelled' : 'ended-elsewhere');
  }

  /**
   * Aborts a task's work and waits up to STOP_WAIT_MS for the tool to return. Resolves with what
   * the tool said about stopping (e.g. which process it killed), if it said anything in time.
   */
  async stop(owner: OwnerId, id: TaskId, reason: AbortReason): Promise<string | undefined> {
    const run = this.running.get(taskKeyText(owner, id));
    if (!run) return undefined;
    run.controller.abort(reason);
    await settlesWithin(run.done, STOP_WAIT_MS);
    return run.stopNote;
  }

  /**
   * Ends every running task whose ttl has passed at `now`, in case its own timer has not fired
   * yet. Cleanup calls this before deleting, so a task never vanishes while still running (and
   * its tasks/result waiters always see it finish).
   */
  async expireOverdue(now: number): Promise<void> {
    const overdue = [...this.running.values()].filter((run) => run.expiresAt <= now);
    await Promise.all(overdue.map((run) => this.end(run.owner, run.id, 'expired')));
  }

  /** Fails every running task and stops its work; resolves when all tools have returned. */
  async shutdown(): Promise<void> {
    const all = [...this.running.values()];
    await Promise.all(all.map((run) => this.end(run.owner, run.id, 'shutdown')));
    await Promise.allSettled(all.map((run) => run.done));
  }

  private async end(owner: OwnerId, id: TaskId, reason: Ending): Promise<void> {
    if (!this.running.has(taskKeyText(owner, id))) return;
    if (reason === 'expired') {
      this.audit.record({ event: 'task.expired', severity: 'info', owner, detail: { task: id } });
    }
    const note = await this.stop(owner, id, reason);
    try {
      await this.updater.update(owner, id, (task) => {
        if (isTerminal(task.status)) return undefined;
        const message = withNote(ENDINGS[reason](task), note);
        const result = resultAsJson(errorResult(message));
        return finishTask(
          task,
          'failed',
          this.clock.now(),
          result,
          message,
          serverFailure(message),
        );
      });
    } catch (error) {
      this.logger.warn('could not record the end of a task', { reason, error: messageOf(error) });
    }
  }

  private async execute(
    tool: TaskTool,
    args: unknown,
    ctx: TaskContext,
    key: string,
    firstAnswer: AnyElicitOutcome | undefined,
  ): Promise<void> {
    try {
      // A first question not answered with the call is the task's own first question.
      const question = tool.firstQuestion?.(args);
      if (question) ctx.settleFirstQuestion(firstAnswer ?? (await ctx.elicit(question)));
      const result = await tool.run(args, ctx);
      if (!ctx.isFinished) await ctx.complete(result);
    } catch (error) {
      if (error instanceof WorkStoppedError) {
        const run = this.running.get(key);
        if (run) run.stopNote = error.message;
      }
      if (ctx.isFinished) return;
      try {
        await ctx.fail(error);
      } catch (failure) {
        this.logger.error('could not record a failed task', { error: messageOf(failure) });
      }
    }
  }
}

/** An ending's message, followed by what the tool said about stopping, if anything. */
export function withNote(message: string, note: string | undefined): string {
  if (!note) return message;
  return /[.!?]$/.test(message) ? `${message} ${note}` : `${message}. ${note}`;
}

/** How a run ended, for the record: its own outcome, or what stopping it meant. */
function endedAs(ctx: TaskContext, signal: AbortSignal): Task['status'] {
  if (!signal.aborted) return ctx.lastKnownStatus;
  if (signal.reason === 'cancelled') return 'cancelled';
  return isTerminal(ctx.lastKnownStatus) ? ctx.lastKnownStatus : 'failed';
}
