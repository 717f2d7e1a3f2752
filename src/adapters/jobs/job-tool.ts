import { join, relative } from 'node:path';
import { z } from 'zod';
import { WorkStoppedError } from '../../application/shared/errors.js';
import type { TaskTool, ToolResult } from '../../application/ports/task-tool.js';
import type { ElicitRequest } from '../../application/tool-kit/elicitation.js';
import type { TaskContext } from '../../application/tool-kit/task-context.js';
import type {
  AuditDetail,
  AuditEventName,
  AuditLog,
  AuditSeverity,
} from '../../application/ports/audit-log.js';
import type { LockRequest, OwnerId } from '../../domain/index.js';
import { render, renderArgs, type ArgumentValue } from './argv-template.js';
import type { JobCatalogue, JobDefinition } from './catalogue-loader.js';
import { childEnvironment } from './job-environment.js';
import { inputSchemaOf, type ParameterSpec } from './job-parameters.js';
import { JobOutputSchema, jobResult } from './job-result.js';
import { JobProcess, SpawnError, type ProcessOutcome } from './job-process.js';
import type { LiveProcessGroups } from './live-process-groups.js';
import { existingDirectoryInside, ownerWorkspace, resolveInside, SandboxError } from './sandbox.js';
import { ProgressReporter } from './progress-reporter.js';

type Arguments = Record<string, ArgumentValue | undefined>;

/** A confirmation asks nothing but yes (accept) or no (decline): its form has no fields. */
const CONFIRMATION = z.object({});

export interface JobToolOptions {
  /** The server's environment, which the job's allow-list picks from. */
  readonly serverEnv: Readonly<Record<string, string | undefined>>;
  /** The task result limit; output tails are cut to fit it. */
  readonly maxResultBytes: number;
  /** Where running process groups are registered, so that no stop can leave one behind. */
  readonly processGroups?: LiveProcessGroups;
  /** Where process starts and ends, and sandbox refusals, are recorded. */
  readonly audit?: AuditLog;
}

/**
 * One catalogue job as a task tool: its parameters become the inputSchema, a call runs the
 * program (never through a shell) in the sandbox, and its exit decides completed or failed.
 */
export class JobTool implements TaskTool<z.ZodObject> {
  readonly name: string;
  readonly title?: string;
  readonly description: string;
  readonly inputSchema: z.ZodObject;
  readonly outputSchema = JobOutputSchema;
  readonly taskSupport: 'required' | 'optional';
  readonly requiredScopes: readonly string[];
  readonly startsProcess = true;

  constructor(
    private readonly job: JobDefinition,
    private readonly catalogue: Pick<JobCatalogue, 'sandbox' | 'workspaces'>,
    private readonly options: JobToolOptions,
  ) {
    this.name = job.name;
    if (job.title) this.title = job.title;
    this.description = job.description;
    this.inputSchema = inputSchemaOf(job.parameters as Record<string, ParameterSpec>);
    this.taskSupport = job.taskSupport;
    this.requiredScopes = job.scopes;
  }

  lock(args: Arguments): LockRequest | undefined {
    const lock = this.job.lock;
    if (!lock) return undefined;
    return { name: render(lock.name, args), scope: lock.scope, ttlMs: lock.ttlSeconds * 1000 };
  }

  async run(args: Arguments, ctx: TaskContext): Promise<ToolResult> {
    const job = this.job;
    const refusal = this.refused(args, ctx);
    if (refusal) return refusal;
    const { cwd, values } = await this.placed(args, ctx);
    const child = await this.start(renderArgs(job.args, values), cwd, ctx.signal);
    const about = { owner: ctx.owner, job: job.name, task: ctx.taskId, pid: child.pid };
    this.record('job.started', 'info', about);
    const progress = new ProgressReporter(child, ctx);
    let outcome: ProcessOutcome;
    try {
      outcome = await child.finished();
    } finally {
      progress.stop();
    }
    if (outcome.stopped || outcome.timedOut) {
      const why = outcome.timedOut ? 'timeout' : 'stopped';
      this.record('job.killed', 'warn', { ...about, why, signal: outcome.stopped ?? 'SIGTERM' });
    }
    this.record('job.exited', outcome.exitCode === 0 ? 'info' : 'warn', {
      ...about,
      exitCode: outcome.exitCode ?? undefined,
      signal: outcome.signal ?? undefined,
      ms: outcome.durationMs,
    });
    if (outcome.stopped) throw new WorkStoppedError(stopNote(outcome));
    return jobResult(job.name, outcome, this.options.maxResultBytes);
  }

