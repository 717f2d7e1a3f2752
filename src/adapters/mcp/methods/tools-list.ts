import { inject, injectable } from 'inversify';
import { ToolRegistry } from '../../../application/services/tool-registry.js';
import type { JsonObject } from '../../../domain/index.js';
import { toToolDefinition } from '../presentation/tool-definitions.js';
import { TasklessToolList } from '../taskless/taskless-tool-list.js';
import type { McpMethod, MethodVersion, Scope2025, Scope2026 } from './mcp-method.js';

/**
 * tools/list: every tool, with its JSON Schemas. 2025-11-25 shows whether each must, may or must
 * not run as a task (`execution.taskSupport`); under 2026-07-28 the tasks extension is
 * server-directed, so tools carry no `execution`, and the list says how long it may be cached.
 * TASK_MCP_TASKLESS_CLIENTS=handles adds the tools that follow a task without tasks.
 */
@injectable()
export class ToolsList implements McpMethod {
  readonly name = 'tools/list';
  readonly v2025: MethodVersion<undefined, Scope2025>;
  readonly v2026: MethodVersion<undefined, Scope2026>;

  constructor(
    @inject(ToolRegistry) registry: ToolRegistry,
    @inject(TasklessToolList) taskless: TasklessToolList,
  ) {
    const tools = taskless.present(registry.all().map(toToolDefinition));
    const listed2025 = { tools } as unknown as JsonObject;
    const listed2026 = {
      resultType: 'complete',
      tools: tools.map(({ execution: _execution, ...definition }) => definition),
      ttlMs: 0,
      cacheScope: 'private',
    } as unknown as JsonObject;
    this.v2025 = { parse: () => undefined, serve: () => Promise.resolve(listed2025) };
    this.v2026 = { parse: () => undefined, serve: () => Promise.resolve(listed2026) };
  }
}
