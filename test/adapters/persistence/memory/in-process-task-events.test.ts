import { InMemoryTaskStore } from '../../../../src/adapters/persistence/memory/in-memory-task-store.js';
import { InProcessTaskEvents } from '../../../../src/adapters/persistence/memory/in-process-task-events.js';
import { DEFAULT_TASK_POLICY } from '../../../../src/application/policy/task-policy.js';
import { describeTaskEventsContract } from '../../../contracts/task-events.contract.js';
import { aTask, aTaskId, anOwner } from '../../../support/task-mother.js';

describeTaskEventsContract('InProcessTaskEvents', () => ({
  events: new InProcessTaskEvents(),
  store: new InMemoryTaskStore(DEFAULT_TASK_POLICY),
}));

describe('InProcessTaskEvents: what it watches', () => {
  const alice = anOwner('alice');
  const bob = anOwner('bob');

  it('knows which (owner, task) pairs have a listener, until the last one leaves', () => {
    const events = new InProcessTaskEvents();
    const id = aTaskId();
    const first = events.subscribe(alice, id, () => undefined);
    const second = events.subscribe(alice, id, () => undefined);
    expect(events.isWatched(alice, id)).toBe(true);
    expect(events.isWatched(bob, id)).toBe(false);

    first();
    expect(events.isWatched(alice, id)).toBe(true);
    second();
    expect(events.isWatched(alice, id)).toBe(false);
    expect(events.watchedKeys()).toEqual([]);
  });

  it('lists every watched task once, with its owner', () => {
    const events = new InProcessTaskEvents();
    const id = aTaskId();
    events.subscribe(alice, id, () => undefined);
    events.subscribe(alice, id, () => undefined);
    events.subscribe(bob, id, () => undefined);
    expect(events.watchedKeys()).toEqual([
      { owner: alice, id },
      { owner: bob, id },
    ]);
  });

  it('keeps a new subscription when an old unsubscribe runs late', () => {
    const events = new InProcessTaskEvents();
    const id = aTaskId();
    const old = events.subscribe(alice, id, () => undefined);
    old();
    const heard: string[] = [];
    events.subscribe(alice, id, (task) => heard.push(task.id));
    old();
    events.publish(aTask({ owner: alice, id }));
    expect(heard).toEqual([id]);
  });
});