  /** The job's confirmation, if it declares one: asked before its program starts. */
  firstQuestion(args: Arguments): ElicitRequest | undefined {
    if (this.job.confirm === undefined) return undefined;
    return { message: render(this.job.confirm, args), requestedSchema: CONFIRMATION };
  }

  /** The result to end with when the caller did not accept the confirmation, else undefined. */
  private refused(args: Arguments, ctx: TaskContext): ToolResult | undefined {
    const answer = ctx.firstAnswer;
    if (this.job.confirm === undefined || !answer) return undefined;
    const about = { owner: ctx.owner, job: this.job.name, task: ctx.taskId };
    this.record('job.confirmation', answer.action === 'accept' ? 'info' : 'warn', {
      ...about,
      action: answer.action,
    });
    if (answer.action === 'accept') return undefined;
    const how = answer.action === 'decline' ? 'declined' : 'dismissed';
    const question = render(this.job.confirm, args);
    return {
      content: [{ type: 'text', text: `${this.job.name} did not run: "${question}" was ${how}` }],
      isError: true,
    };
  }

  /** The run's working directory and its path arguments, all inside the sandbox, or refused. */
  private async placed(args: Arguments, ctx: TaskContext) {
    try {
      const root = this.job.workspace
        ? await ownerWorkspace(this.catalogue.workspaces, ctx.owner)
        : this.catalogue.sandbox;
      const cwd = await existingDirectoryInside(
        root,
        render(this.job.cwd, args),
        'The working directory',
      );
      return { cwd, values: await this.withResolvedPaths(args, root, cwd) };
    } catch (error) {
      if (error instanceof SandboxError) {
        const about = { owner: ctx.owner, job: this.job.name, task: ctx.taskId };
        this.record('sandbox.refused', 'warn', { ...about, reason: error.message });
      }
      throw error;
    }
  }

  private record(
    event: AuditEventName,
    severity: AuditSeverity,
    { owner, ...detail }: AuditDetail & { owner: OwnerId },
  ): void {
    this.options.audit?.record({ event, severity, owner, detail });
  }

  private async start(argv: string[], cwd: string, signal: AbortSignal): Promise<JobProcess> {
    try {
      return await JobProcess.start(
        {
          command: this.job.executable,
          args: argv,
          cwd,
          env: childEnvironment(this.job.env.pass, this.job.env.set, this.options.serverEnv),
          timeoutMs: this.job.timeoutSeconds * 1000,
          killGraceMs: this.job.killGraceSeconds * 1000,
          maxOutputBytes: this.job.maxOutputBytes,
          signal,
        },
        this.options.processGroups,
      );
    } catch (error) {
      if (error instanceof SpawnError) {
        throw new Error(`Job '${this.job.name}' could not start: ${error.message}`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  /** Path arguments become canonical paths below the job's working directory, or are refused. */
  private async withResolvedPaths(args: Arguments, root: string, cwd: string): Promise<Arguments> {
    const values = { ...args };
    for (const [name, spec] of Object.entries(this.job.parameters)) {
      const value = values[name];
      if (spec.type !== 'path' || typeof value !== 'string') continue;
      values[name] = await resolveInside(
        root,
        join(relative(root, cwd), value),
        `The path given for '${name}'`,
      );
    }
    return values;
  }
}

function stopNote(outcome: ProcessOutcome): string {
  const how =
    outcome.stopped === 'SIGKILL'
      ? 'killed with SIGKILL (it ignored SIGTERM)'
      : 'stopped with SIGTERM';
  return `Its process group (pid ${outcome.pid}) was ${how} after ${outcome.durationMs} ms.`;
}
