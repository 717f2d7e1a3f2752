import type { ProcessOutcome } from '../../../src/adapters/jobs/job-process.js';
import { jobResult, summaryOf, type JobOutput } from '../../../src/adapters/jobs/job-result.js';

const captured = (text: string, extra: Partial<ProcessOutcome['stdout']> = {}) => ({
  text,
  totalBytes: Buffer.byteLength(text),
  truncated: false,
  lines: text.split('\n').length - 1,
  ...extra,
});

function outcome(extra: Partial<ProcessOutcome> = {}): ProcessOutcome {
  return {
    pid: 4242,
    exitCode: 0,
    signal: null,
    timedOut: false,
    durationMs: 1234,
    stdout: captured('built\n'),
    stderr: captured(''),
    ...extra,
  };
}

const textOf = (result: ReturnType<typeof jobResult>, block: number) =>
  (result.content[block] as { text: string }).text;

describe('a finished job as a tool result', () => {
  it('completes on exit code 0: a summary line, the output, and the structured outcome', () => {
    const result = jobResult('build', outcome(), 1024 * 1024);
    expect(result.isError).toBeUndefined();
    expect(textOf(result, 0)).toBe("Job 'build' completed: exit code 0 after 1.2 s");
    expect(textOf(result, 1)).toBe('--- stdout (6 bytes) ---\nbuilt\n\n--- stderr: empty ---\n');
    expect(result.structuredContent).toEqual({
      job: 'build',
      exitCode: 0,
      signal: null,
      timedOut: false,
      durationMs: 1234,
      stdout: 'built\n',
      stderr: '',
      stdoutBytes: 6,
      stderrBytes: 0,
      stdoutTruncated: false,
      stderrTruncated: false,
    });
  });

  it('fails on any other exit, saying how it ended', () => {
    const failed = jobResult('build', outcome({ exitCode: 2 }), 1024 * 1024);
    expect(failed.isError).toBe(true);
    expect(textOf(failed, 0)).toBe("Job 'build' failed: exit code 2 after 1.2 s");
    const killed = jobResult('build', outcome({ exitCode: null, signal: 'SIGKILL' }), 1024 * 1024);
    expect(textOf(killed, 0)).toBe("Job 'build' failed: killed by SIGKILL after 1.2 s");
  });

  it('fails a job that timed out, even one that then exited 0', () => {
    const result = jobResult(
      'build',
      outcome({ timedOut: true, exitCode: 0, signal: null, durationMs: 600_000 }),
      1024 * 1024,
    );
    expect(result.isError).toBe(true);
    expect(textOf(result, 0)).toBe(
      "Job 'build' failed: timed out after 600.0 s and was killed (exited)",
    );
  });

  it('says when only the tail of a stream was kept', () => {
    const stdout = captured('tail\n', { totalBytes: 70_000, truncated: true });
    expect(textOf(jobResult('build', outcome({ stdout }), 1024 * 1024), 1)).toMatch(
      /^--- stdout \(last 5 of 70000 bytes\) ---\ntail\n/,
    );
  });

  it('cuts the tails further until the whole result fits under the result limit', () => {
    // Quotes and control characters grow when JSON escapes them: 64 KiB becomes far more.
    const noisy = '"\u0001'.repeat(32 * 1024);
    const maxBytes = 100 * 1024;
    const result = jobResult('build', outcome({ stdout: captured(noisy) }), maxBytes);
    const output = result.structuredContent as JobOutput;
    expect(JSON.stringify(result).length).toBeLessThanOrEqual(maxBytes);
    expect(output.stdoutTruncated).toBe(true);
    expect(output.stderrTruncated).toBe(false);
    expect(noisy.endsWith(output.stdout)).toBe(true);
    expect(output.stdoutBytes).toBe(64 * 1024);
  });
});

describe('summaryOf', () => {
  it('names the signal of a timed-out job that had to be killed', () => {
    const output = jobResult('build', outcome(), 1024 * 1024).structuredContent as JobOutput;
    expect(summaryOf({ ...output, timedOut: true, signal: 'SIGKILL', exitCode: null })).toBe(
      "Job 'build' failed: timed out after 1.2 s and was killed (SIGKILL)",
    );
  });
});
