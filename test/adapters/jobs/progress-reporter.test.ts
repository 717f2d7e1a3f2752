import { jest } from '@jest/globals';
import type { JobProcess } from '../../../src/adapters/jobs/job-process.js';
import { ProgressReporter } from '../../../src/adapters/jobs/progress-reporter.js';
import type { TaskContext } from '../../../src/application/tool-kit/task-context.js';

/** A running process as the reporter reads it: pid, start and what each stream has shown. */
function aProcess() {
  return {
    pid: 4242,
    startedAt: Date.now(),
    stdout: { lines: 0, lastLine: '' },
    stderr: { lines: 0, lastLine: '' },
  };
}

/** A task context that records status messages; each write settles when the test says. */
function aContext() {
  const messages: string[] = [];
  let settle: () => void = () => undefined;
  const ctx = {
    setStatusMessage: (message: string) => {
      messages.push(message);
      return new Promise<void>((resolve) => (settle = resolve));
    },
  };
  return { messages, ctx: ctx as unknown as TaskContext, settle: () => settle() };
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('ProgressReporter', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('says the job started at once, then shows its progress every second', async () => {
    const job = aProcess();
    const { messages, ctx, settle } = aContext();
    const reporter = new ProgressReporter(job as unknown as JobProcess, ctx);
    expect(messages).toEqual(['Started (pid 4242)']);
    settle();
    await flush();

    job.stdout = { lines: 2, lastLine: 'compiling' };
    job.stderr = { lines: 1, lastLine: 'warning' };
    jest.advanceTimersByTime(1000);
    expect(messages.at(-1)).toBe('Running for 1 s (pid 4242): 3 lines of output; last: compiling');
    settle();
    await flush();

    job.stdout = { lines: 2, lastLine: '' };
    jest.advanceTimersByTime(1000);
    expect(messages.at(-1)).toBe('Running for 2 s (pid 4242): 3 lines of output; last: warning');
    reporter.stop();
  });

  it('writes nothing when the message has not changed, or while the last write is pending', async () => {
    const job = aProcess();
    const { messages, ctx, settle } = aContext();
    const reporter = new ProgressReporter(job as unknown as JobProcess, ctx);
    jest.advanceTimersByTime(3000);
    expect(messages).toEqual(['Started (pid 4242)']);

    settle();
    await flush();
    jest.setSystemTime(job.startedAt);
    jest.advanceTimersByTime(1000);
    expect(messages).toEqual([
      'Started (pid 4242)',
      'Running for 1 s (pid 4242): 0 lines of output',
    ]);
    settle();
    await flush();
    // The next tick finds the same elapsed second (its timer ran late): the same message.
    jest.setSystemTime(job.startedAt);
    jest.advanceTimersByTime(1000);
    expect(messages).toHaveLength(2);
    reporter.stop();
  });

  it('stops reporting once stopped', async () => {
    const job = aProcess();
    const { messages, ctx, settle } = aContext();
    new ProgressReporter(job as unknown as JobProcess, ctx).stop();
    settle();
    await flush();
    jest.advanceTimersByTime(5000);
    expect(messages).toEqual(['Started (pid 4242)']);
  });
});
