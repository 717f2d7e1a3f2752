import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CallToolResultSchema,
  CreateTaskResultSchema,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import { LOCK_STORE, type LockStore } from '../../src/application/ports/lock-store.js';
import { createLock, type TaskId } from '../../src/domain/index.js';
import type { JobOutput } from '../../src/adapters/jobs/job-result.js';
import { eventually, startHttpFixture, type HttpFixture } from '../support/http-fixture.js';
import { freshDirectory, IDLE_SCRIPT, pidOfJob, writeCatalogue } from '../support/jobs.js';
import { isGone } from '../support/processes.js';
import { rawRequest } from '../support/rpc.js';
import { anOwner } from '../support/task-mother.js';

const nodeJob = (name: string, script: string, extra: Record<string, unknown> = {}) => ({
  name,
  description: `Test job ${name}`,
  command: 'node',
  args: ['-e', script, '--'],
  taskSupport: 'optional',
  ...extra,
});

const JOBS = [
  nodeJob('echo-args', 'console.log(JSON.stringify(process.argv.slice(1)));', {
    args: ['-e', 'console.log(JSON.stringify(process.argv.slice(1)));', '--', '{{text}}'],
    parameters: { text: { type: 'string', maxLength: 200 } },
  }),
  nodeJob('exit-with', "console.error('something broke'); process.exit(Number(process.argv[1]));", {
    args: [
      '-e',
      "console.log('working'); console.error('something broke'); process.exit(Number(process.argv[1]));",
      '--',
      '{{code}}',
    ],
    parameters: { code: { type: 'integer', minimum: 0, maximum: 255 } },
  }),
  nodeJob('idle', IDLE_SCRIPT, {
    args: ['-e', IDLE_SCRIPT, '--', '{{stubborn}}'],
    parameters: { stubborn: { type: 'boolean', default: false } },
  }),
  nodeJob('idle-briefly', IDLE_SCRIPT, {
    args: ['-e', IDLE_SCRIPT, '--', 'true'],
    timeoutSeconds: 1,
    killGraceSeconds: 1,
  }),
  nodeJob(
    'with-grandchild',
    "const child = require('node:child_process').spawn('sleep', ['300'], { stdio: 'ignore' }); console.log('pids', process.pid, child.pid); setInterval(() => {}, 1000);",
  ),
  nodeJob(
    'flood',
    "const block = Buffer.alloc(1 << 20, 'x'); let left = 50; const write = () => { while (left > 0) { left--; if (!process.stdout.write(block)) return process.stdout.once('drain', write); } process.stdout.write('\\nthe end\\n'); }; write();",
    { maxOutputBytes: 4096 },
  ),
  nodeJob('print-env', 'console.log(JSON.stringify(process.env));', {
    env: { pass: ['PATH', 'HOME'], set: { CI: 'true' } },
  }),
  {
    name: 'cat-file',
    description: 'Prints a file of your workspace',
    command: 'cat',
    args: ['--', '{{file}}'],
    parameters: { file: { type: 'path' } },
    workspace: true,
    taskSupport: 'optional',
  },
  {
    name: 'cat-shared',
    description: 'Prints a file of the sandbox',
    command: 'cat',
    args: ['--', '{{file}}'],
    parameters: { file: { type: 'path' } },
    taskSupport: 'optional',
  },
  {
    name: 'list-in',
    description: 'Lists a directory of the sandbox, running in it',
    command: 'ls',
    cwd: '{{dir}}',
    parameters: { dir: { type: 'string', format: 'slug' } },
    taskSupport: 'optional',
  },
  {
    name: 'write-note',
    description: 'Writes a note into your workspace',
    command: 'node',
    args: [
      '-e',
      "require('node:fs').writeFileSync(process.argv[1], process.argv[2])",
      '--',
      '{{file}}',
      '{{text}}',
    ],
    parameters: { file: { type: 'path' }, text: { type: 'string' } },
    workspace: true,
    taskSupport: 'optional',
  },
  {
    name: 'vanishing',
    description: 'A program removed after start-up',
    command: './vanishing.sh',
    taskSupport: 'optional',
  },
  nodeJob('deploy', IDLE_SCRIPT, {
    args: ['-e', IDLE_SCRIPT, '--', 'false'],
    parameters: { target: { type: 'string', enum: ['web', 'api'] } },
    lock: { name: 'deploy-{{target}}', scope: 'global' },
    taskSupport: 'required',
  }),
];

