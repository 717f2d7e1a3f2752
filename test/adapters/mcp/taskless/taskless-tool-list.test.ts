import 'reflect-metadata';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { toToolDefinition } from '../../../../src/adapters/mcp/presentation/tool-definitions.js';
import { TasklessToolList } from '../../../../src/adapters/mcp/taskless/taskless-tool-list.js';
import type { TaskSupport } from '../../../../src/application/ports/task-tool.js';
import { testContainer } from '../../../support/test-container.js';

function aTool(name: string, taskSupport: TaskSupport): Tool {
  return toToolDefinition({
    name,
    description: `The ${name} tool.`,
    inputSchema: z.object({}),
    outputSchema: z.object({ answer: z.number() }),
    taskSupport,
  });
}

const TOOLS = [aTool('slow', 'required'), aTool('either', 'optional'), aTool('quick', 'forbidden')];

function listFor(env: Record<string, string>): Tool[] {
  return testContainer(env).container.get(TasklessToolList).present(TOOLS);
}

describe('TasklessToolList', () => {
  it('off: lists the tools as they are', () => {
    expect(listFor({})).toEqual(TOOLS);
  });

  describe('handles', () => {
    const listed = listFor({ TASK_MCP_TASKLESS_CLIENTS: 'handles' });
    const byName = new Map(listed.map((tool) => [tool.name, tool]));

    it('lists no tool as required: a call without a task answers a handle', () => {
      expect(byName.get('slow')!.execution).toEqual({ taskSupport: 'optional' });
      expect(byName.get('either')!.execution).toEqual({ taskSupport: 'optional' });
      expect(listed.some((tool) => tool.execution?.taskSupport === 'required')).toBe(false);
    });

    it('drops the output schema a plain call no longer answers, and says how to follow', () => {
      for (const name of ['slow', 'either']) {
        const tool = byName.get(name)!;
        expect(tool.outputSchema).toBeUndefined();
        expect(tool.description).toBe(
          `The ${name} tool. Called without a task, it answers a task id at once: get the result with task_result.`,
        );
        expect(tool.inputSchema).toEqual(TOOLS.find((t) => t.name === name)!.inputSchema);
      }
    });

    it('leaves a forbidden tool as it is: it still answers inline', () => {
      expect(byName.get('quick')).toEqual(TOOLS[2]);
    });

    it('lists the four tools that follow a task after the task tools', () => {
      expect(listed.map((tool) => tool.name)).toEqual([
        'slow',
        'either',
        'quick',
        'task_status',
        'task_result',
        'task_cancel',
        'task_list',
      ]);
      for (const tool of listed.slice(3)) {
        expect(tool.execution).toEqual({ taskSupport: 'forbidden' });
      }
    });
  });
});
