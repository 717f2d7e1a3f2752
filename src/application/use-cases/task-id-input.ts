import { asTaskId, TaskNotFoundError, type TaskId } from '../../domain/index.js';

/** A string that cannot be one of our ids is answered exactly like an unknown id. */
export function parseTaskIdOrNotFound(raw: string): TaskId {
  const id = asTaskId(raw);
  if (!id) throw new TaskNotFoundError();
  return id;
}
