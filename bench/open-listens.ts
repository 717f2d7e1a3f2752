import { Agent } from 'node:http';
import { openListen, type OpenListen } from './listen-stream.js';

/** Listens opened at once while the many are being opened: under the server's accept backlog. */
const OPENING_AT_ONCE = 50;
const ACKNOWLEDGE_MS = 30_000;

/** Many subscriptions/listen kept open, and read, on sockets of their own. */
export interface OpenListens {
  /** How many of them are still open (the server has not ended or cut them). */
  stillOpen(): number;
  /** Closes them all, and their sockets. */
  close(): void;
}

/**
 * Opens `count` listens on `url`, each on a socket of its own from an agent of their own (apart
 * from any load's), the n-th naming `taskIdsOf(n)`; resolves once every one is acknowledged.
 * What they are told is read and dropped. On a failure, those already open are closed.
 */
export async function openListens(
  url: URL,
  count: number,
  taskIdsOf: (n: number) => readonly string[],
): Promise<OpenListens> {
  const agent = new Agent({ keepAlive: true, maxSockets: Math.max(1, count) });
  const listens: OpenListen[] = [];
  const close = (): void => {
    for (const listen of listens) listen.close();
    agent.destroy();
  };
  let next = 0;
  let failure: unknown;
  // Each opener stops at the first failure, anyone's, so that none is left opening after it.
  const opener = async (): Promise<void> => {
    while (next < count && failure === undefined) {
      const n = next++;
      try {
        listens.push(
          await openListen(url, taskIdsOf(n), { agent, id: n, timeoutMs: ACKNOWLEDGE_MS }),
        );
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(OPENING_AT_ONCE, count) }, opener));
  if (failure !== undefined) {
    close();
    throw failure;
  }
  return { stillOpen: () => listens.filter((listen) => listen.open).length, close };
}
