import type { ServerResponse } from 'node:http';

/** What a client may leave unread on one response before it is cut off. */
export const MAX_UNREAD_BYTES = 1024 * 1024;

/** How long a large answer may take to be read before its connection is cut. */
const UNREAD_GRACE_MS = 60_000;

/**
 * After a complete answer is handed to Node: if more than MAX_UNREAD_BYTES of it wait for the
 * client, the client gets UNREAD_GRACE_MS to read them, then the connection is cut, so a client
 * that never reads cannot keep the server's memory.
 */
export function guardUnread(res: ServerResponse): void {
  if (res.writableLength <= MAX_UNREAD_BYTES) return;
  const timer = setTimeout(() => res.destroy(), UNREAD_GRACE_MS);
  timer.unref();
  const clear = (): void => clearTimeout(timer);
  res.once('finish', clear).once('close', clear);
}
