import { MCP_METHOD, type McpMethod } from '../../../../src/adapters/mcp/methods/mcp-method.js';
import { MethodTable } from '../../../../src/adapters/mcp/methods/method-table.js';
import { testContainer } from '../../../support/test-container.js';

const entry = (name: string): McpMethod => ({ name });

describe('MethodTable', () => {
  it('finds each entry by its name', () => {
    const ping = entry('ping');
    const get = entry('tasks/get');
    const table = new MethodTable([ping, get]);
    expect(table.get('ping')).toBe(ping);
    expect(table.get('tasks/get')).toBe(get);
    expect(table.names()).toEqual(['ping', 'tasks/get']);
  });

  it.each(['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', 'PING', ''])(
    'knows no method %j that is not an entry’s own name',
    (name) => {
      expect(new MethodTable([entry('ping')]).get(name)).toBeUndefined();
    },
  );

  it('refuses two entries of one name', () => {
    expect(() => new MethodTable([entry('ping'), entry('tasks/get'), entry('ping')])).toThrow(
      'Two entries for MCP method ping',
    );
  });

  it('is built from every method the container binds', () => {
    const { container } = testContainer();
    expect(container.get(MethodTable).names().sort()).toEqual([
      'initialize',
      'logging/setLevel',
      'ping',
      'server/discover',
      'subscriptions/listen',
      'tasks/cancel',
      'tasks/get',
      'tasks/list',
      'tasks/result',
      'tasks/update',
      'tools/call',
      'tools/list',
    ]);
  });

  it('stops the container from building a table with a method bound twice', () => {
    const { container } = testContainer();
    container.bind(MCP_METHOD).toConstantValue(entry('tools/call'));
    expect(() => container.get(MethodTable)).toThrow('Two entries for MCP method tools/call');
  });
});
