import { taskKeyText } from '../../../src/application/ports/task-leases.js';
import type { OwnerId, TaskId } from '../../../src/domain/index.js';

const key = (owner: string, id: string) => taskKeyText(owner as OwnerId, id as TaskId);

describe('taskKeyText', () => {
  it('gives one text per (owner, task), never the same for two different pairs', () => {
    expect(key('alice', 'task-1')).toBe(key('alice', 'task-1'));
    expect(key('alice', 'task-1')).not.toBe(key('bob', 'task-1'));
    // The separator cannot occur in either part, so no split of the same characters collides.
    expect(key('ab', 'c')).not.toBe(key('a', 'bc'));
  });
});
