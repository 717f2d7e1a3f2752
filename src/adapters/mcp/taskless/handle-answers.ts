import { z } from 'zod';
import type { TaskListing } from '../../../application/use-cases/list-tasks.js';
import { TASK_STATUSES, type JsonObject, type Task } from '../../../domain/index.js';
import { toWireTask } from '../presentation/wire-task.js';
import { HANDLE_TOOLS, RESULT_WAIT_SECONDS } from './taskless-clients.js';

/*
 * What the taskless fallback answers, as ordinary CallToolResults: the task in structuredContent
 * (the 2025-11-25 Task, as tasks/get shows it, plus the call to make next), and the same in
 * content for clients that read text only: a sentence that says what to do, then the JSON. Older
 * clients, the ones this fallback is for, may predate structuredContent altogether.
 */

/** A task as the fallback's answers show it; the output schema of task_status and task_cancel. */
export const TaskViewSchema = z.object({
  taskId: z.string(),
  status: z.enum(TASK_STATUSES),
  statusMessage: z.string().optional(),
  createdAt: z.string().describe('ISO 8601'),
  lastUpdatedAt: z.string().describe('ISO 8601'),
  ttl: z.number().describe('Milliseconds from creation after which the task is deleted'),
  pollInterval: z.number().describe('Milliseconds to leave between two task_status calls'),
  expired: z.literal(true).optional().describe('Past its ttl: it will be deleted soon'),
  next: z
    .object({ name: z.literal(HANDLE_TOOLS.result), arguments: z.object({ taskId: z.string() }) })
    .describe('The tools/call to make next: its name and arguments, as they are'),
});

/** What task_list answers in structuredContent: a page of the caller's own tasks. */
export const TaskPageSchema = z.object({
  tasks: z.array(TaskViewSchema.omit({ expired: true, next: true })),
  nextCursor: z.string().optional().describe('Give it to task_list for the next page'),
});

/** A tool called without a task: its task is started, and this is what the client holds. */
export function startedAnswer(task: Task): JsonObject {
  const seconds = task.pollIntervalMs / 1000;
  return answer(
    `Started task ${task.id} (${task.toolName}); it runs in the background. ` +
      `Call ${HANDLE_TOOLS.result} with ${idArgument(task)} to wait for its result ` +
      `(up to ${RESULT_WAIT_SECONDS.max} s a call; call again while it is working), ` +
      `${HANDLE_TOOLS.status} to check on it (every ${seconds} s at most), ` +
      `${HANDLE_TOOLS.cancel} to stop it.`,
    taskView(task, false),
  );
}

/** task_status and task_cancel: the task as it is now. */
export function statusAnswer(task: Task, expired: boolean): JsonObject {
  const past = expired ? ' It is past its ttl and will be deleted soon.' : '';
  return answer(`${closed(stateOf(task))}${past} ${nextStep(task)}`, taskView(task, expired));
}

/** task_result when its wait ended before the task did. */
export function stillWorkingAnswer(task: Task): JsonObject {
  return answer(
    `${closed(stateOf(task))} Call ${HANDLE_TOOLS.result} with ${idArgument(task)} again to keep waiting.`,
    taskView(task, false),
  );
}

/** task_list: one line per task, then the page. */
export function pageAnswer(listing: TaskListing): JsonObject {
  const lines = listing.tasks.map((task) => `- ${stateOf(task)}`);
  const more = listing.nextCursor
    ? ` More with ${HANDLE_TOOLS.list} ${JSON.stringify({ cursor: listing.nextCursor })}.`
    : '';
  const heading = `${listing.tasks.length} task(s) of yours on this page.${more}`;
  const page: JsonObject = {
    tasks: listing.tasks.map(toWireTask) as unknown as JsonObject[],
    ...(listing.nextCursor ? { nextCursor: listing.nextCursor } : {}),
  };
  return answer([heading, ...lines].join('\n'), page);
}

function taskView(task: Task, expired: boolean): JsonObject {
  return {
    ...(toWireTask(task) as unknown as JsonObject),
    ...(expired ? { expired: true } : {}),
    next: { name: HANDLE_TOOLS.result, arguments: { taskId: task.id } },
  };
}

function answer(sentence: string, structured: JsonObject): JsonObject {
  return {
    content: [
      { type: 'text', text: sentence },
      { type: 'text', text: JSON.stringify(structured) },
    ],
    structuredContent: structured,
  };
}

function stateOf(task: Task): string {
  const named = `Task ${task.id} (${task.toolName})`;
  const message = task.statusMessage ? `: ${task.statusMessage.trimEnd()}` : '';
  switch (task.status) {
    case 'working':
      return `${named} is working${message}`;
    case 'input_required':
      return `${named} is waiting for an answer${message}`;
    default:
      return `${named} is ${task.status}${message}`;
  }
}

/** Ends a sentence, unless a status message (a question, a progress line) already did. */
function closed(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

function nextStep(task: Task): string {
  const call = `${HANDLE_TOOLS.result} with ${idArgument(task)}`;
  switch (task.status) {
    case 'working':
      return `Call ${call} to wait for its result.`;
    case 'input_required':
      // The question goes out on task_result's own request, as on tasks/result (2025-11-25).
      return `Call ${call}: the question is asked during that call, if your client takes elicitation.`;
    default:
      return `Call ${call} for its result.`;
  }
}

function idArgument(task: Task): string {
  return JSON.stringify({ taskId: task.id });
}
