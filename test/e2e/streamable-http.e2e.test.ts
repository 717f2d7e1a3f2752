import { startHttpFixture, type HttpFixture } from '../support/http-fixture.js';
import { postRaw, rpcBody } from '../support/rpc.js';

/*
 * Streamable HTTP as task-mcp's own transport serves it, over raw HTTP: what the SDK's client
 * never sends (clashing ids, bad headers, batches) and what it does not show (event ids, replay).
 */

type Message = { id?: unknown; result?: Record<string, unknown>; error?: { code: number } };

const as = (owner: string, extra: Record<string, string> = {}) => ({
  'x-test-owner': owner,
  'mcp-protocol-version': '2025-11-25',
  ...extra,
});

async function createTask(url: URL, owner: string, durationMs: number): Promise<string> {
  const response = await postRaw(
    url,
    rpcBody('tools/call', { name: 'wait', arguments: { durationMs, steps: 1 }, task: {} }),
    as(owner),
  );
  const message = (await response.json()) as Message;
  return (message.result as { task: { taskId: string } }).task.taskId;
}

describe('Streamable HTTP, stateless', () => {
  let fixture: HttpFixture;

  beforeAll(async () => {
    fixture = await startHttpFixture({
      ownersByHeader: true,
      env: { TASK_MCP_HTTP_MODE: 'stateless' },
    });
  });

  afterAll(async () => {
    await fixture.close();
  });

  it('gives two concurrent callers using the same JSON-RPC id each their own answer', async () => {
    const alices = await createTask(fixture.url, 'alice', 300);
    const bobs = await createTask(fixture.url, 'bob', 200);
    // Both wait in tasks/result at once under id 7; bob's task ends first.
    const [forAlice, forBob] = await Promise.all([
      postRaw(fixture.url, rpcBody('tasks/result', { taskId: alices }, 7), as('alice')),
      postRaw(fixture.url, rpcBody('tasks/result', { taskId: bobs }, 7), as('bob')),
    ]);
    const relatedTask = (message: Message) =>
      (message.result?._meta as Record<string, { taskId: string }>)[
        'io.modelcontextprotocol/related-task'
      ]!.taskId;
    const aliceGot = (await forAlice.json()) as Message;
    const bobGot = (await forBob.json()) as Message;
    expect(aliceGot.id).toBe(7);
    expect(bobGot.id).toBe(7);
    expect(relatedTask(aliceGot)).toBe(alices);
    expect(relatedTask(bobGot)).toBe(bobs);

    // And many at once, interleaved: every answer is the asker's own task.
    const asks = Array.from({ length: 40 }, (_, i) => {
      const [owner, taskId] = i % 2 === 0 ? ['alice', alices] : ['bob', bobs];
      return postRaw(fixture.url, rpcBody('tasks/get', { taskId }, 'same'), as(owner)).then(
        async (response) => ({ taskId, message: (await response.json()) as Message }),
      );
    });
    for (const { taskId, message } of await Promise.all(asks)) {
      expect(message.id).toBe('same');
      expect(message.result?.taskId).toBe(taskId);
    }
  });

  it('answers a batch with an array of responses under the ids the client gave', async () => {
    const taskId = await createTask(fixture.url, 'alice', 0);
    const response = await postRaw(
      fixture.url,
      JSON.stringify([
        { jsonrpc: '2.0', id: 'b', method: 'tasks/get', params: { taskId } },
        { jsonrpc: '2.0', method: 'notifications/initialized' },
        { jsonrpc: '2.0', id: 'a', method: 'tools/list' },
      ]),
      as('alice'),
    );
    expect(response.status).toBe(200);
    const messages = (await response.json()) as Message[];
    expect(messages.map((message) => message.id).sort()).toEqual(['a', 'b']);
    expect(messages.find((message) => message.id === 'b')?.result?.taskId).toBe(taskId);
  });

  it('stops waiting for a request the client cancels in the same batch', async () => {
    const taskId = await createTask(fixture.url, 'alice', 60_000);
    const started = Date.now();
    const response = await postRaw(
      fixture.url,
      JSON.stringify([
        { jsonrpc: '2.0', id: 'wait', method: 'tasks/result', params: { taskId } },
        {
          jsonrpc: '2.0',
          method: 'notifications/cancelled',
          params: { requestId: 'wait', reason: 'changed my mind' },
        },
      ]),
      as('alice'),
    );
    expect(response.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(5000);
    // Only the waiting was cancelled; the task itself runs on.
    const get = await postRaw(fixture.url, rpcBody('tasks/get', { taskId }), as('alice'));
    expect(((await get.json()) as Message).result?.status).toBe('working');
  });

  it('answers 202 with no body to notifications alone', async () => {
    const response = await postRaw(
      fixture.url,
      JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
      as('alice'),
    );
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('');
  });

  it.each([
    ['no event stream in Accept', { accept: 'application/json' }, 406, -32000],
    ['a body that is not JSON by its type', { 'content-type': 'text/plain' }, 415, -32000],
    ['an unknown protocol version', { 'mcp-protocol-version': '1999-01-01' }, 400, -32022],
  ])('refuses %s', async (_, headers, status, code) => {
    const response = await postRaw(fixture.url, rpcBody('tools/list'), as('alice', headers));
    expect(response.status).toBe(status);
    expect(((await response.json()) as Message).error?.code).toBe(code);
  });

  it.each([
    ['not a JSON-RPC message', '{"hello": "world"}'],
    [
      'an id that is neither string nor integer',
      '{"jsonrpc":"2.0","id":1.5,"method":"tools/list"}',
    ],
    ['a member JSON-RPC does not have', '{"jsonrpc":"2.0","id":1,"method":"tools/list","x":1}'],
    ['an empty batch', '[]'],
    ['a batch of over 100', JSON.stringify(Array(101).fill({ jsonrpc: '2.0', method: 'x' }))],
  ])('refuses %s with 400 and -32600', async (_, body) => {
    const response = await postRaw(fixture.url, body, as('alice'));
    expect(response.status).toBe(400);
    expect(((await response.json()) as Message).error?.code).toBe(-32600);
  });

  it('streams a plain call that reports progress, and ends with its result', async () => {
    const response = await postRaw(
      fixture.url,
      rpcBody('tools/call', {
        name: 'wait',
        arguments: { durationMs: 60, steps: 4 },
        _meta: { progressToken: 'p' },
      }),
      as('alice'),
    );
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = (await response.text())
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)) as Message & { method?: string });
    // Four steps: progress after each of the first three, then the result.
    const progress = events.filter((event) => event.method === 'notifications/progress');
    expect(
      progress.map((event) => (event as { params?: { progress: number } }).params?.progress),
    ).toEqual([1, 2, 3]);
    expect(events.at(-1)).toMatchObject({ id: 1, result: { content: expect.any(Array) } });
  });
});

