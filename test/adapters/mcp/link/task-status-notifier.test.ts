import type { OutboundMessage } from '../../../../src/adapters/mcp/json-rpc/messages.js';
import { TaskStatusNotifier } from '../../../../src/adapters/mcp/link/task-status-notifier.js';
import { toWireTask } from '../../../../src/adapters/mcp/presentation/wire-task.js';
import { InProcessTaskEvents } from '../../../../src/adapters/persistence/memory/in-process-task-events.js';
import {
  askForInput,
  finishTask,
  updateStatusMessage,
  type Task,
} from '../../../../src/domain/index.js';
import { aTask } from '../../../support/task-mother.js';

function world() {
  const events = new InProcessTaskEvents();
  const sent: OutboundMessage[] = [];
  const notifier = new TaskStatusNotifier(events, (message) => sent.push(message));
  return { events, sent, notifier };
}

const statusOf = (task: Task): OutboundMessage => ({
  jsonrpc: '2.0',
  method: 'notifications/tasks/status',
  params: toWireTask(task),
});

describe('TaskStatusNotifier', () => {
  it('sends the task each time its status or status message changes', () => {
    const { events, sent, notifier } = world();
    const task = aTask();
    notifier.follow(task);
    const progressed = updateStatusMessage(task, task.createdAt + 1, 'halfway');
    events.publish(progressed);
    const asking = askForInput(
      progressed,
      task.createdAt + 2,
      { method: 'elicitation/create', params: { message: 'q' } },
      'halfway',
    ).task;
    events.publish(asking);
    expect(sent).toEqual([statusOf(progressed), statusOf(asking)]);
  });

  it('sends nothing for a change that leaves status and message as they were', () => {
    const { events, sent, notifier } = world();
    const task = updateStatusMessage(aTask(), 1_000_001, 'working on it');
    notifier.follow(task);
    events.publish(task);
    events.publish({ ...task, lastUpdatedAt: task.lastUpdatedAt + 5 });
    expect(sent).toEqual([]);
  });

  it('sends the end of a task, then stops following it', () => {
    const { events, sent, notifier } = world();
    const task = aTask();
    notifier.follow(task);
    const done = finishTask(task, 'completed', task.createdAt + 1, { content: [] });
    events.publish(done);
    expect(sent).toEqual([statusOf(done)]);
    expect(events.isWatched(task.owner, task.id)).toBe(false);
  });

  it('stops following every task once closed', () => {
    const { events, sent, notifier } = world();
    const first = aTask();
    const second = aTask();
    notifier.follow(first);
    notifier.follow(second);
    notifier.close();
    expect(events.isWatched(first.owner, first.id)).toBe(false);
    expect(events.isWatched(second.owner, second.id)).toBe(false);
    events.publish(updateStatusMessage(first, first.createdAt + 1, 'late'));
    expect(sent).toEqual([]);
  });
});
