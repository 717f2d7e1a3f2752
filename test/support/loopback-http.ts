import {
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** One request as the server side sees it: what a unit of the HTTP adapter is handed. */
export interface ServedRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
}

/**
 * A bare HTTP server on 127.0.0.1 that hands every request it receives to the test, so that a unit
 * of the HTTP adapter reads and answers a real client over a real socket.
 */
export class LoopbackServer {
  private readonly arrived: ServedRequest[] = [];
  private readonly waiting: ((served: ServedRequest) => void)[] = [];
  private readonly server: Server = createServer((req, res) => this.arrive({ req, res }));

  private constructor() {}

  static async start(): Promise<LoopbackServer> {
    const loopback = new LoopbackServer();
    await new Promise<void>((resolve) => loopback.server.listen(0, '127.0.0.1', resolve));
    return loopback;
  }

  get url(): URL {
    const { port } = this.server.address() as AddressInfo;
    return new URL(`http://127.0.0.1:${port}/`);
  }

  /** The next request to arrive, or the oldest one that arrived and was not taken yet. */
  nextRequest(): Promise<ServedRequest> {
    const served = this.arrived.shift();
    if (served) return Promise.resolve(served);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private arrive(served: ServedRequest): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter(served);
    else this.arrived.push(served);
  }
}

export interface RequestOptions {
  readonly method?: string;
  readonly path?: string;
  /** Any header, Host and Origin included (fetch would refuse those). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

/** A client reading an answer as it comes (an event stream, say). */
export interface ReadingClient {
  /** Resolves on the status line and headers. */
  readonly response: Promise<IncomingMessage>;
  /** What the client has read of the body so far. */
  received(): string;
  /** Resolves once the answer is over: `complete` is false when the connection was cut first. */
  readonly finished: Promise<{ readonly complete: boolean; readonly body: string }>;
  /** Goes away, as a client that closes its connection. */
  close(): void;
}

/** Sends a request with node:http, on a connection of its own, and reads the answer as it comes. */
export function startRequest(url: URL, options: RequestOptions = {}): ReadingClient {
  let body = '';
  let settle!: (outcome: { complete: boolean; body: string }) => void;
  const finished = new Promise<{ complete: boolean; body: string }>((r) => (settle = r));
  const req = request({
    host: '127.0.0.1',
    port: url.port,
    path: options.path ?? `${url.pathname}${url.search}`,
    method: options.method ?? 'GET',
    headers: options.headers ?? {},
    agent: false,
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('error', (error) => {
      reject(error);
      settle({ complete: false, body });
    });
    req.once('response', (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('error', () => undefined);
      res.once('close', () => settle({ complete: res.complete, body }));
      resolve(res);
    });
  });
  // A refused request surfaces through `response`; `finished` still settles.
  response.catch(() => undefined);
  req.end(options.body);
  return { response, received: () => body, finished, close: () => req.destroy() };
}

export interface ClientAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** False when the connection was cut before the answer was whole. */
  readonly complete: boolean;
}

/** Sends a request and reads the whole answer. */
export async function sendRequest(url: URL, options: RequestOptions = {}): Promise<ClientAnswer> {
  const client = startRequest(url, options);
  const res = await client.response;
  const { complete, body } = await client.finished;
  return { status: res.statusCode ?? 0, headers: res.headers, body, complete };
}

/** A client that sends raw bytes and reads nothing back until asked to. */
export interface StalledClient {
  readonly socket: Socket;
  /** Starts reading at last, and resolves with everything the server sent once it closes. */
  readAll(): Promise<string>;
  /** Resolves when the connection closes; a socket that does not read notices only in readAll. */
  readonly closed: Promise<void>;
}

/** Connects to `url` and writes `head` (a request's text); its socket never reads by itself. */
export function stalledClient(url: URL, head: string | Buffer): StalledClient {
  const socket = connect(Number(url.port), '127.0.0.1');
  socket.pause();
  socket.on('error', () => undefined);
  socket.write(head);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    socket,
    closed,
    async readAll() {
      let text = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.resume();
      await closed;
      return text;
    },
  };
}

/** The head of a raw GET request to `path`. */
export function rawGet(path = '/'): string {
  return `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
}

/** One server-sent event: its fields as sent (a comment line is no field). */
export interface SentEvent {
  readonly event?: string;
  readonly id?: string;
  readonly retry?: string;
  readonly data?: string;
}

/** The events of an event stream's text, in order; comment-only blocks are left out. */
export function eventsIn(text: string): SentEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.length > 0)
    .map((block) => {
      const event: Record<string, string> = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(': ');
        if (colon !== -1) event[line.slice(0, colon)] = line.slice(colon + 2);
      }
      return event as SentEvent;
    })
    .filter((event) => Object.keys(event).length > 0);
}

/** The JSON-RPC messages carried by an event stream's text, in order. */
export function messagesIn(text: string): unknown[] {
  return eventsIn(text)
    .filter((event) => event.data !== undefined && event.data.length > 0)
    .map((event) => JSON.parse(event.data!) as unknown);
}