describe('catalogue jobs run real processes, safely', () => {
  let fixture: HttpFixture;
  let alice: Client;
  let bob: Client;
  let sandbox: string;
  const outside = freshDirectory('task-mcp-outside-');

  beforeAll(async () => {
    process.env.MY_API_TOKEN = 'token-that-must-not-leak';
    process.env.DATABASE_PASSWORD = 'password-that-must-not-leak';
    const file = writeCatalogue(JOBS, {}, (dir) => {
      writeFileSync(join(dir, 'vanishing.sh'), '#!/bin/sh\necho here\n', { mode: 0o755 });
    });
    sandbox = join(file, '..', 'sandbox');
    fixture = await startHttpFixture({
      env: { TASK_MCP_JOBS: file, TASK_MCP_MAX_CONCURRENT_TASKS_PER_OWNER: '20' },
      ownersByHeader: true,
    });
    alice = await fixture.connect('alice');
    bob = await fixture.connect('bob');
    writeFileSync(join(outside, 'secret.txt'), 'content from outside');
    mkdirSync(join(sandbox, 'inside'), { recursive: true });
    symlinkSync(outside, join(sandbox, 'escape'));
  });

  afterAll(async () => {
    delete process.env.MY_API_TOKEN;
    delete process.env.DATABASE_PASSWORD;
    await fixture.close();
  });

  async function start(client: Client, name: string, args: Record<string, unknown> = {}) {
    const created = await client.request(
      { method: 'tools/call', params: { name, arguments: args, task: {} } },
      CreateTaskResultSchema,
    );
    return created.task.taskId;
  }

  async function run(client: Client, name: string, args: Record<string, unknown> = {}) {
    const taskId = await start(client, name, args);
    const result = (await client.experimental.tasks.getTaskResult(
      taskId,
      CallToolResultSchema,
    )) as CallToolResult;
    const task = await client.experimental.tasks.getTask(taskId);
    return { taskId, task, result, output: result.structuredContent as JobOutput | undefined };
  }

  it('lists every job as a task tool with an inputSchema made from its parameters', async () => {
    const { tools } = await alice.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(JOBS.map((job) => job.name));
    const exit = tools.find((tool) => tool.name === 'exit-with')!;
    expect(exit.execution?.taskSupport).toBe('optional');
    expect(exit.inputSchema).toMatchObject({
      type: 'object',
      properties: { code: { type: 'integer', minimum: 0, maximum: 255 } },
      required: ['code'],
      additionalProperties: false,
    });
    expect(exit.outputSchema).toMatchObject({
      properties: { exitCode: {}, stdout: {}, stdoutTruncated: {} },
    });
  });

  it('completes a job with its exit code, duration and output', async () => {
    const { task, result, output } = await run(alice, 'echo-args', { text: 'hello world' });
    expect(task.status).toBe('completed');
    expect(result.isError).toBeUndefined();
    expect(output).toMatchObject({
      job: 'echo-args',
      exitCode: 0,
      signal: null,
      timedOut: false,
      stdout: '["hello world"]\n',
      stdoutTruncated: false,
      stderrBytes: 0,
    });
    expect(output!.durationMs).toBeGreaterThanOrEqual(0);
    expect(result.content[0]).toEqual({
      type: 'text',
      text: expect.stringMatching(/^Job 'echo-args' completed: exit code 0 after \d+\.\d s$/),
    });
  });

  it('fails a job that exits non-zero, with the code and both outputs', async () => {
    const { task, result, output } = await run(alice, 'exit-with', { code: 3 });
    expect(task.status).toBe('failed');
    expect(task.statusMessage).toMatch(/Job 'exit-with' failed: exit code 3 after/);
    expect(result.isError).toBe(true);
    expect(output).toMatchObject({ exitCode: 3, stdout: 'working\n', stderr: 'something broke\n' });
  });

  it('passes injection attempts as inert data: one argument, never run by a shell', async () => {
    const marker = join(outside, 'pwned');
    for (const text of ['; rm -rf /', `$(touch ${marker})`, `\`touch ${marker}\``, 'a && b | c']) {
      const { output } = await run(alice, 'echo-args', { text });
      expect(JSON.parse(output!.stdout)).toEqual([text]);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses option-like and malformed arguments before anything runs', async () => {
    for (const text of ['--option=value', '-rf', 'line\nbreak', 'x'.repeat(201)]) {
      const reply = await rawRequest(alice, 'tools/call', {
        name: 'echo-args',
        arguments: { text },
        task: {},
      });
      expect(reply.error?.code).toBe(-32602);
      expect(reply.error?.message).toMatch(/Invalid arguments for tool 'echo-args': text/);
    }
    const extra = await rawRequest(alice, 'tools/call', {
      name: 'echo-args',
      arguments: { text: 'x', shell: true },
      task: {},
    });
    expect(extra.error?.message).toMatch(/Unrecognized key/);
    expect((await alice.experimental.tasks.listTasks()).tasks.map((t) => t.status)).not.toContain(
      'working',
    );
  });

  it('fails a job whose program has gone since start-up, saying so', async () => {
    rmSync(join(sandbox, '..', 'vanishing.sh'));
    const { task, result } = await run(alice, 'vanishing');
    expect(task.status).toBe('failed');
    expect(task.statusMessage).toBe(
      "Tool execution failed: Job 'vanishing' could not start: its command or working directory does not exist",
    );
    expect(JSON.stringify(result)).not.toContain(sandbox);
  });

  it('refuses traversal and absolute paths as invalid arguments', async () => {
    for (const file of ['../../etc/passwd', '/etc/passwd', 'a/../../b', '~/x']) {
      const reply = await rawRequest(alice, 'tools/call', {
        name: 'cat-file',
        arguments: { file },
        task: {},
      });
      expect(reply.error?.code).toBe(-32602);
      expect(reply.error?.message).toMatch(/file: the path/);
    }
  });

  it('refuses a path through a symlink that leaves the sandbox, and a working directory too', async () => {
    const viaLink = await run(alice, 'cat-shared', { file: 'escape/secret.txt' });
    expect(viaLink.task.status).toBe('failed');
    expect(viaLink.task.statusMessage).toMatch(
      /The path given for 'file' leads outside the sandbox/,
    );
    expect(JSON.stringify(viaLink.result)).not.toContain('content from outside');
    expect(JSON.stringify(viaLink.result)).not.toContain(outside);

    const cwdLink = await run(alice, 'list-in', { dir: 'escape' });
    expect(cwdLink.task.statusMessage).toMatch(/The working directory leads outside the sandbox/);
    const fine = await run(alice, 'list-in', { dir: 'inside' });
    expect(fine.task.status).toBe('completed');
  });

  it("gives each owner a workspace of their own: bob cannot read alice's file", async () => {
    expect(
      (await run(alice, 'write-note', { file: 'note.txt', text: 'for alice' })).task.status,
    ).toBe('completed');
    const own = await run(alice, 'cat-file', { file: 'note.txt' });
    expect(own.output?.stdout).toBe('for alice');
    const other = await run(bob, 'cat-file', { file: 'note.txt' });
    expect(other.task.status).toBe('failed');
    expect(other.output?.stdout).toBe('');
    expect(other.output?.stderr).toMatch(/No such file/);
  });

  it('keeps secrets out of the child environment', async () => {
    const { output } = await run(alice, 'print-env');
    const env = JSON.parse(output!.stdout) as Record<string, string>;
    expect(env.CI).toBe('true');
    expect(env.PATH).toBe(process.env.PATH);
    expect(Object.keys(env).sort()).toEqual(
      ['CI', 'PATH', ...(process.env.HOME ? ['HOME'] : [])].sort(),
    );
    expect(output!.stdout).not.toContain('must-not-leak');
  });

  it('caps an output flood, keeping the tail and saying it was cut', async () => {
    const { task, output } = await run(alice, 'flood');
    expect(task.status).toBe('completed');
    expect(output!.stdoutBytes).toBe(50 * 1024 * 1024 + '\nthe end\n'.length);
    expect(output!.stdoutTruncated).toBe(true);
    expect(Buffer.byteLength(output!.stdout)).toBe(4096);
    expect(output!.stdout.endsWith('xx\nthe end\n')).toBe(true);
  });

  it('shows progress in the status message while it runs', async () => {
    const taskId = await start(alice, 'idle');
    await eventually(async () => {
      const { statusMessage } = await alice.experimental.tasks.getTask(taskId);
      return /^Running for \d+ s \(pid \d+\): 1 lines of output; last: pid \d+$/.test(
        statusMessage ?? '',
      );
    }, 5000);
    await alice.experimental.tasks.cancelTask(taskId);
  });

  it('cancels a running job: the process is gone when cancel answers, and the task says so', async () => {
    const taskId = await start(alice, 'idle');
    const pid = await pidOfJob(alice, taskId);
    expect(isGone(pid)).toBe(false);
    const cancelled = await alice.experimental.tasks.cancelTask(taskId);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.statusMessage).toMatch(
      new RegExp(
        `^The task was cancelled by request\\. Its process group \\(pid ${pid}\\) was stopped with SIGTERM after \\d+ ms\\.$`,
      ),
    );
    expect(isGone(pid)).toBe(true);
  });

  it('kills a child that ignores SIGTERM with SIGKILL within a second of cancel', async () => {
    const taskId = await start(alice, 'idle', { stubborn: true });
    const pid = await pidOfJob(alice, taskId);
    const startedCancel = Date.now();
    const cancelled = await alice.experimental.tasks.cancelTask(taskId);
    expect(cancelled.statusMessage).toMatch(/killed with SIGKILL \(it ignored SIGTERM\)/);
    expect(isGone(pid)).toBe(true);
    expect(Date.now() - startedCancel).toBeLessThan(5000);
  });

  it('kills the process group when the task expires, and the task says so', async () => {
    const created = await alice.request(
      { method: 'tools/call', params: { name: 'idle', arguments: {}, task: { ttl: 1500 } } },
      CreateTaskResultSchema,
    );
    const taskId = created.task.taskId;
    const pid = await pidOfJob(alice, taskId);
    await eventually(
      async () => (await alice.experimental.tasks.getTask(taskId)).status === 'failed',
      5000,
    );
    expect((await alice.experimental.tasks.getTask(taskId)).statusMessage).toMatch(
      new RegExp(
        `^Task expired: it was still running when its ttl of 1500 ms ran out\\. Its process group \\(pid ${pid}\\) was stopped with SIGTERM`,
      ),
    );
    expect(isGone(pid)).toBe(true);
  });

  it('stops the whole process group, grandchildren included', async () => {
    const taskId = await start(alice, 'with-grandchild');
    let pids: number[] = [];
    await eventually(async () => {
      const message = (await alice.experimental.tasks.getTask(taskId)).statusMessage ?? '';
      pids = (/pids (\d+) (\d+)/.exec(message) ?? []).slice(1).map(Number);
      return pids.length === 2;
    }, 5000);
    expect(pids.some(isGone)).toBe(false);
    await alice.experimental.tasks.cancelTask(taskId);
    await eventually(() => pids.every(isGone), 2000);
  });

  it('times out a child that ignores SIGTERM: SIGTERM, then SIGKILL of the group', async () => {
    const taskId = await start(alice, 'idle-briefly');
    const pid = await pidOfJob(alice, taskId);
    const result = (await alice.experimental.tasks.getTaskResult(
      taskId,
      CallToolResultSchema,
    )) as CallToolResult;
    const output = result.structuredContent as JobOutput;
    expect(output).toMatchObject({ timedOut: true, exitCode: null, signal: 'SIGKILL' });
    expect(output.stdout).toContain('ignoring SIGTERM');
    expect((await alice.experimental.tasks.getTask(taskId)).statusMessage).toMatch(
      /Job 'idle-briefly' failed: timed out after \d+\.\d s and was killed \(SIGKILL\)/,
    );
    expect(isGone(pid)).toBe(true);
  });

  it('refuses a second run under a held lock at once, naming the lock; frees it when the first ends', async () => {
    const first = await start(alice, 'deploy', { target: 'web' });
    const refused = await rawRequest(bob, 'tools/call', {
      name: 'deploy',
      arguments: { target: 'web' },
      task: {},
    });
    expect(refused.error?.code).toBe(-32004);
    expect(refused.error?.message).toMatch(/^Lock 'deploy-web' is held by another run;/);
    expect(refused.error?.message).not.toContain(first);
    // Another lock name runs side by side.
    const api = await start(bob, 'deploy', { target: 'api' });

    await alice.experimental.tasks.cancelTask(first);
    const next = await start(bob, 'deploy', { target: 'web' });
    await bob.experimental.tasks.cancelTask(next);
    await bob.experimental.tasks.cancelTask(api);
  });

  it('reclaims a stale lock left by a run that never finished', async () => {
    const locks = fixture.container.get<LockStore>(LOCK_STORE);
    const stale = createLock(
      { name: 'deploy-web', scope: 'global', ttlMs: 60_000 },
      { owner: anOwner('crashed'), taskId: 'task-of-a-dead-replica' as TaskId },
      Date.now() - 120_000,
    );
    expect(await locks.tryAcquire(stale)).toBeUndefined();
    const taskId = await start(alice, 'deploy', { target: 'web' });
    expect((await locks.get(stale.key))?.holder.taskId).toBe(taskId);
    await alice.experimental.tasks.cancelTask(taskId);
    expect(await locks.get(stale.key)).toBeUndefined();
  });
});
