import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import {
  pageAnswer,
  startedAnswer,
  statusAnswer,
  stillWorkingAnswer,
  TaskPageSchema,
  TaskViewSchema,
} from '../../../../src/adapters/mcp/taskless/handle-answers.js';
import {
  askForInput,
  finishTask,
  updateStatusMessage,
  type Task,
} from '../../../../src/domain/index.js';
import { aTask } from '../../../support/task-mother.js';

interface Answer {
  readonly content: { type: string; text: string }[];
  readonly structuredContent: Record<string, unknown>;
}

/** An answer as a client reads it: a valid CallToolResult, its second text the structured JSON. */
function read(answer: unknown): Answer & { sentence: string } {
  expect(CallToolResultSchema.safeParse(answer).success).toBe(true);
  const { content, structuredContent } = answer as Answer;
  expect(content).toHaveLength(2);
  expect(JSON.parse(content[1]!.text)).toEqual(structuredContent);
  return { content, structuredContent, sentence: content[0]!.text };
}

const working = (): Task => aTask({ toolName: 'simulate-build', now: 1_000_000 });
const NEXT = (task: Task) => ({ name: 'task_result', arguments: { taskId: task.id } });

describe('the handle answers', () => {
  it('answers a started task with its id, status and poll interval, and the calls to make next', () => {
    const task = working();
    const { structuredContent, sentence } = read(startedAnswer(task));
    expect(structuredContent).toEqual({
      taskId: task.id,
      status: 'working',
      createdAt: new Date(1_000_000).toISOString(),
      lastUpdatedAt: new Date(1_000_000).toISOString(),
      ttl: 60_000,
      pollInterval: 1000,
      next: NEXT(task),
    });
    expect(TaskViewSchema.safeParse(structuredContent).success).toBe(true);
    expect(sentence).toBe(
      `Started task ${task.id} (simulate-build); it runs in the background. ` +
        `Call task_result with {"taskId":"${task.id}"} to wait for its result ` +
        '(up to 60 s a call; call again while it is working), task_status to check on it ' +
        '(every 1 s at most), task_cancel to stop it.',
    );
  });

  it('shows a task as tasks/get does, saying what to do for each status', () => {
    const task = working();
    const progressing = updateStatusMessage(task, 1_000_500, 'Step 2/3.');
    expect(read(statusAnswer(progressing, false)).sentence).toBe(
      `Task ${task.id} (simulate-build) is working: Step 2/3. ` +
        `Call task_result with {"taskId":"${task.id}"} to wait for its result.`,
    );
    const asking = askForInput(
      task,
      1_000_600,
      { method: 'elicitation/create', params: { message: 'Deploy?' } },
      'Deploy?',
    );
    const waiting = read(statusAnswer(asking.task, false));
    expect(waiting.structuredContent.status).toBe('input_required');
    expect(waiting.sentence).toMatch(
      /is waiting for an answer: Deploy\? Call task_result with .*: the question is asked during that call, if your client takes elicitation\.$/,
    );
    const done = finishTask(task, 'completed', 1_000_700, { content: [] });
    const finished = read(statusAnswer(done, false));
    expect(finished.structuredContent).toMatchObject({ status: 'completed', next: NEXT(task) });
    expect(finished.sentence).toBe(
      `Task ${task.id} (simulate-build) is completed. Call task_result with {"taskId":"${task.id}"} for its result.`,
    );
  });

  it('flags a task past its ttl, in the view and the sentence', () => {
    const { structuredContent, sentence } = read(statusAnswer(working(), true));
    expect(structuredContent.expired).toBe(true);
    expect(TaskViewSchema.safeParse(structuredContent).success).toBe(true);
    expect(sentence).toContain(' It is past its ttl and will be deleted soon. ');
    expect(read(statusAnswer(working(), false)).structuredContent).not.toHaveProperty('expired');
  });

  it('says a task is still working when the wait ended first, and to call again', () => {
    const task = updateStatusMessage(working(), 1_000_100, 'Running for 1 s.');
    const { structuredContent, sentence } = read(stillWorkingAnswer(task));
    expect(structuredContent).toMatchObject({
      status: 'working',
      statusMessage: 'Running for 1 s.',
    });
    expect(sentence).toBe(
      `Task ${task.id} (simulate-build) is working: Running for 1 s. ` +
        `Call task_result with {"taskId":"${task.id}"} again to keep waiting.`,
    );
  });

  it('lists a page of tasks, one line each, with the cursor for the next page', () => {
    const first = working();
    const second = finishTask(aTask({ toolName: 'wait' }), 'cancelled', 1_000_900, { content: [] });
    const paged = read(pageAnswer({ tasks: [first, second], nextCursor: 'sealed' }));
    expect(TaskPageSchema.safeParse(paged.structuredContent).success).toBe(true);
    expect(paged.structuredContent).toMatchObject({
      tasks: [
        { taskId: first.id, status: 'working' },
        { taskId: second.id, status: 'cancelled' },
      ],
      nextCursor: 'sealed',
    });
    expect(paged.sentence.split('\n')).toEqual([
      '2 task(s) of yours on this page. More with task_list {"cursor":"sealed"}.',
      `- Task ${first.id} (simulate-build) is working`,
      `- Task ${second.id} (wait) is cancelled`,
    ]);
    const last = read(pageAnswer({ tasks: [] }));
    expect(last.structuredContent).toEqual({ tasks: [] });
    expect(last.sentence).toBe('0 task(s) of yours on this page.');
  });
});
