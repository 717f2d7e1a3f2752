import 'reflect-metadata';
import { z } from 'zod';
import type { TaskTool } from '../../../src/application/ports/task-tool.js';
import { ToolRegistry } from '../../../src/application/services/tool-registry.js';
import { UnknownToolError } from '../../../src/application/shared/errors.js';

const tool = (name: string): TaskTool => ({
  name,
  description: name,
  inputSchema: z.object({}),
  taskSupport: 'optional',
  run: async () => ({ content: [] }),
});

describe('ToolRegistry', () => {
  it('serves every bound tool by name, in binding order', () => {
    const wait = tool('wait');
    const primes = tool('primes.count');
    const registry = new ToolRegistry([wait, primes]);
    expect(registry.all()).toEqual([wait, primes]);
    expect(registry.get('primes.count')).toBe(primes);
    expect(registry.has('wait')).toBe(true);
    expect(registry.has('nope')).toBe(false);
  });

  it('serves no tools when none is bound', () => {
    expect(new ToolRegistry().all()).toEqual([]);
  });

  it('refuses an unknown name with UnknownToolError, cutting a long name short', () => {
    const registry = new ToolRegistry([tool('wait')]);
    expect(() => registry.get('nope')).toThrow(UnknownToolError);
    expect(() => registry.get('nope')).toThrow('Unknown tool: nope');
    expect(() => registry.get('x'.repeat(500))).toThrow(`Unknown tool: ${'x'.repeat(128)}...`);
  });

  it.each(['', 'has space', 'slash/name', 'x'.repeat(129), 'naïve'])(
    'refuses to start with a tool named %j',
    (name) => {
      expect(() => new ToolRegistry([tool(name)])).toThrow(/is invalid/);
    },
  );

  it('refuses to start with two tools of one name', () => {
    expect(() => new ToolRegistry([tool('wait'), tool('wait')])).toThrow(
      "Tool 'wait' is bound twice",
    );
  });
});
