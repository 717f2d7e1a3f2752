import { ListToolsResultSchema } from '@modelcontextprotocol/sdk/types.js';
import {
  aScope2025,
  aScope2026,
  call2025,
  call2026,
  methodWorld,
} from '../../../support/mcp-methods.js';
import { aPrincipal } from '../../../support/task-mother.js';

const alice = aPrincipal('alice');

interface Listed {
  readonly name: string;
  readonly execution?: { readonly taskSupport: string };
  readonly [key: string]: unknown;
}

describe('tools/list', () => {
  it('asks for no scope, creates nothing, has no routing field, and reads no params', () => {
    const list = methodWorld().method('tools/list');
    expect(list.name).toBe('tools/list');
    expect(list.operation).toBeUndefined();
    expect(list.creates).toBeUndefined();
    expect(list.routingField).toBeUndefined();
    expect(list.v2025!.parse({ cursor: 'ignored' })).toBeUndefined();
    expect(list.v2026!.parse({})).toBeUndefined();
  });

  describe('2025-11-25', () => {
    it('lists every bound tool with its JSON Schemas and task support', async () => {
      const w = methodWorld();
      const listed = await call2025(w.method('tools/list'), {}, aScope2025(alice));
      expect(ListToolsResultSchema.safeParse(listed).success).toBe(true);
      const tools = listed.tools as unknown as Listed[];
      const byName = new Map(tools.map((tool) => [tool.name, tool]));
      expect([...byName.keys()]).toEqual(
        expect.arrayContaining([
          'count_primes',
          'wait',
          'guess_number',
          'gate',
          'gate_required',
          'echo',
          'echo_forbidden',
          'confirm',
        ]),
      );
      expect(byName.get('echo_forbidden')).toEqual({
        name: 'echo_forbidden',
        description: 'Says back what it was given',
        inputSchema: {
          type: 'object',
          properties: { say: { type: 'string' } },
          additionalProperties: {},
        },
        execution: { taskSupport: 'forbidden' },
      });
      expect(byName.get('gate_required')?.execution).toEqual({ taskSupport: 'required' });
      expect(byName.get('count_primes')).toMatchObject({
        title: 'Count primes',
        inputSchema: {
          type: 'object',
          properties: { below: { type: 'integer', minimum: 2, maximum: 10_000_000_000 } },
          required: ['below'],
        },
        outputSchema: { type: 'object', required: ['below', 'count', 'largest', 'elapsedMs'] },
        execution: { taskSupport: 'required' },
      });
      expect(JSON.stringify(listed)).not.toContain('$schema');
    });
  });

  describe('2026-07-28', () => {
    it('lists the same tools without execution, cacheable for no time, privately', async () => {
      const w = methodWorld();
      const listed2025 = await call2025(w.method('tools/list'), {}, aScope2025(alice));
      const listed = await call2026(w.method('tools/list'), {}, aScope2026(alice, {}));
      expect(Object.keys(listed).sort()).toEqual(['cacheScope', 'resultType', 'tools', 'ttlMs']);
      expect(listed).toMatchObject({ resultType: 'complete', ttlMs: 0, cacheScope: 'private' });
      const tools = listed.tools as unknown as Listed[];
      const expected = (listed2025.tools as unknown as Listed[]).map(
        ({ execution: _execution, ...definition }) => definition,
      );
      expect(tools).toEqual(expected);
      for (const tool of tools) expect(tool).not.toHaveProperty('execution');
    });

    it('answers a client with the tasks extension the same list', async () => {
      const w = methodWorld();
      const list = w.method('tools/list');
      expect(await call2026(list, {}, aScope2026(alice, { tasks: true }))).toEqual(
        await call2026(list, {}, aScope2026(alice, {})),
      );
    });
  });

  describe('under TASK_MCP_TASKLESS_CLIENTS=handles', () => {
    const HANDLES = { TASK_MCP_TASKLESS_CLIENTS: 'handles' };
    const FOUR = ['task_status', 'task_result', 'task_cancel', 'task_list'];

    it('lists no tool as required on 2025-11-25, and the four tools after the task tools', async () => {
      const w = methodWorld(HANDLES);
      const listed = await call2025(w.method('tools/list'), {}, aScope2025(alice));
      expect(ListToolsResultSchema.safeParse(listed).success).toBe(true);
      const tools = listed.tools as unknown as Listed[];
      const supports = new Map(tools.map((tool) => [tool.name, tool.execution?.taskSupport]));
      expect(supports.get('gate_required')).toBe('optional');
      expect(supports.get('count_primes')).toBe('optional');
      expect(supports.get('echo_forbidden')).toBe('forbidden');
      expect([...supports.values()]).not.toContain('required');
      expect(tools.slice(-4).map((tool) => tool.name)).toEqual(FOUR);
      for (const name of FOUR) expect(supports.get(name)).toBe('forbidden');
    });

    it('lists the same tools on 2026-07-28, without execution', async () => {
      const w = methodWorld(HANDLES);
      const listed2025 = await call2025(w.method('tools/list'), {}, aScope2025(alice));
      const listed = await call2026(w.method('tools/list'), {}, aScope2026(alice, {}));
      expect((listed.tools as unknown as Listed[]).map((tool) => tool.name)).toEqual(
        (listed2025.tools as unknown as Listed[]).map((tool) => tool.name),
      );
      for (const tool of listed.tools as unknown as Listed[]) {
        expect(tool).not.toHaveProperty('execution');
      }
    });

    it('lists neither the four tools nor any change when off', async () => {
      const listed = await call2025(methodWorld().method('tools/list'), {}, aScope2025(alice));
      const names = (listed.tools as unknown as Listed[]).map((tool) => tool.name);
      for (const name of FOUR) expect(names).not.toContain(name);
    });
  });
});
