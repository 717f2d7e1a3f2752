import type { OwnerId } from '../../domain/index.js';
import type { TaskListPosition } from './task-store.js';

/**
 * tasks/list cursors: a list position sealed for one owner. A cursor is opaque to clients (they
 * cannot read the position in it) and cannot be forged, altered or used by another owner: each of
 * those opens as InvalidCursorError, exactly like garbage.
 */
export interface CursorSeal {
  seal(owner: OwnerId, position: TaskListPosition): string;
  /** The position sealed in `cursor` for `owner`; throws InvalidCursorError otherwise. */
  open(owner: OwnerId, cursor: string): TaskListPosition;
}

export const CURSOR_SEAL = Symbol('CursorSeal');
