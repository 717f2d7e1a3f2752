import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Something owed on a connection, to be told if the connection goes before it is done. */
export interface ConnectionWatcher {
  connectionLost(): void;
}

const watchersOf = new WeakMap<Socket, Set<ConnectionWatcher>>();

/**
 * Tells `watcher` if the connection under `res` closes, until `unwatch`. One close listener per
 * connection rather than one per request: a keep-alive connection carries many requests, and a
 * listener per request was a measurable part of each one's cost.
 */
export function watchConnection(res: ServerResponse, watcher: ConnectionWatcher): void {
  const socket = res.socket;
  if (!socket || socket.destroyed) {
    queueMicrotask(() => watcher.connectionLost());
    return;
  }
  let watchers = watchersOf.get(socket);
  if (!watchers) {
    const fresh = new Set<ConnectionWatcher>();
    watchersOf.set(socket, fresh);
    socket.once('close', () => {
      for (const lost of fresh) lost.connectionLost();
      fresh.clear();
    });
    watchers = fresh;
  }
  watchers.add(watcher);
}

export function unwatchConnection(res: ServerResponse, watcher: ConnectionWatcher): void {
  const socket = res.socket;
  if (socket) watchersOf.get(socket)?.delete(watcher);
}
