import { z } from 'zod';
import type { ToolResult } from '../../application/ports/task-tool.js';
import type { ProcessOutcome } from './job-process.js';

/** What every job returns as structuredContent, completed or failed. */
export const JobOutputSchema = z.object({
  job: z.string(),
  exitCode: z.int().nullable().describe('The exit code, or null when a signal ended the process'),
  signal: z.string().nullable().describe('The signal that ended the process, if one did'),
  timedOut: z.boolean(),
  durationMs: z.int(),
  stdout: z.string().describe('The last bytes of standard output'),
  stderr: z.string().describe('The last bytes of standard error'),
  stdoutBytes: z.int().describe('Bytes written to standard output in all'),
  stderrBytes: z.int(),
  stdoutTruncated: z.boolean().describe('True when only the tail of standard output is kept'),
  stderrTruncated: z.boolean(),
});

export type JobOutput = z.output<typeof JobOutputSchema>;

/**
 * The tool result of a finished process: completed for exit code 0, isError otherwise. The first
 * text block is a one-line summary (it becomes the failed task's status message); the second holds
 * the output tails. Tails are cut further, if need be, to keep the result under `maxBytes`.
 */
export function jobResult(job: string, outcome: ProcessOutcome, maxBytes: number): ToolResult {
  let output: JobOutput = {
    job,
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    timedOut: outcome.timedOut,
    durationMs: outcome.durationMs,
    stdout: outcome.stdout.text,
    stderr: outcome.stderr.text,
    stdoutBytes: outcome.stdout.totalBytes,
    stderrBytes: outcome.stderr.totalBytes,
    stdoutTruncated: outcome.stdout.truncated,
    stderrTruncated: outcome.stderr.truncated,
  };
  let result = resultOf(output);
  // Output full of characters JSON escapes can outgrow the limit; halve the tails until it fits.
  while (JSON.stringify(result).length > maxBytes * 0.9 && (output.stdout || output.stderr)) {
    output = {
      ...output,
      stdout: halfTail(output.stdout),
      stderr: halfTail(output.stderr),
      stdoutTruncated: output.stdoutTruncated || output.stdout.length > 0,
      stderrTruncated: output.stderrTruncated || output.stderr.length > 0,
    };
    result = resultOf(output);
  }
  return result;
}

export function summaryOf(output: JobOutput): string {
  const seconds = `${(output.durationMs / 1000).toFixed(1)} s`;
  if (output.timedOut) {
    return `Job '${output.job}' failed: timed out after ${seconds} and was killed (${output.signal ?? 'exited'})`;
  }
  if (output.exitCode === 0) return `Job '${output.job}' completed: exit code 0 after ${seconds}`;
  const how =
    output.exitCode === null ? `killed by ${output.signal}` : `exit code ${output.exitCode}`;
  return `Job '${output.job}' failed: ${how} after ${seconds}`;
}

function resultOf(output: JobOutput): ToolResult {
  const failed = output.exitCode !== 0 || output.timedOut;
  return {
    content: [
      { type: 'text', text: summaryOf(output) },
      { type: 'text', text: outputText(output) },
    ],
    structuredContent: output,
    ...(failed ? { isError: true } : {}),
  };
}

function outputText(output: JobOutput): string {
  return [
    streamHeading('stdout', output.stdout, output.stdoutBytes, output.stdoutTruncated),
    output.stdout,
    streamHeading('stderr', output.stderr, output.stderrBytes, output.stderrTruncated),
    output.stderr,
  ].join('\n');
}

function streamHeading(name: string, kept: string, total: number, truncated: boolean): string {
  if (total === 0) return `--- ${name}: empty ---`;
  const size = truncated ? `last ${Buffer.byteLength(kept)} of ${total} bytes` : `${total} bytes`;
  return `--- ${name} (${size}) ---`;
}

function halfTail(text: string): string {
  return text.slice(Math.floor(text.length / 2));
}
