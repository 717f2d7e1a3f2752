import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { TaskTool } from '../../../application/ports/task-tool.js';

/** What tools/list shows of a tool: a task tool's, or an ordinary tool's that never runs as one. */
export type ListedTool = Pick<
  TaskTool,
  'name' | 'title' | 'description' | 'inputSchema' | 'outputSchema' | 'taskSupport'
>;

/** A tool as tools/list shows it: JSON Schemas generated from its zod schemas. */
export function toToolDefinition(tool: ListedTool): Tool {
  const definition: Tool = {
    name: tool.name,
    description: tool.description,
    inputSchema: objectSchema(tool.inputSchema, 'input'),
    execution: { taskSupport: tool.taskSupport },
  };
  if (tool.title) definition.title = tool.title;
  if (tool.outputSchema) definition.outputSchema = objectSchema(tool.outputSchema, 'output');
  return definition;
}

function objectSchema(schema: z.ZodType, io: 'input' | 'output'): Tool['inputSchema'] {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { io }) as Record<
    string,
    unknown
  >;
  if (jsonSchema.type !== 'object') {
    throw new Error(`A tool's ${io} schema must describe an object`);
  }
  return jsonSchema as Tool['inputSchema'];
}
