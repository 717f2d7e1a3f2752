import { mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadCatalogue, type JobDefinition } from '../../../src/adapters/jobs/catalogue-loader.js';
import { JobTool } from '../../../src/adapters/jobs/job-tool.js';
import { SandboxError } from '../../../src/adapters/jobs/sandbox.js';
import { WorkStoppedError } from '../../../src/application/shared/errors.js';
import type { AnyElicitOutcome } from '../../../src/application/tool-kit/elicitation.js';
import type { TaskContext } from '../../../src/application/tool-kit/task-context.js';
import { eventually } from '../../support/http-fixture.js';
import { freshDirectory, writeCatalogue } from '../../support/jobs.js';
import { freshStateDir } from '../../support/isolated-env.js';
import { RecordingAuditLog } from '../../support/recording-audit-log.js';
import { aTaskId, anOwner } from '../../support/task-mother.js';

const alice = anOwner('alice');
const PRINT_ARGS = 'console.log(JSON.stringify(process.argv.slice(1)))';

/** A catalogue of `jobs` on disk, loaded as the server loads it, with one JobTool per job. */
function catalogueOf(jobs: Record<string, unknown>[], prepare?: (dir: string) => void) {
  const file = writeCatalogue(
    jobs.map((job) => ({ command: 'node', description: 'A test job', ...job })),
    {},
    prepare,
  );
  const catalogue = loadCatalogue(file, { path: process.env.PATH, stateDir: freshStateDir() });
  mkdirSync(catalogue.sandbox, { recursive: true });
  const audit = new RecordingAuditLog();
  const toolOf = (job: JobDefinition) =>
    new JobTool(job, catalogue, { serverEnv: process.env, maxResultBytes: 1024 * 1024, audit });
  return { dir: dirname(file), catalogue, audit, tools: catalogue.jobs.map(toolOf), toolOf };
}

/** What a running task gives a tool: its owner and id, a signal, and where progress goes. */
function aContext(extra: { firstAnswer?: AnyElicitOutcome; signal?: AbortSignal } = {}) {
  const progress: string[] = [];
  const ctx = {
    owner: alice,
    taskId: aTaskId(),
    signal: extra.signal ?? new AbortController().signal,
    firstAnswer: extra.firstAnswer,
    setStatusMessage: async (message: string) => void progress.push(message),
  };
  return { ctx: ctx as unknown as TaskContext, progress };
}

