import { messagesIn } from './loopback-http.js';

/*
 * A 2026-07-28 client over HTTP in a few lines, for tests: each request a POST of its own with its
 * routing headers (SEP-2243), and subscriptions/listen read as the event stream it answers with.
 */

const EXTENSION = 'io.modelcontextprotocol/tasks';

/** The params field each method's `Mcp-Name` header mirrors. */
const NAMED_BY: Readonly<Record<string, string>> = {
  'tools/call': 'name',
  'tasks/get': 'taskId',
  'tasks/update': 'taskId',
  'tasks/cancel': 'taskId',
};

/** A JSON value off the wire; tests read it by path and assert on what they find. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Wire = any;

export interface ModernOptions {
  /** The `x-test-owner` header of a fixture that takes owners from it. */
  readonly owner?: string;
  /** Client capabilities; by default the tasks extension is declared. */
  readonly capabilities?: Record<string, unknown>;
  readonly id?: string | number;
}

function capabilitiesOf(options: ModernOptions): Record<string, unknown> {
  return options.capabilities ?? { extensions: { [EXTENSION]: {} } };
}

function post(url: URL, method: string, params: Record<string, unknown>, options: ModernOptions) {
  const body = {
    jsonrpc: '2.0',
    id: options.id ?? 1,
    method,
    params: {
      ...params,
      _meta: {
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        'io.modelcontextprotocol/clientCapabilities': capabilitiesOf(options),
      },
    },
  };
  const named = NAMED_BY[method];
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2026-07-28',
    'mcp-method': method,
  };
  if (named !== undefined) headers['mcp-name'] = String(params[named]);
  if (options.owner !== undefined) headers['x-test-owner'] = options.owner;
  return fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
}

/** One 2026-07-28 request and its JSON answer. */
export async function request2026(
  url: URL,
  method: string,
  params: Record<string, unknown> = {},
  options: ModernOptions = {},
): Promise<{ status: number; body: Wire }> {
  const response = await post(url, method, params, options);
  return { status: response.status, body: await response.json() };
}

/** An open subscriptions/listen: the messages of its stream so far, read as they come. */
export class Listen {
  readonly messages: Wire[] = [];
  private text = '';
  private waiters: (() => void)[] = [];
  private finished = false;
  private readonly aborter = new AbortController();

  private constructor(readonly status: number) {}

  static async open(
    url: URL,
    taskIds: readonly string[] | undefined,
    options: ModernOptions = {},
  ): Promise<Listen> {
    const filter = taskIds === undefined ? {} : { taskIds };
    const response = await post(url, 'subscriptions/listen', { notifications: filter }, options);
    const listen = new Listen(response.status);
    if (response.headers.get('content-type') === 'application/json') {
      listen.messages.push(await response.json());
      listen.finished = true;
      return listen;
    }
    void listen.read(response);
    return listen;
  }

  /** The notifications/tasks seen so far, their params. */
  get tasks(): Wire[] {
    return this.messages
      .filter((message) => message.method === 'notifications/tasks')
      .map((message) => message.params);
  }

  /** Whether the server ended the stream. */
  get ended(): boolean {
    return this.finished;
  }

  /** Resolves once a message matching `check` has come; fails after `timeoutMs`. */
  async until(check: (message: Wire) => boolean, timeoutMs = 10_000): Promise<Wire> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(check);
      if (found !== undefined) return found;
      if (this.finished) throw new Error('the stream ended first');
      if (Date.now() > deadline) throw new Error('no such message in time');
      await new Promise<void>((wake) => {
        this.waiters.push(wake);
        setTimeout(wake, 100).unref();
      });
    }
  }

  /** Closes the stream from the client's side: the listen ends. */
  close(): void {
    this.aborter.abort();
  }

  private async read(response: Response): Promise<void> {
    const reader = response.body!.getReader();
    this.aborter.signal.addEventListener('abort', () => void reader.cancel().catch(() => {}));
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.text += decoder.decode(value, { stream: true });
        const end = this.text.lastIndexOf('\n\n');
        if (end === -1) continue;
        this.messages.push(...messagesIn(this.text.slice(0, end + 2)));
        this.text = this.text.slice(end + 2);
        for (const wake of this.waiters.splice(0)) wake();
      }
    } catch {
      // Closed by the client (close()), or cut by the server: either way the stream is over.
    }
    this.finished = true;
    for (const wake of this.waiters.splice(0)) wake();
  }
}
