import { z } from 'zod';
import {
  InvalidToolArgumentsError,
  TaskRequiredError,
  UnknownToolError,
  WorkStoppedError,
} from '../../src/application/shared/errors.js';
import type { Principal } from '../../src/application/ports/identity-provider.js';
import { TASK_STORE, type TaskStore } from '../../src/application/ports/task-store.js';
import { TaskRunner } from '../../src/application/services/task-runner.js';
import { AwaitTaskResult } from '../../src/application/use-cases/await-task-result.js';
import { CancelTask } from '../../src/application/use-cases/cancel-task.js';
import { CleanupExpired } from '../../src/application/use-cases/cleanup-expired.js';
import { CreateTask } from '../../src/application/use-cases/create-task.js';
import { GetTask } from '../../src/application/use-cases/get-task.js';
import { ListTasks } from '../../src/application/use-cases/list-tasks.js';
import { RunToolNow } from '../../src/application/use-cases/run-tool-now.js';
import {
  InvalidCursorError,
  InvalidTransitionError,
  InvalidTtlError,
  ResourceExhaustedError,
  TaskNotFoundError,
  TtlTooLongError,
  VariableLimitExceededError,
  VariableTypeMismatchError,
  type Task,
} from '../../src/domain/index.js';
import { flushAsync } from '../support/fake-clock.js';
import { anOwner } from '../support/task-mother.js';
import { testContainer } from '../support/test-container.js';
import { GateTool, text } from '../support/test-tools.js';

const alice: Principal = { owner: anOwner('alice'), scopes: [] };
const bob: Principal = { owner: anOwner('bob'), scopes: [] };

function world(env: Record<string, string> = {}) {
  const gate = new GateTool();
  const required = Object.assign(new GateTool('required'), { name: 'gate_required' });
  const slow = Object.assign(new GateTool('optional', true), { name: 'gate_slow' });
  const { container, clock } = testContainer(env, [gate, required, slow]);
  return {
    gate,
    slow,
    required,
    clock,
    store: container.get<TaskStore>(TASK_STORE),
    runner: container.get(TaskRunner),
    create: container.get(CreateTask),
    get: container.get(GetTask),
    result: container.get(AwaitTaskResult),
    list: container.get(ListTasks),
    cancel: container.get(CancelTask),
    cleanup: container.get(CleanupExpired),
    runNow: container.get(RunToolNow),
  };
}

describe('task lifecycle', () => {
  it('creates a working task, runs the tool, and returns exactly its result', async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: { label: 'x' } });
    expect(task.status).toBe('working');
    await w.gate.started();
    const pending = w.result.run(alice, task.id);
    w.gate.runs[0]!.release({
      content: [{ type: 'text', text: 'done' }],
      structuredContent: { n: 1 },
    });
    const outcome = await pending;
    expect(outcome.result).toEqual({
      content: [{ type: 'text', text: 'done' }],
      structuredContent: { n: 1 },
    });
    expect((await w.get.run(alice, task.id)).task.status).toBe('completed');
  });

  it('fails the task when the tool returns isError or throws, keeping the message', async () => {
    const w = world();
    const a = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    const b = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await w.gate.started(2);
    w.gate.runs[0]!.release({ content: [{ type: 'text', text: 'bad input file' }], isError: true });
    w.gate.runs[1]!.reject(new Error('disk full'));
    expect((await w.result.run(alice, a.id)).task).toMatchObject({
      status: 'failed',
      statusMessage: 'Tool execution failed: bad input file',
    });
    const failed = await w.result.run(alice, b.id);
    expect(failed.task.status).toBe('failed');
    expect(failed.result).toEqual({
      content: [{ type: 'text', text: 'disk full' }],
      isError: true,
    });
  });

  it('uses the default ttl and rejects bad ones without storing anything', async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    expect(task.ttlMs).toBe(3_600_000);
    await expect(
      w.create.run(alice, { toolName: 'gate', arguments: {}, ttl: 86_400_001 }),
    ).rejects.toThrow(TtlTooLongError);
    for (const ttl of [0, -5, 1.5, '10']) {
      await expect(w.create.run(alice, { toolName: 'gate', arguments: {}, ttl })).rejects.toThrow(
        InvalidTtlError,
      );
    }
    expect((await w.list.run(alice)).tasks).toHaveLength(1);
    expect(w.gate.runs).toHaveLength(1);
  });

  it('refuses unknown tools, bad arguments and oversized arguments before anything runs', async () => {
    const w = world();
    const strict = world();
    await expect(w.create.run(alice, { toolName: 'nope', arguments: {} })).rejects.toThrow(
      UnknownToolError,
    );
    await expect(
      w.create.run(alice, { toolName: 'gate', arguments: { label: 5 } }),
    ).rejects.toThrow(InvalidToolArgumentsError);
    await expect(
      strict.create.run(alice, { toolName: 'gate', arguments: { blob: 'x'.repeat(70_000) } }),
    ).rejects.toThrow(VariableLimitExceededError);
    expect(w.gate.runs).toHaveLength(0);
    expect((await w.list.run(alice)).tasks).toHaveLength(0);
  });

  it('enforces the concurrent limit, and a finished task frees its slot', async () => {
    const w = world({ TASK_MCP_MAX_CONCURRENT_TASKS_PER_OWNER: '2' });
    await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await expect(w.create.run(alice, { toolName: 'gate', arguments: {} })).rejects.toThrow(
      ResourceExhaustedError,
    );
    await expect(w.create.run(bob, { toolName: 'gate', arguments: {} })).resolves.toBeDefined();
    await w.gate.started(3);
    w.gate.runs[0]!.release(text('ok'));
    await flushAsync();
    await expect(w.create.run(alice, { toolName: 'gate', arguments: {} })).resolves.toBeDefined();
  });
});

