import { TASK_STORE, type TaskStore } from '../../src/application/ports/task-store.js';
import { CreateTask } from '../../src/application/use-cases/create-task.js';
import { ServerShuttingDownError } from '../../src/application/shared/errors.js';
import type { FrontDoor } from '../../src/composition/front-door.js';
import { ServerLifecycle } from '../../src/composition/server-lifecycle.js';
import { FRONT_DOOR } from '../../src/composition/tokens.js';
import { testContainer } from '../support/test-container.js';
import { GateTool } from '../support/test-tools.js';
import { alice } from '../support/use-case-world.js';

/** A front door that records what the lifecycle asks of it, and when. */
class RecordingFrontDoor implements FrontDoor {
  readonly calls: string[] = [];
  onEnded: () => void = () => undefined;
  /** Called inside close(), as a transport's onclose would. */
  duringClose: () => void = () => undefined;
  /** What draining waits for; runs when the lifecycle asks to drain. */
  draining: () => Promise<void> = async () => undefined;

  async start(onEnded: () => void): Promise<URL> {
    this.calls.push('start');
    this.onEnded = onEnded;
    return new URL('http://127.0.0.1:1/mcp');
  }

  refuseNewRequests(): void {
    this.calls.push('refuseNewRequests');
  }

  async drain(): Promise<void> {
    this.calls.push('drain');
    await this.draining();
  }

  async close(): Promise<void> {
    this.calls.push('close');
    this.duringClose();
  }
}

function world(env: Record<string, string> = {}) {
  const gate = new GateTool();
  const { container } = testContainer(env, [gate]);
  const front = new RecordingFrontDoor();
  container.rebind(FRONT_DOOR).toConstantValue(front);
  const store = container.get<TaskStore>(TASK_STORE);
  return { gate, front, store, container, lifecycle: container.get(ServerLifecycle) };
}

describe('ServerLifecycle', () => {
  it('stops in order: refuse new work, fail running tasks, drain, close', async () => {
    const w = world();
    await w.lifecycle.start();
    const task = await w.container.get(CreateTask).run(alice, { toolName: 'gate', arguments: {} });
    await w.gate.started();
    const failedBeforeDrain: string[] = [];
    w.front.draining = async () => {
      const current = await w.store.get(alice.owner, task.id);
      failedBeforeDrain.push(`${current?.status}: ${current?.statusMessage}`);
    };

    expect(await w.lifecycle.stop()).toEqual({ clean: true });

    expect(w.front.calls).toEqual(['start', 'refuseNewRequests', 'drain', 'close']);
    expect(failedBeforeDrain).toEqual(['failed: server shutting down']);
    expect(w.gate.runs[0]!.ctx.signal.reason).toBe('shutdown');
    await expect(
      w.container.get(CreateTask).run(alice, { toolName: 'gate', arguments: {} }),
    ).rejects.toThrow(ServerShuttingDownError);
  });

  it('is idempotent, and a stop re-entered from inside closing is the same stop', async () => {
    const w = world();
    await w.lifecycle.start();
    const reentered: Promise<unknown>[] = [];
    w.front.duringClose = () => {
      reentered.push(w.lifecycle.stop('stdin closed'));
      w.front.onEnded();
    };

    const first = w.lifecycle.stop('SIGTERM');
    const second = w.lifecycle.stop('SIGINT');

    expect(second).toBe(first);
    expect(await first).toEqual({ clean: true });
    expect(reentered).toEqual([first]);
    expect(w.front.calls.filter((call) => call === 'close')).toHaveLength(1);
    expect(await w.lifecycle.stopped).toEqual({ clean: true });
  });

  it('stops when the transport ends by itself (stdin closed)', async () => {
    const w = world();
    await w.lifecycle.start();
    w.front.onEnded();
    expect(await w.lifecycle.stopped).toEqual({ clean: true });
    expect(w.front.calls).toContain('close');
  });

  it('gives up waiting after TASK_MCP_SHUTDOWN_GRACE_MS, closes anyway and says so', async () => {
    const w = world({ TASK_MCP_SHUTDOWN_GRACE_MS: '100' });
    await w.lifecycle.start();
    w.front.draining = () => new Promise(() => undefined);
    const startedAt = Date.now();

    expect(await w.lifecycle.stop()).toEqual({ clean: false });

    expect(Date.now() - startedAt).toBeLessThan(2000);
    expect(w.front.calls).toEqual(['start', 'refuseNewRequests', 'drain', 'close']);
  });
});