describe('Streamable HTTP, sessions', () => {
  let fixture: HttpFixture;

  beforeAll(async () => {
    fixture = await startHttpFixture({ ownersByHeader: true });
  });

  afterAll(async () => {
    await fixture.close();
  });

  async function openSession(owner: string): Promise<string> {
    const init = await postRaw(
      fixture.url,
      rpcBody('initialize', {
        protocolVersion: '2025-11-25',
        capabilities: {},
        clientInfo: { name: 'raw', version: '1' },
      }),
      { 'x-test-owner': owner },
    );
    expect(init.status).toBe(200);
    const sessionId = init.headers.get('mcp-session-id')!;
    await init.text();
    const initialized = await postRaw(
      fixture.url,
      JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
      as(owner, { 'mcp-session-id': sessionId }),
    );
    expect(initialized.status).toBe(202);
    return sessionId;
  }

  function stream(owner: string, sessionId: string, lastEventId?: string): Promise<Response> {
    const headers: Record<string, string> = {
      ...as(owner, { 'mcp-session-id': sessionId }),
      accept: 'text/event-stream',
      ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
    };
    return fetch(fixture.url, { headers });
  }

  /** Reads the stream until `done` says so; returns the events read, as id and data lines. */
  async function readEvents(
    response: Response,
    done: (events: { id?: string; retry?: string; data: string }[]) => boolean,
  ): Promise<{ id?: string; retry?: string; data: string }[]> {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const events = text
        .split('\n\n')
        .slice(0, -1)
        .filter((block) => !block.startsWith(':'))
        .map((block) => {
          const field = (name: string) =>
            block
              .split('\n')
              .find((line) => line.startsWith(`${name}: `))
              ?.slice(name.length + 2);
          return { id: field('id'), retry: field('retry'), data: field('data') ?? '' };
        });
      if (done(events)) {
        await reader.cancel();
        return events;
      }
      const { value, done: ended } = await reader.read();
      if (ended) throw new Error(`the stream ended after: ${text}`);
      text += decoder.decode(value, { stream: true });
    }
  }

  it('primes the event stream with an id and a retry, and refuses a second stream', async () => {
    const sessionId = await openSession('alice');
    const first = await stream('alice', sessionId);
    expect(first.status).toBe(200);
    const reader = first.body!.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toBe('id: 0\nretry: 1000\ndata: \n\n');

    const second = await stream('alice', sessionId);
    expect(second.status).toBe(409);
    await reader.cancel();
  });

  it('replays the task status notifications missed while the stream was down', async () => {
    const sessionId = await openSession('alice');
    const first = await stream('alice', sessionId);
    const [priming] = await readEvents(first, (events) => events.length >= 1);

    // The stream is down while the task runs and ends.
    const create = await postRaw(
      fixture.url,
      rpcBody('tools/call', { name: 'wait', arguments: { durationMs: 30, steps: 1 }, task: {} }),
      as('alice', { 'mcp-session-id': sessionId }),
    );
    const taskId = ((await create.json()) as { result: { task: { taskId: string } } }).result.task
      .taskId;
    await new Promise((resolve) => setTimeout(resolve, 200));

    const resumed = await stream('alice', sessionId, priming!.id);
    const events = await readEvents(resumed, (seen) =>
      seen.some((event) => event.data.includes('"completed"')),
    );
    const statuses = events
      .filter((event) => event.data !== '')
      .map((event) => JSON.parse(event.data) as { method: string; params: Record<string, string> });
    expect(statuses.every((note) => note.method === 'notifications/tasks/status')).toBe(true);
    expect(statuses.every((note) => note.params.taskId === taskId)).toBe(true);
    expect(statuses.at(-1)!.params.status).toBe('completed');
    // Every replayed event has an id past the one the client held, in order.
    const ids = events.filter((event) => event.data !== '').map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids[0]).toBeGreaterThan(Number(priming!.id));
  });

  it('refuses a Last-Event-ID the session never gave', async () => {
    const sessionId = await openSession('alice');
    const response = await stream('alice', sessionId, '999999');
    expect(response.status).toBe(400);
    expect(((await response.json()) as Message).error?.code).toBe(-32000);
  });

  it("gives another owner's stream request the 404 of a session that never existed", async () => {
    const sessionId = await openSession('alice');
    const response = await stream('mallory', sessionId);
    expect(response.status).toBe(404);
  });

  it('refuses a second initialize on an open session', async () => {
    const sessionId = await openSession('alice');
    const again = await postRaw(
      fixture.url,
      rpcBody('initialize', {
        protocolVersion: '2025-11-25',
        capabilities: {},
        clientInfo: { name: 'raw', version: '1' },
      }),
      as('alice', { 'mcp-session-id': sessionId }),
    );
    expect(again.status).toBe(400);
    expect(((await again.json()) as Message).error?.code).toBe(-32600);
  });

  it('closes a session on DELETE', async () => {
    const sessionId = await openSession('alice');
    const closed = await fetch(fixture.url, {
      method: 'DELETE',
      headers: as('alice', { 'mcp-session-id': sessionId }),
    });
    expect(closed.status).toBe(200);
    const after = await postRaw(
      fixture.url,
      rpcBody('tools/list'),
      as('alice', { 'mcp-session-id': sessionId }),
    );
    expect(after.status).toBe(404);
  });
});
