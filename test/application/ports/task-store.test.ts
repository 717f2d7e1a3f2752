import { pageOf } from '../../../src/application/ports/task-store.js';
import { aTask } from '../../support/task-mother.js';

describe('pageOf', () => {
  const tasks = [1, 2, 3].map((n) => aTask({ now: 1000 * n }));

  it('says another page follows, from the last task shown, when one more task was fetched', () => {
    expect(pageOf(tasks, 2)).toEqual({
      tasks: tasks.slice(0, 2),
      next: { createdAt: tasks[1]!.createdAt, id: tasks[1]!.id },
    });
  });

  it('says nothing follows when no more than the limit was fetched', () => {
    expect(pageOf(tasks, 3)).toEqual({ tasks });
    expect(pageOf(tasks.slice(0, 2), 3)).toEqual({ tasks: tasks.slice(0, 2) });
    expect(pageOf([], 3)).toEqual({ tasks: [] });
  });
});
