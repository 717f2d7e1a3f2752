import { InvalidTransitionError } from './errors.js';

export const TASK_STATUSES = [
  'working',
  'input_required',
  'completed',
  'failed',
  'cancelled',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type TerminalStatus = Extract<TaskStatus, 'completed' | 'failed' | 'cancelled'>;

const ALLOWED: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  working: ['input_required', 'completed', 'failed', 'cancelled'],
  input_required: ['working', 'completed', 'failed', 'cancelled'],
  completed: [],
  failed: [],
  cancelled: [],
};

export function isTerminal(status: TaskStatus): status is TerminalStatus {
  return ALLOWED[status].length === 0;
}

export function canTransition(from: TaskStatus, to: TaskStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function assertTransition(from: TaskStatus, to: TaskStatus): void {
  if (canTransition(from, to)) return;
  const reason = isTerminal(from) ? `'${from}' is terminal` : 'that move is not allowed';
  throw new InvalidTransitionError(`Cannot move a task from '${from}' to '${to}': ${reason}`);
}
