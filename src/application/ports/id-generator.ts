import type { TaskId } from '../../domain/index.js';

/** Task ids: at least 128 bits from a CSPRNG, URL-safe, unguessable. */
export interface IdGenerator {
  newTaskId(): TaskId;
}

export const ID_GENERATOR = Symbol('IdGenerator');
