import { injectable, multiInject, optional } from 'inversify';
import { TASK_TOOL, type TaskTool } from '../ports/task-tool.js';
import { UnknownToolError } from '../shared/errors.js';

const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/** The tools this server serves, by name. Built once from every TASK_TOOL binding. */
@injectable()
export class ToolRegistry {
  private readonly byName = new Map<string, TaskTool>();

  constructor(@multiInject(TASK_TOOL) @optional() tools: TaskTool[] = []) {
    for (const tool of tools) {
      if (!TOOL_NAME.test(tool.name)) {
        throw new Error(`Tool name '${tool.name}' is invalid: use 1-128 of A-Z a-z 0-9 _ . -`);
      }
      if (this.byName.has(tool.name)) throw new Error(`Tool '${tool.name}' is bound twice`);
      this.byName.set(tool.name, tool);
    }
  }

  all(): readonly TaskTool[] {
    return [...this.byName.values()];
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string): TaskTool {
    const tool = this.byName.get(name);
    if (!tool) throw new UnknownToolError(name);
    return tool;
  }
}
