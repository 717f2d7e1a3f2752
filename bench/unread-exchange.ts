import { connect, type Socket } from 'node:net';

/** A request whose answer the client does not read: the server's writes pile up behind it. */
export interface UnreadExchange {
  /**
   * Reads the first bytes of the answer, only now, and says what they were: the status line and
   * content type, or why there were none within `timeoutMs`.
   */
  answer(timeoutMs: number): Promise<string>;
  /** Closes the connection, unread. */
  destroy(): void;
}

/**
 * Sends one HTTP/1.1 request on a raw socket that is paused before it connects, so not a byte of
 * the answer is taken off it: once the kernel's buffers are full, everything the server still
 * writes stays in the server's memory, as with a client that stopped reading.
 */
export async function sendUnread(
  url: URL,
  method: 'GET' | 'POST',
  headers: Readonly<Record<string, string>>,
  body: string | undefined,
  timeoutMs: number,
): Promise<UnreadExchange> {
  const socket = connect({ host: url.hostname, port: Number(url.port) });
  socket.pause();
  let failure: Error | undefined;
  socket.on('error', (error) => (failure = error));
  await connected(socket, timeoutMs);
  const lines = [
    `${method} ${url.pathname} HTTP/1.1`,
    `host: ${url.host}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ...(body === undefined ? [] : [`content-length: ${Buffer.byteLength(body)}`]),
  ];
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  if (body !== undefined) socket.write(body);
  return {
    answer: (waitMs) =>
      failure ? Promise.resolve(`no answer (${failure.message})`) : head(socket, waitMs),
    destroy: () => socket.destroy(),
  };
}

function connected(socket: Socket, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no connection within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** The status line and content type of the first chunk on `socket`, read now. */
function head(socket: Socket, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const done = (what: string): void => {
      clearTimeout(timer);
      socket.pause();
      resolve(what);
    };
    const timer = setTimeout(() => done(`no answer within ${timeoutMs} ms`), timeoutMs);
    socket.once('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      const type = /\r\ncontent-type: *([^;\r\n]+)/i.exec(text)?.[1];
      done(status ? `HTTP ${status}${type ? ` ${type}` : ''}` : 'no HTTP answer');
    });
    socket.once('end', () => done('closed without an answer'));
    socket.once('error', (error) => done(`no answer (${error.message})`));
    socket.resume();
  });
}
