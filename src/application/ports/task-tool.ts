import type { z } from 'zod';
import type { LockRequest } from '../../domain/index.js';
import type { ElicitRequest } from '../tool-kit/elicitation.js';
import type { TaskContext } from '../tool-kit/task-context.js';
import type { ToolResult } from '../tool-kit/tool-result.js';

export type { ContentBlock, TextContent, ToolResult } from '../tool-kit/tool-result.js';

/**
 * How a tool may be called: `required`, only as a task; `optional`, as a task or inline;
 * `forbidden`, only inline (a quick tool; it still runs through the task machinery, unseen).
 */
export type TaskSupport = 'required' | 'optional' | 'forbidden';

/**
 * A task-capable tool. `run` does the work; it returns the result (or throws to fail the task),
 * and watches `ctx.signal` so that cancel, expiry and shutdown stop it.
 */
export interface TaskTool<Input extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly title?: string;
  readonly description: string;
  readonly inputSchema: Input;
  readonly outputSchema?: z.ZodType;
  readonly taskSupport: TaskSupport;
  /**
   * Scopes a token needs to call this tool, on top of the common tools/call scope. Operators can
   * replace them with TASK_MCP_AUTH_TOOL_SCOPES. Ignored in anonymous mode.
   */
  readonly requiredScopes?: readonly string[];
  /**
   * True for a tool whose run starts an operating-system process. Each such run holds one of the
   * server's TASK_MCP_MAX_JOB_PROCESSES slots from the call until the work ends; with none free
   * the call is refused at once (ServerBusyError).
   */
  readonly startsProcess?: boolean;
  /**
   * The lock a run with these arguments must hold, if any. It is taken before the task is stored,
   * so a conflicting call is refused at once (LockConflictError) and nothing runs; it is released
   * when the work ends. Throw InvalidArgumentError if the arguments make no valid lock.
   */
  lock?(args: z.output<Input>): LockRequest | undefined;
  /**
   * A question the caller must answer before the run starts (a confirmation, a missing detail),
   * if these arguments need one. A 2026-07-28 client answers it within tools/call itself (a
   * multi round-trip: `input_required`, then the call again with `inputResponses`), before any
   * task exists; a 2025-11-25 client gets it as the task's first question. `run` finds the answer
   * in `ctx.firstAnswer`.
   */
  firstQuestion?(args: z.output<Input>): ElicitRequest | undefined;
  run(args: z.output<Input>, ctx: TaskContext): Promise<ToolResult>;
}

/** Multi-bound: every tool bound to this token is served. */
export const TASK_TOOL = Symbol('TaskTool');
