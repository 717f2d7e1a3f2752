import { ListToolsResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { TaskTool } from '../../../../src/application/ports/task-tool.js';
import { toToolDefinition } from '../../../../src/adapters/mcp/presentation/tool-definitions.js';

function aTool(overrides: Partial<TaskTool> = {}): TaskTool {
  return {
    name: 'build',
    description: 'Builds the project',
    inputSchema: z.object({ target: z.string(), jobs: z.number().int().default(2) }),
    taskSupport: 'required',
    run: () => Promise.resolve({ content: [] }),
    ...overrides,
  };
}

describe('toToolDefinition', () => {
  it('shows a tool with its input JSON Schema (defaults optional) and its task support', () => {
    const definition = toToolDefinition(aTool());
    expect(definition).toEqual({
      name: 'build',
      description: 'Builds the project',
      inputSchema: {
        type: 'object',
        properties: {
          target: { type: 'string' },
          jobs: {
            type: 'integer',
            default: 2,
            minimum: Number.MIN_SAFE_INTEGER,
            maximum: Number.MAX_SAFE_INTEGER,
          },
        },
        required: ['target'],
      },
      execution: { taskSupport: 'required' },
    });
    expect(ListToolsResultSchema.safeParse({ tools: [definition] }).success).toBe(true);
  });

  it('adds the title and the output JSON Schema (defaults present) when the tool has them', () => {
    const definition = toToolDefinition(
      aTool({
        title: 'Build',
        taskSupport: 'optional',
        outputSchema: z.object({ artefact: z.string(), warnings: z.number().default(0) }),
      }),
    );
    expect(definition.title).toBe('Build');
    expect(definition.execution).toEqual({ taskSupport: 'optional' });
    expect(definition.outputSchema).toMatchObject({
      type: 'object',
      required: ['artefact', 'warnings'],
    });
    expect(JSON.stringify(definition)).not.toContain('$schema');
    expect(ListToolsResultSchema.safeParse({ tools: [definition] }).success).toBe(true);
  });

  it('leaves out a title and output schema the tool does not have', () => {
    const definition = toToolDefinition(aTool({ taskSupport: 'forbidden' }));
    expect(definition).not.toHaveProperty('title');
    expect(definition).not.toHaveProperty('outputSchema');
    expect(definition.execution).toEqual({ taskSupport: 'forbidden' });
  });

  it('refuses a schema that does not describe an object', () => {
    expect(() => toToolDefinition(aTool({ inputSchema: z.string() }))).toThrow(
      "A tool's input schema must describe an object",
    );
    expect(() => toToolDefinition(aTool({ outputSchema: z.array(z.string()) }))).toThrow(
      "A tool's output schema must describe an object",
    );
  });
});
