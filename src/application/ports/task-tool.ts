import type { z } from 'zod';
import type { TaskContext } from '../task-context.js';
import type { ToolResult } from '../tool-result.js';

export type { ContentBlock, TextContent, ToolResult } from '../tool-result.js';

export type TaskSupport = 'required' | 'optional';

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
  run(args: z.output<Input>, ctx: TaskContext): Promise<ToolResult>;
}

/** Multi-bound: every tool bound to this token is served. */
export const TASK_TOOL = Symbol('TaskTool');
