import { ToolSchema } from '@modelcontextprotocol/sdk/types.js';
import { inboundLimits } from '../../../../src/adapters/mcp/inbound/inbound-limits.js';
import { toToolDefinition } from '../../../../src/adapters/mcp/presentation/tool-definitions.js';
import {
  CancelInput,
  handleToolDefinitions,
  listInput,
  ResultInput,
  StatusInput,
} from '../../../../src/adapters/mcp/taskless/handle-tool-definitions.js';
import { CANCEL_TASKS, READ_TASKS } from '../../../../src/application/policy/access-policy.js';

const limits = inboundLimits(10);

describe('the four tools that follow a task without tasks', () => {
  const definitions = handleToolDefinitions(limits);
  const listed = new Map(definitions.map((tool) => [tool.name, toToolDefinition(tool)]));

  it('are ordinary tools that never run as tasks, each with a title and a description', () => {
    expect([...listed.keys()]).toEqual(['task_status', 'task_result', 'task_cancel', 'task_list']);
    for (const tool of listed.values()) {
      expect(ToolSchema.safeParse(tool).success).toBe(true);
      expect(tool.execution).toEqual({ taskSupport: 'forbidden' });
      expect(tool.title).toBeTruthy();
      expect(tool.description!.length).toBeGreaterThan(40);
    }
  });

  it('ask for the scopes of the task methods they stand for, not those of a tools/call', () => {
    const operations = Object.fromEntries(definitions.map((tool) => [tool.name, tool.operation]));
    expect(operations).toEqual({
      task_status: READ_TASKS,
      task_result: READ_TASKS,
      task_cancel: CANCEL_TASKS,
      task_list: READ_TASKS,
    });
  });

  it('take a task id, and task_result a bounded wait', () => {
    expect(listed.get('task_status')!.inputSchema).toMatchObject({
      type: 'object',
      properties: { taskId: { type: 'string', minLength: 1 } },
      required: ['taskId'],
    });
    expect(listed.get('task_result')!.inputSchema).toMatchObject({
      properties: { waitSeconds: { type: 'number', minimum: 0, maximum: 60, default: 20 } },
      required: ['taskId'],
    });
    expect(listed.get('task_list')!.inputSchema).toMatchObject({
      properties: { cursor: { type: 'string', maxLength: 1024 } },
    });
    expect(listed.get('task_list')!.inputSchema.required).toBeUndefined();
  });

  it('declare the shape of what they answer, except task_result (the task tool’s own result)', () => {
    expect(listed.get('task_status')!.outputSchema).toMatchObject({
      required: expect.arrayContaining(['taskId', 'status', 'pollInterval', 'next']),
    });
    expect(listed.get('task_cancel')!.outputSchema).toEqual(
      listed.get('task_status')!.outputSchema,
    );
    expect(listed.get('task_list')!.outputSchema).toMatchObject({ required: ['tasks'] });
    expect(listed.get('task_result')!.outputSchema).toBeUndefined();
  });

  it('read their arguments, refusing what does not fit', () => {
    expect(StatusInput.parse({ taskId: 'abc' })).toEqual({ taskId: 'abc' });
    expect(CancelInput.safeParse({ taskId: '' }).success).toBe(false);
    expect(StatusInput.safeParse({ taskId: 7 }).success).toBe(false);
    expect(ResultInput.parse({ taskId: 'abc' })).toEqual({ taskId: 'abc', waitSeconds: 20 });
    expect(ResultInput.parse({ taskId: 'abc', waitSeconds: 0 }).waitSeconds).toBe(0);
    expect(ResultInput.parse({ taskId: 'abc', waitSeconds: 60 }).waitSeconds).toBe(60);
    for (const waitSeconds of [-1, 61, '5', Infinity]) {
      expect(ResultInput.safeParse({ taskId: 'abc', waitSeconds }).success).toBe(false);
    }
    const list = listInput(limits);
    expect(list.parse({})).toEqual({});
    expect(list.safeParse({ cursor: 'x'.repeat(1025) }).success).toBe(false);
    expect(list.safeParse({ cursor: 5 }).success).toBe(false);
  });
});
