import {
  assertTransition,
  canTransition,
  InvalidTransitionError,
  isTerminal,
  TASK_STATUSES,
  type TaskStatus,
} from '../../src/domain/index.js';

const ALLOWED: ReadonlyArray<[TaskStatus, TaskStatus]> = [
  ['working', 'input_required'],
  ['working', 'completed'],
  ['working', 'failed'],
  ['working', 'cancelled'],
  ['input_required', 'working'],
  ['input_required', 'completed'],
  ['input_required', 'failed'],
  ['input_required', 'cancelled'],
];

const allPairs = TASK_STATUSES.flatMap((from) => TASK_STATUSES.map((to) => [from, to] as const));
const isAllowed = (from: TaskStatus, to: TaskStatus): boolean =>
  ALLOWED.some(([a, b]) => a === from && b === to);

describe('task status transitions', () => {
  it.each(ALLOWED)('allows %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it.each(allPairs.filter(([from, to]) => !isAllowed(from, to)))('forbids %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => assertTransition(from, to)).toThrow(InvalidTransitionError);
  });

  it('knows exactly completed, failed and cancelled as terminal', () => {
    expect(TASK_STATUSES.filter(isTerminal)).toEqual(['completed', 'failed', 'cancelled']);
  });

  it('names the terminal status when refusing to leave it', () => {
    expect(() => assertTransition('completed', 'working')).toThrow(/'completed' is terminal/);
  });
});
