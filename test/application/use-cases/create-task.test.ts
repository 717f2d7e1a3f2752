import {
  InvalidToolArgumentsError,
  ServerBusyError,
  ServerShuttingDownError,
  UnknownToolError,
} from '../../../src/application/shared/errors.js';
import {
  InvalidTtlError,
  ResourceExhaustedError,
  TtlTooLongError,
  VariableLimitExceededError,
} from '../../../src/domain/index.js';
import { flushAsync } from '../../support/fake-clock.js';
import { anOwner } from '../../support/task-mother.js';
import { text } from '../../support/test-tools.js';
import { alice, bob, useCaseWorld as world } from '../../support/use-case-world.js';

describe('CreateTask', () => {
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

  it('holds a process slot from the call until the work ends, and gives it back on refusal', async () => {
    const w = world({
      TASK_MCP_MAX_JOB_PROCESSES: '2',
      TASK_MCP_MAX_CONCURRENT_TASKS_PER_OWNER: '1',
    });
    Object.assign(w.gate, { startsProcess: true });
    await w.create.run(alice, { toolName: 'gate', arguments: {} });
    // Over alice's own limit: refused, and the slot it took is free again.
    await expect(w.create.run(alice, { toolName: 'gate', arguments: {} })).rejects.toThrow(
      ResourceExhaustedError,
    );
    expect(w.processSlots.inUse).toBe(1);
    await w.create.run(bob, { toolName: 'gate', arguments: {} });
    const carol = { owner: anOwner('carol'), scopes: [] };
    await expect(w.create.run(carol, { toolName: 'gate', arguments: {} })).rejects.toThrow(
      ServerBusyError,
    );
    expect((await w.list.run(carol)).tasks).toHaveLength(0);
    await w.gate.started(2);
    w.gate.runs[0]!.release(text('ok'));
    await flushAsync();
    expect(w.processSlots.inUse).toBe(1);
    await expect(w.create.run(carol, { toolName: 'gate', arguments: {} })).resolves.toBeDefined();
  });

  it('refuses new work once the server has begun to shut down, storing nothing', async () => {
    const w = world();
    w.admission.close();
    await expect(w.create.run(alice, { toolName: 'gate', arguments: {} })).rejects.toThrow(
      ServerShuttingDownError,
    );
    expect(w.gate.runs).toHaveLength(0);
    expect((await w.list.run(alice)).tasks).toHaveLength(0);
  });
});
