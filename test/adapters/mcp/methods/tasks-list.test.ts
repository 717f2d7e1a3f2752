import { ListTasksResultSchema } from '@modelcontextprotocol/sdk/types.js';
import {
  aScope2025,
  call2025,
  methodWorld,
  wireErrorOf,
  refusalOf,
  startGate,
} from '../../../support/mcp-methods.js';
import { aPrincipal } from '../../../support/task-mother.js';

const alice = aPrincipal('alice');
const bob = aPrincipal('bob');
const INVALID_CURSOR = {
  code: -32602,
  message: 'Invalid or expired cursor',
  data: { reason: 'INVALID_CURSOR' },
};

describe('tasks/list', () => {
  it('is a 2025-11-25 method only, asking to read tasks, with no routing field or cost', () => {
    const list = methodWorld().method('tasks/list');
    expect(list.name).toBe('tasks/list');
    expect(list.v2026).toBeUndefined();
    expect(list.routingField).toBeUndefined();
    expect(list.creates).toBeUndefined();
    expect(list.operation?.({})).toEqual({ kind: 'read' });
  });

  it('reads an optional cursor of at most the cursor limit', () => {
    const { parse } = methodWorld().method('tasks/list').v2025!;
    expect(parse({})).toBeUndefined();
    expect(parse(Object.create({ cursor: 'inherited' }))).toBeUndefined();
    expect(parse({ cursor: 'c'.repeat(1024) })).toBe('c'.repeat(1024));
    expect(refusalOf(() => parse({ cursor: 12 })).toJson()).toEqual({
      code: -32602,
      message: 'Invalid params: params.cursor must be a string',
    });
    const tooLong = refusalOf(() => parse({ cursor: 'c'.repeat(1025) }));
    expect(tooLong.toJson()).toEqual({
      code: -32602,
      message: 'Invalid params: params.cursor is longer than 1024 characters',
    });
    expect(tooLong.malformed).toBe(true);
  });

  it('lists nothing for a caller with no tasks', async () => {
    const w = methodWorld();
    await startGate(w, alice);
    const listed = await call2025(w.method('tasks/list'), {}, aScope2025(bob));
    expect(ListTasksResultSchema.safeParse(listed).success).toBe(true);
    expect(listed).toEqual({ tasks: [] });
  });

  it("lists the caller's own tasks only, as 2025-11-25 Tasks", async () => {
    const w = methodWorld();
    const mine = await startGate(w, alice);
    await startGate(w, bob);
    const listed = await call2025(w.method('tasks/list'), {}, aScope2025(alice));
    expect(ListTasksResultSchema.safeParse(listed).success).toBe(true);
    expect(listed).toEqual({
      tasks: [
        {
          taskId: mine,
          status: 'working',
          createdAt: '2026-01-01T00:00:00.000Z',
          lastUpdatedAt: '2026-01-01T00:00:00.000Z',
          ttl: 3_600_000,
          pollInterval: 1000,
        },
      ],
    });
  });

  it('pages with a cursor sealed for the caller alone', async () => {
    const w = methodWorld({ TASK_MCP_LIST_PAGE_SIZE: '2' });
    const ids = [await startGate(w, alice), await startGate(w, alice), await startGate(w, alice)];
    const list = w.method('tasks/list');
    const first = ListTasksResultSchema.parse(await call2025(list, {}, aScope2025(alice)));
    expect(first.tasks).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await call2025(list, { cursor: first.nextCursor }, aScope2025(alice));
    expect(ListTasksResultSchema.safeParse(second).success).toBe(true);
    expect(second).not.toHaveProperty('nextCursor');
    const seen = [...first.tasks, ...(second.tasks as { taskId: string }[])].map((t) => t.taskId);
    expect(seen.sort()).toEqual([...ids].sort());

    const stolen = await wireErrorOf(() =>
      call2025(list, { cursor: first.nextCursor }, aScope2025(bob)),
    );
    expect(stolen).toEqual(INVALID_CURSOR);
    expect(
      await wireErrorOf(() => call2025(list, { cursor: 'not-a-cursor' }, aScope2025(alice))),
    ).toEqual(INVALID_CURSOR);
  });
});
