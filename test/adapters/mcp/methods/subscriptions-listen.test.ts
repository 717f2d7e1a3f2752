import type { NotificationMessage } from '../../../../src/adapters/mcp/json-rpc/messages.js';
import { TASKS_EXTENSION } from '../../../../src/adapters/mcp/protocol-versions.js';
import { TaskSubscriptions } from '../../../../src/adapters/mcp/subscriptions/task-subscriptions.js';
import type { Principal } from '../../../../src/application/ports/identity-provider.js';
import { flushAsync } from '../../../support/fake-clock.js';
import {
  aScope2026,
  call2026,
  methodWorld,
  refusalOf,
  startGate,
  wireErrorOf,
  type ClientTraits,
} from '../../../support/mcp-methods.js';
import { aPrincipal } from '../../../support/task-mother.js';
import { text } from '../../../support/test-tools.js';

const alice = aPrincipal('alice');
const bob = aPrincipal('bob');
const ON_STREAM = { 'io.modelcontextprotocol/subscriptionId': 'listen-1' };

/** A listen served as a transport would: what it sent ahead of its answer, and the answer. */
function listen(
  w: ReturnType<typeof methodWorld>,
  who: Principal,
  params: Record<string, unknown>,
  traits: ClientTraits = { tasks: true },
) {
  const sent: NotificationMessage[] = [];
  const client = new AbortController();
  const scope = {
    ...aScope2026(who, traits, client.signal),
    requestId: 'listen-1',
    relate: (message: NotificationMessage) => sent.push(message),
  };
  const answer = call2026(w.method('subscriptions/listen'), params, scope);
  return { sent, answer, leave: () => client.abort() };
}

describe('subscriptions/listen', () => {
  it('is a 2026-07-28 method that asks to read tasks', () => {
    const method = methodWorld().method('subscriptions/listen');
    expect(method.v2025).toBeUndefined();
    expect(method.v2026).toBeDefined();
    expect(method.operation?.({})).toEqual({ kind: 'read' });
  });

  it('reads a filter with at most 100 task ids, each a bounded string, named once', () => {
    const { parse } = methodWorld().method('subscriptions/listen').v2026!;
    expect(parse({ notifications: { taskIds: ['a', 'b', 'a'] } })).toEqual({ taskIds: ['a', 'b'] });
    expect(parse({ notifications: { toolsListChanged: true } })).toEqual({});
    const refusals: [unknown, string][] = [
      [{}, 'params.notifications must be an object'],
      [{ notifications: [] }, 'params.notifications must be an object'],
      [{ notifications: { taskIds: 'a' } }, 'must be an array of task ids'],
      [{ notifications: { taskIds: [1] } }, 'must be a string of at most 128 characters'],
      [{ notifications: { taskIds: ['x'.repeat(129)] } }, 'at most 128 characters'],
      [
        { notifications: { taskIds: Array.from({ length: 101 }, (_, i) => `t${i}`) } },
        'names more than 100 tasks',
      ],
    ];
    for (const [params, message] of refusals) {
      const refusal = refusalOf(() => parse(params as Record<string, unknown>));
      expect(refusal.code).toBe(-32602);
      expect(refusal.message).toContain(message);
    }
  });

  it('sends the acknowledgement, then each state of the task as tasks/get shows it, then answers complete on shutdown', async () => {
    const w = methodWorld();
    const taskId = await startGate(w, alice);
    const { sent, answer } = listen(w, alice, { notifications: { taskIds: [taskId] } });
    await flushAsync();
    w.gate.runs[0]!.release(text('all done'));
    await w.settled(alice, taskId);
    await flushAsync();
    expect(sent.map((message) => message.method)).toEqual([
      'notifications/subscriptions/acknowledged',
      'notifications/tasks',
      'notifications/tasks',
    ]);
    expect(sent[0]!.params).toEqual({ _meta: ON_STREAM, notifications: { taskIds: [taskId] } });
    expect(sent[1]!.params).toMatchObject({ taskId, status: 'working', _meta: ON_STREAM });
    expect(sent[2]!.params).toEqual({
      taskId,
      status: 'completed',
      createdAt: expect.any(String),
      lastUpdatedAt: expect.any(String),
      ttlMs: expect.any(Number),
      pollIntervalMs: expect.any(Number),
      result: { content: [{ type: 'text', text: 'all done' }], resultType: 'complete' },
      _meta: ON_STREAM,
    });
    w.container.get(TaskSubscriptions).endAll();
    expect(await answer).toEqual({ resultType: 'complete', _meta: ON_STREAM });
  });

  it("acknowledges another owner's task exactly like an unknown id, and sends nothing of either", async () => {
    const w = methodWorld();
    const taskId = await startGate(w, alice);
    const theirs = listen(w, bob, { notifications: { taskIds: [taskId] } });
    const unknown = listen(w, bob, { notifications: { taskIds: ['tsk-unknown'] } });
    await flushAsync();
    w.gate.runs[0]!.release(text('done'));
    await w.settled(alice, taskId);
    await flushAsync();
    expect(theirs.sent).toHaveLength(1);
    expect(unknown.sent).toHaveLength(1);
    const shape = (sent: NotificationMessage[]) =>
      JSON.stringify(sent).replace(taskId, 'ID').replace('tsk-unknown', 'ID');
    expect(shape(theirs.sent)).toBe(shape(unknown.sent));
  });

  it('refuses task notifications to a client without the tasks extension with -32021', async () => {
    const w = methodWorld();
    const { answer, sent } = listen(w, alice, { notifications: { taskIds: ['a'] } }, {});
    expect(await wireErrorOf(() => answer)).toEqual({
      code: -32021,
      message: expect.stringContaining(TASKS_EXTENSION),
      data: { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } },
    });
    expect(sent).toEqual([]);
  });

  it('acknowledges none of the types it does not send, and ends without an answer when the client leaves', async () => {
    const w = methodWorld();
    const { answer, sent, leave } = listen(
      w,
      alice,
      { notifications: { toolsListChanged: true } },
      {},
    );
    expect(sent[0]!.params).toEqual({ _meta: ON_STREAM, notifications: {} });
    leave();
    await answer;
    expect(w.container.get(TaskSubscriptions).size).toBe(0);
  });
});
