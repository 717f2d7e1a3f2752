import { z } from 'zod';
import {
  CANCEL_TASKS,
  READ_TASKS,
  type Operation,
} from '../../../application/policy/access-policy.js';
import type { InboundLimits } from '../inbound/inbound-limits.js';
import type { ListedTool } from '../presentation/tool-definitions.js';
import { TaskPageSchema, TaskViewSchema } from './handle-answers.js';
import { HANDLE_TOOLS, RESULT_WAIT_SECONDS, type HandleToolName } from './taskless-clients.js';

const taskId = z
  .string()
  .min(1)
  .describe('The task id a tool call answered (its structuredContent.taskId)');

export const StatusInput = z.object({ taskId });

export const ResultInput = z.object({
  taskId,
  waitSeconds: z
    .number()
    .min(0)
    .max(RESULT_WAIT_SECONDS.max)
    .default(RESULT_WAIT_SECONDS.default)
    .describe(
      `How long to wait for the task to end, in seconds (0 to ${RESULT_WAIT_SECONDS.max}, default ${RESULT_WAIT_SECONDS.default}); 0 only looks`,
    ),
});

export const CancelInput = z.object({ taskId });

export function listInput(limits: InboundLimits) {
  return z.object({
    cursor: z
      .string()
      .max(limits.maxCursorLength)
      .optional()
      .describe("The previous page's nextCursor; none for the first page"),
  });
}

/**
 * One of the ordinary tools TASK_MCP_TASKLESS_CLIENTS=handles lists beside the task tools. Each
 * serves the caller's own tasks through the use case of a tasks/* method and asks for that
 * method's scopes (`operation`), not for those of a tools/call.
 */
export interface HandleTool extends ListedTool {
  readonly name: HandleToolName;
  readonly operation: Operation;
}

/** The four tools, as tools/list shows them; they never run as tasks themselves. */
export function handleToolDefinitions(limits: InboundLimits): readonly HandleTool[] {
  return [
    {
      name: HANDLE_TOOLS.status,
      title: 'Task status',
      description:
        'The status of one of your tasks (a tool that runs in the background answers its task id at once): working, input_required (waiting for an answer), completed, failed or cancelled, with its latest progress message. Check at most every pollInterval ms, or wait for the task with task_result.',
      inputSchema: StatusInput,
      outputSchema: TaskViewSchema,
      taskSupport: 'forbidden',
      operation: READ_TASKS,
    },
    {
      name: HANDLE_TOOLS.result,
      title: 'Task result',
      description: `Waits up to waitSeconds (default ${RESULT_WAIT_SECONDS.default}, at most ${RESULT_WAIT_SECONDS.max}) for one of your tasks to end, then answers exactly what its tool returned. If the task is still running when the wait ends, it answers the task's status instead: call again. A question the task asks you is asked during this call, if your client takes elicitation.`,
      inputSchema: ResultInput,
      taskSupport: 'forbidden',
      operation: READ_TASKS,
    },
    {
      name: HANDLE_TOOLS.cancel,
      title: 'Cancel a task',
      description:
        'Stops one of your tasks and its work, and answers the task, now cancelled. A task that has already ended cannot be cancelled: an error says so.',
      inputSchema: CancelInput,
      outputSchema: TaskViewSchema,
      taskSupport: 'forbidden',
      operation: CANCEL_TASKS,
    },
    {
      name: HANDLE_TOOLS.list,
      title: 'List your tasks',
      description:
        'Your own tasks (never anyone else’s), a page at a time, each with its status; give nextCursor back as cursor for the next page.',
      inputSchema: listInput(limits),
      outputSchema: TaskPageSchema,
      taskSupport: 'forbidden',
      operation: READ_TASKS,
    },
  ];
}
