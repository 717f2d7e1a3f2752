import type { JsonObject } from '../domain/index.js';

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
