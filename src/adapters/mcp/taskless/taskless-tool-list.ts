import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { inject, injectable } from 'inversify';
import { toToolDefinition } from '../presentation/tool-definitions.js';
import { HandleTools } from './handle-tools.js';
import {
  answersWithHandle,
  HANDLE_TOOLS,
  TASKLESS_CLIENTS,
  type TasklessClients,
} from './taskless-clients.js';

const HOW_TO_FOLLOW = ` Called without a task, it answers a task id at once: get the result with ${HANDLE_TOOLS.result}.`;

/**
 * The tool list under TASK_MCP_TASKLESS_CLIENTS, on both protocol versions. Under `handles` no tool
 * is `required`: clients refuse to call those at all without tasks (the SDK's client and the
 * Inspector CLI do), while a call without a task is now answered with a handle. The four tools
 * that follow a handle are listed after the task tools. Under `off`, the list is as it was.
 */
@injectable()
export class TasklessToolList {
  private readonly on: boolean;

  constructor(
    @inject(TASKLESS_CLIENTS) mode: TasklessClients,
    @inject(HandleTools) private readonly handleTools: HandleTools,
  ) {
    this.on = mode === 'handles';
  }

  present(tools: readonly Tool[]): Tool[] {
    if (!this.on) return [...tools];
    return [...tools.map(offeredWithHandle), ...this.handleTools.definitions.map(toToolDefinition)];
  }
}

function offeredWithHandle(tool: Tool): Tool {
  const support = tool.execution?.taskSupport;
  if (support === undefined || !answersWithHandle(support)) return tool;
  // A plain call answers the handle, not the tool's output: a client checks structuredContent
  // against outputSchema (the SDK's does), so the schema would be a promise the call breaks.
  const { outputSchema: _output, ...definition } = tool;
  return {
    ...definition,
    description: `${tool.description ?? ''}${HOW_TO_FOLLOW}`.trimStart(),
    execution: { ...tool.execution, taskSupport: 'optional' },
  };
}
