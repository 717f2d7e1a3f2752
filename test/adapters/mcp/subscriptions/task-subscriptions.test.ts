import type { Principal } from '../../../../src/application/ports/identity-provider.js';
import { TaskSubscriptions } from '../../../../src/adapters/mcp/subscriptions/task-subscriptions.js';
import type { Task } from '../../../../src/domain/index.js';
import { flushAsync } from '../../../support/fake-clock.js';
import { methodWorld, startGate } from '../../../support/mcp-methods.js';
import { aPrincipal } from '../../../support/task-mother.js';

const alice = aPrincipal('alice');
const bob = aPrincipal('bob');
const carol = aPrincipal('carol');

function world() {
  const w = methodWorld({ TASK_MCP_MAX_LISTENS_PER_OWNER: '2', TASK_MCP_MAX_LISTENS: '3' });
  return { w, subscriptions: w.container.get(TaskSubscriptions) };
}

/** A listen of `who` on `taskIds`: what it was sent, in order, and how to go away. */
function listenOf(subscriptions: TaskSubscriptions, who: Principal, taskIds: string[] = []) {
  const sent: string[] = [];
  const tasks: Task[] = [];
  const client = new AbortController();
  const ended = subscriptions.listen(who, taskIds, {
    signal: client.signal,
    acknowledge: () => sent.push('acknowledged'),
    tell: (task) => {
      sent.push(`task ${task.status}`);
      tasks.push(task);
    },
  });
  return { sent, tasks, ended, leave: () => client.abort() };
}

describe('TaskSubscriptions', () => {
  it("acknowledges first, then tells the caller's task, until a shutdown ends the listen", async () => {
    const { w, subscriptions } = world();
    const taskId = await startGate(w, alice);
    const listen = listenOf(subscriptions, alice, [taskId]);
    expect(listen.sent).toEqual(['acknowledged']);
    await flushAsync();
    expect(listen.sent).toEqual(['acknowledged', 'task working']);
    expect(subscriptions.size).toBe(1);
    subscriptions.endAll();
    await expect(listen.ended).resolves.toBeUndefined();
    expect(subscriptions.size).toBe(0);
  });

  it('ends when the client goes away, and gives its place back', async () => {
    const { subscriptions } = world();
    const first = listenOf(subscriptions, alice);
    listenOf(subscriptions, alice);
    first.leave();
    await first.ended;
    expect(subscriptions.size).toBe(1);
    const again = listenOf(subscriptions, alice);
    expect(again.sent).toEqual(['acknowledged']);
  });

  it('refuses a listen over the limit per owner with -32000, and over the server limit with -32007', async () => {
    const { subscriptions } = world();
    listenOf(subscriptions, alice);
    listenOf(subscriptions, alice);
    const third = subscriptions.listen(alice, [], {
      signal: new AbortController().signal,
      acknowledge: () => undefined,
      tell: () => undefined,
    });
    await expect(third).rejects.toMatchObject({ code: -32000 });
    await expect(third).rejects.toThrow('at most 2 per caller');
    listenOf(subscriptions, bob);
    const full = listenOf(subscriptions, carol);
    await expect(full.ended).rejects.toMatchObject({ code: -32007 });
    expect(full.sent).toEqual([]);
    expect(subscriptions.size).toBe(3);
  });

  it('does not open a listen whose client has already gone', async () => {
    const { subscriptions } = world();
    const gone = new AbortController();
    gone.abort();
    let acknowledged = false;
    await subscriptions.listen(alice, [], {
      signal: gone.signal,
      acknowledge: () => (acknowledged = true),
      tell: () => undefined,
    });
    expect(acknowledged).toBe(false);
    expect(subscriptions.size).toBe(0);
  });
});
