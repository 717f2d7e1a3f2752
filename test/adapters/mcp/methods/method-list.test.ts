import { MCP_METHOD, type McpMethod } from '../../../../src/adapters/mcp/methods/mcp-method.js';
import { MCP_METHODS } from '../../../../src/adapters/mcp/methods/method-list.js';
import { testContainer } from '../../../support/test-container.js';

describe('MCP_METHODS', () => {
  it('lists each class once', () => {
    expect(new Set(MCP_METHODS).size).toBe(MCP_METHODS.length);
  });

  it('lists methods with distinct names, each served on at least one protocol version', () => {
    const { container } = testContainer();
    const bound = container.getAll<McpMethod>(MCP_METHOD);
    expect(bound).toHaveLength(MCP_METHODS.length);
    MCP_METHODS.forEach((methodClass, index) => {
      const method = bound[index]!;
      expect(method).toBeInstanceOf(methodClass);
      expect(typeof method.name).toBe('string');
      expect(method.v2025 ?? method.v2026).toBeDefined();
      for (const version of [method.v2025, method.v2026]) {
        if (!version) continue;
        expect(typeof version.parse).toBe('function');
        expect(typeof version.serve).toBe('function');
      }
    });
    const names = bound.map((method) => method.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('serves the 2025-11-25 and 2026-07-28 methods each version defines', () => {
    const { container } = testContainer();
    const bound = container.getAll<McpMethod>(MCP_METHOD);
    const servedOn = (version: 'v2025' | 'v2026') =>
      bound
        .filter((method) => method[version])
        .map((method) => method.name)
        .sort();
    expect(servedOn('v2025')).toEqual([
      'initialize',
      'logging/setLevel',
      'ping',
      'tasks/cancel',
      'tasks/get',
      'tasks/list',
      'tasks/result',
      'tools/call',
      'tools/list',
    ]);
    expect(servedOn('v2026')).toEqual([
      'server/discover',
      'subscriptions/listen',
      'tasks/cancel',
      'tasks/get',
      'tasks/update',
      'tools/call',
      'tools/list',
    ]);
  });
});
