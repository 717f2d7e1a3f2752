import {
  JobProcess,
  SpawnError,
  STOP_GRACE_MS,
  type ProcessSpec,
} from '../../../src/adapters/jobs/job-process.js';
import { LiveProcessGroups } from '../../../src/adapters/jobs/live-process-groups.js';
import { eventually } from '../../support/http-fixture.js';
import { freshDirectory } from '../../support/jobs.js';
import { isGone } from '../../support/processes.js';

/** Every group this file starts, so that a failing test leaves no process behind. */
const groups = new LiveProcessGroups();
afterAll(() => groups.signalAll('SIGKILL'));

/** A node process running `script`, with `extra` settings. */
function nodeJob(script: string, extra: Partial<ProcessSpec> = {}): Promise<JobProcess> {
  return JobProcess.start(
    {
      command: process.execPath,
      args: ['-e', script],
      cwd: freshDirectory(),
      env: {},
      timeoutMs: 10_000,
      killGraceMs: 5000,
      maxOutputBytes: 64 * 1024,
      signal: new AbortController().signal,
      ...extra,
    },
    groups,
  );
}

/** Waits until the job has printed `lines` lines: its signal handlers are in place by then. */
const printed = (job: JobProcess, lines = 1) => eventually(() => job.stdout.lines >= lines);

describe('JobProcess', () => {
  it("reports the exit code and both streams' output", async () => {
    const job = await nodeJob("console.log('out'); console.error('err'); process.exit(3)");
    const outcome = await job.finished();
    expect(outcome).toMatchObject({
      pid: job.pid,
      exitCode: 3,
      signal: null,
      timedOut: false,
      stdout: { text: 'out\n', totalBytes: 4, truncated: false, lines: 1 },
      stderr: { text: 'err\n', totalBytes: 4, truncated: false, lines: 1 },
    });
    expect(outcome).not.toHaveProperty('stopped');
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('runs in the directory and with the environment it is given, nothing inherited', async () => {
    const cwd = freshDirectory();
    const job = await nodeJob('console.log(process.cwd(), JSON.stringify(process.env))', {
      cwd,
      env: { ONLY: 'this' },
    });
    expect((await job.finished()).stdout.text).toBe(`${cwd} {"ONLY":"this"}\n`);
  });

  it('refuses to start a missing program with a SpawnError that names no path', async () => {
    const missing = nodeJob('', { command: '/no/such/program' });
    await expect(missing).rejects.toThrow(SpawnError);
    await expect(missing).rejects.toThrow('its command or working directory does not exist');
    await expect(missing).rejects.toMatchObject({ errno: 'ENOENT' });
    await expect(missing).rejects.not.toThrow(/no\/such/);
  });

  it('stops the process group with SIGTERM when its signal fires', async () => {
    const abort = new AbortController();
    const job = await nodeJob("console.log('up'); setInterval(() => {}, 1000)", {
      signal: abort.signal,
    });
    await printed(job);
    abort.abort('cancelled');
    expect(await job.finished()).toMatchObject({ signal: 'SIGTERM', stopped: 'SIGTERM' });
  });

  it('kills a process that ignores SIGTERM once the stop grace is over', async () => {
    const abort = new AbortController();
    const job = await nodeJob(
      "process.on('SIGTERM', () => console.log('ignored')); console.log('up'); setInterval(() => {}, 1000)",
      { signal: abort.signal },
    );
    await printed(job);
    const stoppedAt = Date.now();
    abort.abort('cancelled');
    const outcome = await job.finished();
    expect(outcome).toMatchObject({ signal: 'SIGKILL', stopped: 'SIGKILL' });
    expect(outcome.stdout.text).toBe('up\nignored\n');
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(STOP_GRACE_MS - 50);
  });

  it('times out: SIGTERM, and the outcome says it timed out rather than was stopped', async () => {
    const job = await nodeJob('setInterval(() => {}, 1000)', { timeoutMs: 200 });
    const outcome = await job.finished();
    expect(outcome).toMatchObject({ timedOut: true, signal: 'SIGTERM' });
    expect(outcome).not.toHaveProperty('stopped');
  });

  it('takes what the job left running in its group with it when the job exits', async () => {
    const job = await nodeJob(
      [
        "const child = require('node:child_process').spawn(process.execPath,",
        "  ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });",
        'child.unref();',
        'console.log(child.pid);',
      ].join(''),
    );
    const outcome = await job.finished();
    const grandchild = Number(outcome.stdout.text.trim());
    expect(outcome.exitCode).toBe(0);
    expect(grandchild).toBeGreaterThan(0);
    await eventually(() => isGone(grandchild));
  });
});