describe('cancellation', () => {
  it('cancels a running task before answering and aborts the work', async () => {
    const w = world();
    // A tool that does not stop on abort: cancel waits its bounded while, then answers anyway.
    const task = await w.create.run(alice, { toolName: 'gate_slow', arguments: {} });
    await w.slow.started();
    const run = w.slow.runs[0]!;
    const cancelled = await w.cancel.run(alice, task.id);
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      statusMessage: 'The task was cancelled by request.',
    });
    expect(run.ctx.signal.aborted).toBe(true);
    expect(run.ctx.signal.reason).toBe('cancelled');
    // A late result after cancellation is dropped: the task stays cancelled.
    run.release(text('too late'));
    await run.ended;
    await flushAsync();
    expect((await w.get.run(alice, task.id)).task.status).toBe('cancelled');
    expect(w.runner.runningCount).toBe(0);
    expect((await w.result.run(alice, task.id)).result).toMatchObject({ isError: true });
  });

  it('waits for the work to stop and adds what stopping did to the status message', async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate_slow', arguments: {} });
    await w.slow.started();
    const run = w.slow.runs[0]!;
    run.ctx.signal.addEventListener('abort', () =>
      setTimeout(() => run.reject(new WorkStoppedError('Its process group 42 was stopped.')), 50),
    );
    const cancelled = await w.cancel.run(alice, task.id);
    expect(cancelled.statusMessage).toBe(
      'The task was cancelled by request. Its process group 42 was stopped.',
    );
    expect(w.runner.runningCount).toBe(0);
  });

  it('refuses to cancel a terminal task and leaves it unchanged', async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await w.gate.started();
    w.gate.runs[0]!.release(text('ok'));
    const done = (await w.result.run(alice, task.id)).task;
    await expect(w.cancel.run(alice, task.id)).rejects.toThrow(InvalidTransitionError);
    await expect(w.cancel.run(alice, task.id)).rejects.toThrow(
      "Cannot cancel task: already in terminal status 'completed'",
    );
    expect((await w.get.run(alice, task.id)).task).toEqual(done);
  });

  it("treats another owner's task exactly like an unknown one", async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    for (const attempt of [
      () => w.get.run(bob, task.id),
      () => w.result.run(bob, task.id),
      () => w.cancel.run(bob, task.id),
      () => w.get.run(alice, 'x'.repeat(24)),
      () => w.get.run(alice, '../../etc/passwd'),
      () => w.get.run(alice, ''),
    ]) {
      await expect(attempt()).rejects.toThrow(TaskNotFoundError);
    }
    expect((await w.get.run(alice, task.id)).task.status).toBe('working');
    expect((await w.list.run(bob)).tasks).toEqual([]);
  });
});

describe('expiry', () => {
  it('fails running work at its ttl, aborts it, flags it, then cleanup removes it', async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {}, ttl: 5000 });
    await w.gate.started();
    w.clock.advance(4999);
    await flushAsync();
    expect((await w.get.run(alice, task.id)).expired).toBe(false);
    w.clock.advance(1);
    await flushAsync();
    const view = await w.get.run(alice, task.id);
    expect(view.expired).toBe(true);
    expect(view.task.status).toBe('failed');
    expect(view.task.statusMessage).toMatch(/ttl of 5000 ms ran out/);
    expect(w.gate.runs[0]!.ctx.signal.reason).toBe('expired');
    expect(await w.cleanup.run()).toBe(1);
    await expect(w.get.run(alice, task.id)).rejects.toThrow(TaskNotFoundError);
  });

  it('keeps a finished task readable, flagged as expired, until cleanup', async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {}, ttl: 1000 });
    await w.gate.started();
    w.gate.runs[0]!.release(text('ok'));
    await w.result.run(alice, task.id);
    w.clock.advance(2000);
    const view = await w.get.run(alice, task.id);
    expect(view).toMatchObject({ expired: true, task: { status: 'completed' } });
    expect((await w.result.run(alice, task.id)).result).toEqual(text('ok'));
    await w.cleanup.run();
    await expect(w.result.run(alice, task.id)).rejects.toThrow(TaskNotFoundError);
  });
});

