import { asTaskId, InvalidCursorError } from '../../domain/index.js';
import type { TaskListPosition } from '../ports/task-store.js';

/*
 * tasks/list cursors. Opaque to clients; to us a (createdAt, id) keyset position, so a page is
 * stable even when the task it ended on has since been cleaned up. Decoding checks the shape
 * only: a cursor that names no task of the caller's simply starts after that key.
 */

export function encodeCursor(position: TaskListPosition): string {
  return Buffer.from(`${position.createdAt}.${position.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): TaskListPosition {
  if (cursor.length === 0 || cursor.length > 256) throw new InvalidCursorError();
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const dot = text.indexOf('.');
  const createdAt = Number(text.slice(0, dot));
  const id = asTaskId(text.slice(dot + 1));
  if (dot <= 0 || !Number.isSafeInteger(createdAt) || createdAt < 0 || !id) {
    throw new InvalidCursorError();
  }
  if (encodeCursor({ createdAt, id }) !== cursor) throw new InvalidCursorError();
  return { createdAt, id };
}
