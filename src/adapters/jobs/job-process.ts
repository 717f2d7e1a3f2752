import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { settlesWithin } from '../../application/shared/settles-within.js';
import type { LiveProcessGroups } from './live-process-groups.js';
import { OutputTail, type CapturedOutput } from './output-tail.js';

/** Once stopped on request (cancel, expiry, shutdown), a process group gets this long to exit. */
export const STOP_GRACE_MS = 500;
/** How long to wait for the output pipes to drain after the process group is gone. */
const DRAIN_MS = 1000;

export interface ProcessSpec {
  /** An absolute path; never looked up through a shell. */
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** After SIGTERM on timeout, how long before SIGKILL. */
  readonly killGraceMs: number;
  /** Per stream: how many of the last bytes of stdout and of stderr are kept. */
  readonly maxOutputBytes: number;
  /** Fires on cancel, expiry or shutdown: the whole process group is stopped within a second. */
  readonly signal: AbortSignal;
}

export interface ProcessOutcome {
  readonly pid: number;
  readonly exitCode: number | null;
  /** The signal that ended the process, if one did. */
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  /** Set when the run was stopped on request: how its process group was stopped. */
  readonly stopped?: 'SIGTERM' | 'SIGKILL';
  readonly durationMs: number;
  readonly stdout: CapturedOutput;
  readonly stderr: CapturedOutput;
}

/** The process could not be started at all (missing command or directory, permissions). */
export class SpawnError extends Error {
  constructor(
    message: string,
    readonly errno: string | undefined,
  ) {
    super(message);
    this.name = 'SpawnError';
  }
}

/**
 * A running job process, in a process group of its own (it is its group's leader), so that
 * stopping it stops everything it started too.
 */
export class JobProcess {
  readonly stdout: OutputTail;
  readonly stderr: OutputTail;
  readonly startedAt = Date.now();
  private timedOut = false;
  private stoppedWith: 'SIGTERM' | 'SIGKILL' | undefined;
  private terminating: Promise<'SIGTERM' | 'SIGKILL'> | undefined;
  private readonly exit: Promise<[number | null, NodeJS.Signals | null]>;

  private constructor(
    private readonly child: ChildProcess & { pid: number },
    private readonly spec: ProcessSpec,
    private readonly groups: LiveProcessGroups | undefined,
  ) {
    groups?.add(child.pid);
    this.stdout = new OutputTail(spec.maxOutputBytes);
    this.stderr = new OutputTail(spec.maxOutputBytes);
    // After a good start a child only errors on a failed kill() or send(), which we never use;
    // an unhandled 'error' would take the whole server down, so it is not left unhandled.
    child.on('error', () => undefined);
    child.stdout?.on('data', (chunk: Buffer) => this.stdout.write(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.stderr.write(chunk));
    this.exit = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  }

  /**
   * Starts the process; rejects with SpawnError when it cannot start. `groups`, when given, knows
   * of the process group until it is gone.
   */
  static async start(spec: ProcessSpec, groups?: LiveProcessGroups): Promise<JobProcess> {
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: { ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      shell: false,
      windowsHide: true,
    });
    // Either 'spawn' or 'error' comes first; the error's own message names the absolute path,
    // so only its code is kept.
    const failure = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      child.once('spawn', () => resolve(undefined));
      child.once('error', resolve);
    });
    if (failure !== undefined || child.pid === undefined) {
      throw new SpawnError(spawnFailure(failure), failure?.code);
    }
    return new JobProcess(child as ChildProcess & { pid: number }, spec, groups);
  }

  get pid(): number {
    return this.child.pid;
  }

  /** Waits for the process to end by itself, by timeout, or by the spec's abort signal. */
  async finished(): Promise<ProcessOutcome> {
    const onAbort = (): void => void this.terminate(Math.min(this.spec.killGraceMs, STOP_GRACE_MS));
    const timeout = setTimeout(() => {
      this.timedOut = true;
      void this.terminate(this.spec.killGraceMs);
    }, this.spec.timeoutMs);
    if (this.spec.signal.aborted) onAbort();
    else this.spec.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const [exitCode, signal] = await this.exit;
      // Anything the job left behind in its group goes with it.
      killGroup(this.pid, 'SIGKILL');
      this.groups?.delete(this.pid);
      await this.drain();
      return {
        pid: this.pid,
        exitCode,
        signal,
        timedOut: this.timedOut,
        ...(this.spec.signal.aborted && this.stoppedWith ? { stopped: this.stoppedWith } : {}),
        durationMs: Date.now() - this.startedAt,
        stdout: this.stdout.captured(),
        stderr: this.stderr.captured(),
      };
    } finally {
      clearTimeout(timeout);
      this.spec.signal.removeEventListener('abort', onAbort);
    }
  }

  /**
   * SIGTERM to the whole group, then SIGKILL to the group if the leader has not exited within
   * `graceMs`. Resolves with the last signal sent. Only the first call acts.
   */
  private terminate(graceMs: number): Promise<'SIGTERM' | 'SIGKILL'> {
    this.terminating ??= (async () => {
      this.stoppedWith = 'SIGTERM';
      killGroup(this.pid, 'SIGTERM');
      if (!(await settlesWithin(this.exit, graceMs))) {
        this.stoppedWith = 'SIGKILL';
        killGroup(this.pid, 'SIGKILL');
      }
      return this.stoppedWith;
    })();
    return this.terminating;
  }

  /** Output pipes close once every holder is gone; a holder outside the group is not waited on. */
  private async drain(): Promise<void> {
    const streams = [this.child.stdout, this.child.stderr].filter((stream) => stream !== null);
    const closed = Promise.all(
      streams.map((stream) =>
        stream.readableEnded || stream.destroyed ? undefined : once(stream, 'close'),
      ),
    );
    await settlesWithin(closed, DRAIN_MS);
    for (const stream of streams) stream.destroy();
  }
}

/** Signals every process in the group led by `pid`. A group that is already gone is fine. */
function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function spawnFailure(error: NodeJS.ErrnoException | undefined): string {
  switch (error?.code) {
    case 'ENOENT':
      return 'its command or working directory does not exist';
    case 'EACCES':
      return 'its command is not executable, or its working directory is not accessible';
    default:
      return `the process could not be started (${error?.code ?? 'unknown error'})`;
  }
}
