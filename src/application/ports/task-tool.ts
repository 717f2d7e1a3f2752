import type { z } from 'zod';
import type { JsonObject } from '../../domain/index.js';
import type { TaskContext } from '../task-context.js';

export type TaskSupport = 'required' | 'optional';

export interface TextContent {
  readonly type: 'text';
  readonly text: string;
}

/** A content block as MCP defines it; text is the common case, others pass through as JSON. */
export type ContentBlock = TextContent | (JsonObject & { readonly type: string });

/** What a tool returns: the body of an MCP CallToolResult. `isError: true` fails the task. */
export interface ToolResult {
  readonly content: readonly ContentBlock[];
  readonly structuredContent?: JsonObject;
  readonly isError?: boolean;
}

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
  run(args: z.output<Input>, ctx: TaskContext): Promise<ToolResult>;
}

/** Multi-bound: every tool bound to this token is served. */
export const TASK_TOOL = Symbol('TaskTool');