describe('task context', () => {
  it('reads arguments as typed variables and stores new ones within the limits', async () => {
    const w = world();
    await w.create.run(alice, {
      toolName: 'gate',
      arguments: { label: 'x', count: '12', ratio: 0.5, flag: 'true', nested: { a: [1] } },
    });
    await w.gate.started();
    const ctx = w.gate.runs[0]!.ctx;
    expect(ctx.getString('label')).toBe('x');
    expect(ctx.getInteger('count')).toBe(12);
    expect(ctx.getNumber('ratio')).toBe(0.5);
    expect(ctx.getBoolean('flag')).toBe(true);
    expect(ctx.getString('missing')).toBeUndefined();
    expect(ctx.get('nested', z.object({ a: z.array(z.number()) }))).toEqual({ a: [1] });
    expect(() => ctx.get('label', z.number())).toThrow(VariableTypeMismatchError);
    expect(() => ctx.getInteger('label')).toThrow(VariableTypeMismatchError);
    await ctx.setVariable('step', 3);
    expect(ctx.getInteger('step')).toBe(3);
    await expect(ctx.setVariable('blob', 'x'.repeat(70_000))).rejects.toThrow(
      VariableLimitExceededError,
    );
    expect(ctx.getString('blob')).toBeUndefined();
  });

  it('shows progress as the status message while running', async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await w.gate.started();
    await w.gate.runs[0]!.ctx.reportProgress(3, 10, 'Indexing');
    expect((await w.get.run(alice, task.id)).task.statusMessage).toBe('Indexing (3/10)');
  });

  it('fails a task whose result is over the result cap', async () => {
    const w = world({ TASK_MCP_MAX_RESULT_BYTES: '2048' });
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {} });
    await w.gate.started();
    w.gate.runs[0]!.release(text('x'.repeat(5000)));
    const outcome = await w.result.run(alice, task.id);
    expect(outcome.task.status).toBe('failed');
    expect(outcome.task.statusMessage).toMatch(/exceeds the limit of 2048/);
  });
});

describe('listing', () => {
  it('pages through the caller’s tasks with an opaque cursor and rejects a bad one', async () => {
    const w = world({
      TASK_MCP_LIST_PAGE_SIZE: '2',
      TASK_MCP_MAX_CONCURRENT_TASKS_PER_OWNER: '10',
    });
    const created: Task[] = [];
    for (let i = 0; i < 5; i++) {
      created.push(await w.create.run(alice, { toolName: 'gate', arguments: {} }));
      w.clock.advance(1);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await w.list.run(alice, cursor);
      seen.push(...page.tasks.map((t) => t.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(created.map((t) => t.id));
    for (const bad of ['', 'not-a-cursor', '!!!!', 'x'.repeat(300)]) {
      await expect(w.list.run(alice, bad)).rejects.toThrow(InvalidCursorError);
    }
  });
});

describe('inline calls and shutdown', () => {
  it('runs an optional tool inline and refuses a required one', async () => {
    const w = world();
    const pending = w.runNow.run(alice, 'gate', {});
    await w.gate.started();
    w.gate.runs[0]!.release(text('inline'));
    expect((await pending).result).toEqual(text('inline'));
    await expect(w.runNow.run(alice, 'gate_required', {})).rejects.toThrow(TaskRequiredError);
    expect(w.required.runs).toHaveLength(0);
  });

  it('cancels the task when an inline caller gives up', async () => {
    const w = world();
    const controller = new AbortController();
    const pending = w.runNow.run(alice, 'gate', {}, controller.signal);
    await w.gate.started();
    controller.abort(new Error('client went away'));
    await expect(pending).rejects.toThrow('client went away');
    await flushAsync();
    expect(w.gate.runs[0]!.ctx.signal.reason).toBe('cancelled');
  });

  it('fails and aborts every running task on shutdown', async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate_slow', arguments: {} });
    await w.slow.started();
    const run = w.slow.runs[0]!;
    run.ctx.signal.addEventListener('abort', () => run.reject(new Error('stopped')));
    await w.runner.shutdown();
    expect(run.ctx.signal.reason).toBe('shutdown');
    expect((await w.get.run(alice, task.id)).task).toMatchObject({
      status: 'failed',
      statusMessage: 'server shutting down',
    });
  });
});

describe('cleanup racing the expiry timer', () => {
  it('fails a still-running expired task before deleting it, so its waiters are answered', async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {}, ttl: 1000 });
    await w.gate.started();
    const waiter = w.result.run(alice, task.id);
    // Move time past the ttl without firing timers: cleanup gets there first.
    w.clock.jump(1000);
    expect(await w.cleanup.run()).toBe(1);
    const outcome = await waiter;
    expect(outcome.task.status).toBe('failed');
    expect(outcome.task.statusMessage).toMatch(/ttl of 1000 ms ran out/);
    expect(w.gate.runs[0]!.ctx.signal.reason).toBe('expired');
  });
});
