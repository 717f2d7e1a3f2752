import type { JsonObject, JsonValue } from '../../domain/index.js';

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

/** The result of a task that did not succeed: the reason as one text block, `isError` set. */
export function errorResult(message: string): ToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** A ToolResult is plain JSON by construction; this is the one place that tells the compiler. */
export function resultAsJson(result: ToolResult): JsonValue {
  return result as unknown as JsonValue;
}
