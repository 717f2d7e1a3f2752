import type { TaskContext } from '../../application/tool-kit/task-context.js';
import type { JobProcess } from './job-process.js';

const EVERY_MS = 1000;

/**
 * Shows a running job's progress as the task's status message, once a second and only when it
 * changed: elapsed time, lines of output so far, the last line.
 */
export class ProgressReporter {
  private readonly timer: NodeJS.Timeout;
  private last = '';
  private pending = false;

  constructor(
    private readonly process: JobProcess,
    private readonly ctx: TaskContext,
  ) {
    this.report(`Started (pid ${process.pid})`);
    this.timer = setInterval(() => this.report(this.describe()), EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private describe(): string {
    const { stdout, stderr } = this.process;
    const seconds = Math.round((Date.now() - this.process.startedAt) / 1000);
    const lines = stdout.lines + stderr.lines;
    const lastLine = stdout.lastLine || stderr.lastLine;
    const tail = lastLine ? `; last: ${lastLine}` : '';
    return `Running for ${seconds} s (pid ${this.process.pid}): ${lines} lines of output${tail}`;
  }

  private report(message: string): void {
    if (message === this.last || this.pending) return;
    this.last = message;
    this.pending = true;
    this.ctx
      .setStatusMessage(message)
      .catch(() => undefined)
      .finally(() => (this.pending = false));
  }
}
