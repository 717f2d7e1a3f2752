import { injectable, multiInject } from 'inversify';
import { MCP_METHOD, type McpMethod } from './mcp-method.js';

/**
 * The one table of MCP methods, built from the entries bound under MCP_METHOD: both protocol
 * versions dispatch from it. Names are looked up in a Map, so a method called `toString` or
 * `__proto__` is just a method nobody serves.
 */
@injectable()
export class MethodTable {
  private readonly byName = new Map<string, McpMethod>();

  constructor(@multiInject(MCP_METHOD) methods: McpMethod[]) {
    for (const method of methods) {
      if (this.byName.has(method.name))
        throw new Error(`Two entries for MCP method ${method.name}`);
      this.byName.set(method.name, method);
    }
  }

  get(name: string): McpMethod | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}
