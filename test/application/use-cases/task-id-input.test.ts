import { parseTaskIdOrNotFound } from '../../../src/application/use-cases/task-id-input.js';
import { TaskNotFoundError } from '../../../src/domain/index.js';

describe('a task id from the caller', () => {
  it('is taken as it is when it has the shape of one of our ids', () => {
    expect(parseTaskIdOrNotFound('Abc_def-0123456789')).toBe('Abc_def-0123456789');
  });

  it.each(['', 'short', '../../etc/passwd', 'x'.repeat(129)])(
    'is answered like an unknown task when it cannot be one: %j',
    (raw) => {
      expect(() => parseTaskIdOrNotFound(raw)).toThrow(TaskNotFoundError);
      expect(() => parseTaskIdOrNotFound(raw)).toThrow('Task not found');
    },
  );
});
