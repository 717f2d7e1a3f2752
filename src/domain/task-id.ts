/** A receiver-generated task id. Its shape is checked before any lookup, so odd input costs nothing. */
export type TaskId = string & { readonly __brand: 'TaskId' };

const TASK_ID_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;

/** Returns the id when it has the shape of one we could have issued, otherwise undefined. */
export function asTaskId(raw: string): TaskId | undefined {
  return TASK_ID_SHAPE.test(raw) ? (raw as TaskId) : undefined;
}
