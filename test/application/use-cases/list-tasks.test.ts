import { InvalidCursorError, type Task } from '../../../src/domain/index.js';
import { alice, bob, useCaseWorld as world } from '../../support/use-case-world.js';

describe('ListTasks', () => {
  it('pages through the caller’s tasks with an opaque cursor and rejects a bad one', async () => {
    const w = world({
      TASK_MCP_LIST_PAGE_SIZE: '2',
      TASK_MCP_MAX_CONCURRENT_TASKS_PER_OWNER: '10',
    });
    const created: Task[] = [];
    for (let i = 0; i < 5; i++) {
      created.push(await w.create.run(alice, { toolName: 'gate', arguments: {} }));
      w.clock.advance(1);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await w.list.run(alice, cursor);
      seen.push(...page.tasks.map((t) => t.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(created.map((t) => t.id));
    for (const bad of ['', 'not-a-cursor', '!!!!', 'x'.repeat(300)]) {
      await expect(w.list.run(alice, bad)).rejects.toThrow(InvalidCursorError);
    }
  });

  it("refuses another owner's cursor as it refuses a forged one, and reveals nothing", async () => {
    const w = world({ TASK_MCP_LIST_PAGE_SIZE: '1' });
    for (let i = 0; i < 2; i++) {
      await w.create.run(alice, { toolName: 'gate', arguments: {} });
      w.clock.advance(1);
    }
    const { nextCursor } = await w.list.run(alice);
    expect(nextCursor).toBeDefined();
    await expect(w.list.run(bob, nextCursor)).rejects.toThrow(new InvalidCursorError());
    expect((await w.list.run(alice, nextCursor)).tasks).toHaveLength(1);
  });
});