describe('JobTool', () => {
  it('describes the job as a tool: name, scopes, task support and an input schema of its parameters', () => {
    const {
      tools: [tool],
    } = catalogueOf([
      {
        name: 'run-tests',
        title: 'Run the tests',
        scopes: ['jobs:test'],
        taskSupport: 'optional',
        args: ['-e', PRINT_ARGS, '{{filter}}'],
        parameters: { filter: { type: 'string', default: 'all' } },
      },
    ]);
    expect(tool).toMatchObject({
      name: 'run-tests',
      title: 'Run the tests',
      description: 'A test job',
      requiredScopes: ['jobs:test'],
      taskSupport: 'optional',
      startsProcess: true,
    });
    expect(tool!.inputSchema.parse({})).toEqual({ filter: 'all' });
    expect(tool!.inputSchema.safeParse({ filter: 'x', other: 1 }).success).toBe(false);
  });

  it('runs the program with the rendered arguments and returns its outcome, audited', async () => {
    const {
      tools: [tool],
      audit,
    } = catalogueOf([
      {
        name: 'echo',
        args: ['-e', PRINT_ARGS, '{{message}}'],
        parameters: { message: { type: 'string' } },
      },
    ]);
    const { ctx, progress } = aContext();
    const result = await tool!.run({ message: '$(rm -rf /); echo hi' }, ctx);

    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toMatchObject({
      job: 'echo',
      exitCode: 0,
      stdout: '["$(rm -rf /); echo hi"]\n',
    });
    expect(progress[0]).toMatch(/^Started \(pid \d+\)$/);
    expect(audit.events.map((event) => [event.event, event.severity])).toEqual([
      ['job.started', 'info'],
      ['job.exited', 'info'],
    ]);
    expect(audit.events[1]).toMatchObject({
      owner: alice,
      detail: { job: 'echo', task: ctx.taskId, exitCode: 0 },
    });
  });

  it('renders the lock a run must hold from its arguments', () => {
    const { tools } = catalogueOf([
      {
        name: 'deploy',
        parameters: { target: { type: 'string' } },
        lock: { name: 'deploy-{{target}}', scope: 'global' },
      },
      { name: 'plain' },
    ]);
    expect(tools[0]!.lock({ target: 'web' })).toEqual({
      name: 'deploy-web',
      scope: 'global',
      ttlMs: 605_000,
    });
    expect(tools[1]!.lock({})).toBeUndefined();
  });

  it('asks its confirmation first, and runs nothing when the caller declines', async () => {
    const {
      tools: [tool],
      audit,
    } = catalogueOf([
      {
        name: 'deploy',
        args: ['-e', PRINT_ARGS],
        parameters: { target: { type: 'string' } },
        confirm: 'Deploy to {{target}}?',
      },
    ]);
    expect(tool!.firstQuestion({ target: 'production' })).toMatchObject({
      message: 'Deploy to production?',
    });

    const { ctx, progress } = aContext({ firstAnswer: { action: 'decline' } });
    const result = await tool!.run({ target: 'production' }, ctx);
    expect(result).toEqual({
      content: [{ type: 'text', text: 'deploy did not run: "Deploy to production?" was declined' }],
      isError: true,
    });
    expect(progress).toEqual([]);
    expect(audit.events).toEqual([
      {
        event: 'job.confirmation',
        severity: 'warn',
        owner: alice,
        detail: { job: 'deploy', task: ctx.taskId, action: 'decline' },
      },
    ]);
  });

  it('asks nothing of a job without a confirmation', () => {
    const {
      tools: [tool],
    } = catalogueOf([{ name: 'plain' }]);
    expect(tool!.firstQuestion({})).toBeUndefined();
  });

  it('says what stopping did when the run is stopped', async () => {
    const {
      tools: [tool],
      audit,
    } = catalogueOf([{ name: 'idle', args: ['-e', 'setInterval(() => {}, 1000)'] }]);
    const abort = new AbortController();
    const { ctx, progress } = aContext({ signal: abort.signal });
    const running = tool!.run({}, ctx);
    await eventually(() => progress.length > 0);
    abort.abort('cancelled');

    const stopped = await running.catch((error: unknown) => error);
    expect(stopped).toBeInstanceOf(WorkStoppedError);
    expect((stopped as Error).message).toMatch(
      /^Its process group \(pid \d+\) was stopped with SIGTERM after \d+ ms\.$/,
    );
    expect(audit.named('job.killed')[0]).toMatchObject({
      severity: 'warn',
      detail: { why: 'stopped', signal: 'SIGTERM' },
    });
  });

  it('refuses a path argument that leads out of the sandbox, and audits the refusal', async () => {
    const outside = freshDirectory('task-mcp-outside-');
    const {
      tools: [tool],
      catalogue,
      audit,
    } = catalogueOf([
      {
        name: 'show',
        args: ['-e', PRINT_ARGS, '{{file}}'],
        parameters: { file: { type: 'path' } },
      },
    ]);
    symlinkSync(outside, join(catalogue.sandbox, 'escape'));

    await expect(tool!.run({ file: 'escape/secret.txt' }, aContext().ctx)).rejects.toThrow(
      SandboxError,
    );
    expect(audit.named('sandbox.refused')).toHaveLength(1);
    expect(audit.named('job.started')).toEqual([]);

    const result = await tool!.run({ file: 'notes/today.txt' }, aContext().ctx);
    expect(result.structuredContent).toMatchObject({
      stdout: `${JSON.stringify([join(catalogue.sandbox, 'notes/today.txt')])}\n`,
    });
  });

  it('says a job could not start, without naming where its program was', async () => {
    const { catalogue, toolOf } = catalogueOf([{ name: 'gone' }]);
    const tool = toolOf({ ...catalogue.jobs[0]!, executable: '/opt/secret/place/program' });
    const failure = tool.run({}, aContext().ctx);
    await expect(failure).rejects.toThrow(
      "Job 'gone' could not start: its command or working directory does not exist",
    );
    await expect(failure).rejects.not.toThrow(/secret/);
  });
});
