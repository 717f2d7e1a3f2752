import { request, type Agent } from 'node:http';
import { modernCall } from './modern-call.js';

/** A message a listen's stream carried, and when the chunk that completed it was read. */
export interface Heard {
  readonly message: { readonly method?: string; readonly params?: Record<string, unknown> };
  readonly atMs: number;
}

export interface ListenOptions {
  /** Whose sockets the listen's connection comes from: `false`, one of its own. */
  readonly agent: Agent | false;
  /** The JSON-RPC id of the listen request (its subscription id). */
  readonly id: number;
  /** How long the acknowledgement may take. */
  readonly timeoutMs: number;
  /** Told every message after the acknowledgement. */
  readonly onMessage?: (heard: Heard) => void;
  /** What arrival times are read from; Date.now by default. */
  readonly clock?: () => number;
}

/** An acknowledged subscriptions/listen whose stream is being read. */
export interface OpenListen {
  /** Whether the stream is still open (the server has not ended or cut it). */
  readonly open: boolean;
  /** Closes the stream from the client's side, which ends the listen. */
  close(): void;
}

/**
 * Sends a 2026-07-28 subscriptions/listen for `taskIds` and reads its event stream for as long as
 * it stays open; resolves once the acknowledgement has come. Arrival times are read as soon as a
 * chunk is, before it is parsed.
 */
export function openListen(
  url: URL,
  taskIds: readonly string[],
  options: ListenOptions,
): Promise<OpenListen> {
  const { method, params, headers } = modernCall('subscriptions/listen', {
    notifications: { taskIds },
  });
  const body = JSON.stringify({ jsonrpc: '2.0', id: options.id, method, params });
  const clock = options.clock ?? Date.now;
  return new Promise((resolve, reject) => {
    let open = true;
    const req = request(url, {
      method: 'POST',
      agent: options.agent,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'content-length': Buffer.byteLength(body),
        ...headers,
      },
    });
    const listen: OpenListen = {
      get open() {
        return open;
      },
      close: () => req.destroy(),
    };
    const fail = (error: Error): void => {
      clearTimeout(timer);
      req.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new Error(`no acknowledgement within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    req.on('response', (res) => {
      res.setEncoding('utf8');
      res.once('close', () => (open = false));
      res.on('error', () => undefined);
      if (!String(res.headers['content-type']).startsWith('text/event-stream')) {
        let text = '';
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => fail(new Error(`listen refused: HTTP ${res.statusCode} ${text}`)));
        return;
      }
      let pending = '';
      let acknowledged = false;
      res.on('data', (chunk: string) => {
        const atMs = clock();
        pending += chunk;
        for (let end = pending.indexOf('\n\n'); end !== -1; end = pending.indexOf('\n\n')) {
          const message = messageIn(pending.slice(0, end));
          pending = pending.slice(end + 2);
          if (!message) continue;
          if (acknowledged) {
            options.onMessage?.({ message, atMs });
          } else if (message.method === 'notifications/subscriptions/acknowledged') {
            acknowledged = true;
            clearTimeout(timer);
            resolve(listen);
          }
        }
      });
    });
    req.on('close', () => (open = false));
    req.on('error', (error) => fail(error));
    req.end(body);
  });
}

/** The JSON-RPC message of one event, or undefined for a comment (a keep-alive). */
function messageIn(event: string): Heard['message'] | undefined {
  const data = event
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trimStart())
    .join('\n');
  return data ? (JSON.parse(data) as Heard['message']) : undefined;
}
