import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CallToolResultSchema,
  CreateTaskResultSchema,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';
import { eventually, startHttpFixture, type HttpFixture } from '../support/http-fixture.js';
import { freshTempDir } from '../support/isolated-env.js';
import { AUDIENCE, withOAuthServer } from '../support/oauth-fixture.js';
import { postRaw, rpcBody } from '../support/rpc.js';
import { ALL_SCOPES } from '../support/test-issuer.js';

/*
 * The fourteen defects issue 20 found in the front door, one describe each, every one driven over
 * real HTTP on 127.0.0.1 the way a client (or an attacker) reaches it. Each failed against the
 * front door before the rebuild.
 */

const EXTENSION = 'io.modelcontextprotocol/tasks';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Wire = any;

interface Answer {
  readonly status: number;
  readonly body: Wire;
}

const headers2025 = (owner: string, extra: Record<string, string> = {}) => ({
  'x-test-owner': owner,
  'mcp-protocol-version': '2025-11-25',
  ...extra,
});

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** A 2025-11-25 POST with a body given as text, so that it can hold what JSON.stringify won't. */
async function post2025(url: URL, body: string, owner: string, extra: Record<string, string> = {}) {
  return answerOf(await postRaw(url, body, headers2025(owner, extra)));
}

/** The `_meta` of a 2026-07-28 request, as JSON text. */
function meta2026(capabilities: object = { extensions: { [EXTENSION]: {} } }): string {
  return JSON.stringify({
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientCapabilities': capabilities,
  });
}

/**
 * A 2026-07-28 POST whose params are given as JSON text (with `_meta` appended), headers mirroring
 * `method` and `named`.
 */
async function post2026(
  url: URL,
  method: string,
  paramsText: string,
  options: { owner?: string; named?: string; id?: number; token?: string; elicits?: boolean } = {},
): Promise<Answer> {
  const params = paramsText.replace(/}\s*$/, '').trim();
  const separator = params === '{' ? '' : ',';
  const capabilities = {
    extensions: { [EXTENSION]: {} },
    ...(options.elicits ? { elicitation: {} } : {}),
  };
  const body = `{"jsonrpc":"2.0","id":${options.id ?? 7},"method":${JSON.stringify(method)},"params":${params}${separator}"_meta":${meta2026(capabilities)}}}`;
  const headers: Record<string, string> = {
    'mcp-protocol-version': '2026-07-28',
    'mcp-method': method,
    ...(options.owner ? { 'x-test-owner': options.owner } : {}),
    ...(options.named !== undefined ? { 'mcp-name': options.named } : {}),
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
  };
  return answerOf(await postRaw(url, body, headers));
}

async function openSession(url: URL, owner: string): Promise<string> {
  const init = await postRaw(
    url,
    rpcBody('initialize', {
      protocolVersion: '2025-11-25',
      capabilities: {},
      clientInfo: { name: 'raw', version: '1' },
    }),
    { 'x-test-owner': owner },
  );
  const sessionId = init.headers.get('mcp-session-id')!;
  await init.text();
  return sessionId;
}

/** Reads server-sent events off `response`, handing each parsed message to `onEvent`. */
async function readEvents(
  response: Response,
  onEvent: (message: Wire) => Promise<boolean | void> | boolean | void,
): Promise<Wire[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const seen: Wire[] = [];
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return seen;
    text += decoder.decode(value, { stream: true });
    let end = text.indexOf('\n\n');
    while (end !== -1) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      end = text.indexOf('\n\n');
      const data = block
        .split('\n')
        .find((line) => line.startsWith('data: '))
        ?.slice(6);
      if (!data) continue;
      const message = JSON.parse(data) as Wire;
      seen.push(message);
      if ((await onEvent(message)) === true) {
        await reader.cancel();
        return seen;
      }
    }
  }
}

describe.each(['stateless', 'session'] as const)('front-door defects, %s HTTP', (mode) => {
  let fixture: HttpFixture;
  let sessionId: string | undefined;

  beforeAll(async () => {
    fixture = await startHttpFixture({
      ownersByHeader: true,
      env: { TASK_MCP_HTTP_MODE: mode },
    });
    if (mode === 'session') sessionId = await openSession(fixture.url, 'alice');
  });
  afterAll(() => fixture.close());

  const session = (): Record<string, string> =>
    sessionId === undefined ? {} : { 'mcp-session-id': sessionId };

  describe('1. a request whose _meta is not an object gets exactly one answer', () => {
    it.each([
      ['a string _meta', '{"_meta":"not an object"}'],
      ['a number _meta', '{"_meta":5}'],
      ['a progressToken that is an object', '{"_meta":{"progressToken":{"a":1}}}'],
      ['a progressToken that is an array', '{"_meta":{"progressToken":[1,2]}}'],
    ])('answers %s with -32602 under its id', async (_label, params) => {
      const body = `{"jsonrpc":"2.0","id":41,"method":"tools/list","params":${params}}`;
      const answer = await post2025(fixture.url, body, 'alice', session());
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ id: 41, error: { code: -32602 } });
      expect(answer.body.error.message).toMatch(/_meta/);
    });
  });

  describe('2. a progress token is bounded, so nothing copies a client’s megabytes', () => {
    it('refuses a 3 MB progressToken on tools/call with -32602 before anything runs', async () => {
      const token = 'p'.repeat(3 * 1024 * 1024);
      const body = JSON.stringify({
        jsonrpc: '2.0',
        id: 'big',
        method: 'tools/call',
        params: {
          name: 'wait',
          arguments: { durationMs: 5000, steps: 50 },
          _meta: { progressToken: token },
        },
      });
      const started = Date.now();
      const answer = await post2025(fixture.url, body, 'alice', session());
      expect(answer.body).toMatchObject({ id: 'big', error: { code: -32602 } });
      expect(answer.body.error.message).toMatch(/progressToken must be a string of at most 256/);
      // Nothing ran: the answer did not wait for the 5 s tool.
      expect(Date.now() - started).toBeLessThan(4000);
    });
  });

  describe('5. a __proto__ argument is refused, the same way on both protocol versions', () => {
    const args = '{"durationMs":1,"__proto__":{"durationMs":60000}}';

    it('refuses it over 2025-11-25 with -32602', async () => {
      const body = `{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"wait","arguments":${args},"task":{}}}`;
      const answer = await post2025(fixture.url, body, 'alice', session());
      expect(answer.body.error).toEqual({
        code: -32602,
        message: "Invalid params: the key '__proto__' (at params.arguments) is not allowed",
      });
    });

    it('refuses it over 2026-07-28 with the same error', async () => {
      const answer = await post2026(
        fixture.url,
        'tools/call',
        `{"name":"wait","arguments":${args}}`,
        {
          owner: 'alice',
          named: 'wait',
        },
      );
      expect(answer.status).toBe(400);
      expect(answer.body.error).toEqual({
        code: -32602,
        message: "Invalid params: the key '__proto__' (at params.arguments) is not allowed",
      });
    });
  });

  describe('6. nesting is bounded when the body is read', () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;

    it('answers thousands of levels of inputResponses with -32602 under the request id', async () => {
      const answer = await post2026(
        fixture.url,
        'tasks/update',
        `{"taskId":"${'f'.repeat(32)}","inputResponses":{"input-1":${deep}}}`,
        { owner: 'alice', named: 'f'.repeat(32), id: 66 },
      );
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ id: 66, error: { code: -32602 } });
      expect(answer.body.error.message).toMatch(/nested deeper than 64 levels/);
    });

    it('answers deeply nested 2025-11-25 arguments the same way', async () => {
      const body = `{"jsonrpc":"2.0","id":67,"method":"tools/call","params":{"name":"wait","arguments":{"deep":${deep}}}}`;
      const answer = await post2025(fixture.url, body, 'alice', session());
      expect(answer.body).toMatchObject({ id: 67, error: { code: -32602 } });
      expect(answer.body.error.message).toMatch(/nested deeper than 64 levels/);
    });
  });

  describe('4. methods named like Object.prototype members are simply unknown', () => {
    it.each(['toString', 'constructor', 'hasOwnProperty', '__proto__', 'valueOf'])(
      'answers 2026-07-28 %s with 404 -32601 and no JavaScript source',
      async (method) => {
        const answer = await post2026(fixture.url, method, '{}', { owner: 'alice' });
        expect(answer.status).toBe(404);
        expect(answer.body).toMatchObject({ id: 7, error: { code: -32601 } });
        expect(JSON.stringify(answer.body)).not.toMatch(/native code|function/);
      },
    );

    it.each(['toString', 'constructor'])('answers 2025-11-25 %s with -32601', async (method) => {
      const answer = await post2025(fixture.url, rpcBody(method, {}, 3), 'alice', session());
      expect(answer.body).toMatchObject({ id: 3, error: { code: -32601 } });
      expect(JSON.stringify(answer.body)).not.toMatch(/native code|function/);
    });
  });

  describe('3. answers keyed with inherited names change nothing', () => {
    it('ignores toString, valueOf and hasOwnProperty keys, and refuses constructor', async () => {
      const create = await post2026(
        fixture.url,
        'tools/call',
        '{"name":"guess_number","arguments":{"max":5}}',
        { owner: 'alice', named: 'guess_number', elicits: true },
      );
      const taskId = create.body.result.taskId as string;
      const get = () =>
        post2026(fixture.url, 'tasks/get', `{"taskId":"${taskId}"}`, {
          owner: 'alice',
          named: taskId,
        });
      await eventually(async () => (await get()).body.result.status === 'input_required');
      const before = (await get()).body.result;
      const answer = JSON.stringify({ action: 'accept', content: { guess: 1 } });
      for (const key of ['toString', 'valueOf', 'hasOwnProperty']) {
        const update = await post2026(
          fixture.url,
          'tasks/update',
          `{"taskId":"${taskId}","inputResponses":{"${key}":${answer}}}`,
          { owner: 'alice', named: taskId },
        );
        expect(update.body.result).toEqual({ resultType: 'complete' });
      }
      const refused = await post2026(
        fixture.url,
        'tasks/update',
        `{"taskId":"${taskId}","inputResponses":{"constructor":${answer}}}`,
        { owner: 'alice', named: taskId },
      );
      expect(refused.body.error).toMatchObject({ code: -32602 });
      expect((await get()).body.result).toEqual(before);
      await post2026(fixture.url, 'tasks/cancel', `{"taskId":"${taskId}"}`, {
        owner: 'alice',
        named: taskId,
      });
    });
  });

  describe('12. a question that cannot reach the caller ends the wait at once', () => {
    it('fails a plain call of a tool that asks, for a client without elicitation, with -32021', async () => {
      const client = new Client({ name: 'no-elicitation', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(fixture.url, {
          requestInit: { headers: { 'x-test-owner': 'carol' } },
        }),
      );
      try {
        const failure = await client
          .callTool({ name: 'guess_number', arguments: { max: 5 } }, CallToolResultSchema, {
            timeout: 10_000,
          })
          .then(
            () => undefined,
            (error: unknown) => error as McpError,
          );
        expect(failure).toBeInstanceOf(McpError);
        expect(failure?.code).toBe(-32021);
        expect(failure?.message).toMatch(/cannot ask its caller a question/);
        expect(failure?.data).toEqual({ requiredCapabilities: { elicitation: {} } });
      } finally {
        await client.close();
      }
    });
  });

  describe('7. each request of a batch costs what it would cost alone', () => {
    let limited: HttpFixture;

    beforeAll(async () => {
      limited = await startHttpFixture({
        ownersByHeader: true,
        env: {
          TASK_MCP_HTTP_MODE: 'stateless',
          TASK_MCP_RATE_REQUESTS_PER_SECOND: '5',
          TASK_MCP_RATE_BURST: '0',
        },
      });
    });
    afterAll(() => limited.close());

    it('refuses a batch of 20 requests under a 5/s budget with 429', async () => {
      const batch = JSON.stringify(
        Array.from({ length: 20 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'ping' })),
      );
      const answer = await post2025(limited.url, batch, `batcher-${mode}`);
      expect(answer.status).toBe(429);
      expect(answer.body.error).toMatchObject({ code: -32008 });
    });

    it('serves a batch that fits the budget', async () => {
      const batch = JSON.stringify(
        Array.from({ length: 5 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'ping' })),
      );
      const answer = await post2025(limited.url, batch, `fits-${mode}`);
      expect(answer.status).toBe(200);
      expect(answer.body).toHaveLength(5);
    });
  });
});

describe('8. every client-supplied value that reaches a log is bounded', () => {
  it('keeps the audit line of five 200 KB argument names short', async () => {
    const logFile = join(freshTempDir('task-mcp-audit-'), 'audit.log');
    const fixture = await startHttpFixture({
      ownersByHeader: true,
      env: { TASK_MCP_HTTP_MODE: 'stateless', TASK_MCP_AUDIT_LOG: logFile },
    });
    try {
      const names = ['a', 'b', 'c', 'd', 'e'].map((letter) => letter.repeat(200 * 1024));
      const args = Object.fromEntries(names.map((name) => [name, 1]));
      const answer = await post2025(
        fixture.url,
        rpcBody('tools/call', { name: 'countdown', arguments: args, task: {} }),
        'alice',
      );
      expect(answer.body.error).toMatchObject({ code: -32602 });
      expect(answer.body.error.message.length).toBeLessThan(4096);
    } finally {
      await fixture.close();
    }
    const lines = readFileSync(logFile, 'utf8').trim().split('\n');
    const refused = lines.find((line) => line.includes('"parameter.refused"'));
    expect(refused).toBeDefined();
    expect(refused!.length).toBeLessThan(8 * 1024);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(8 * 1024);
  });
});

describe('9. an altered tasks/list cursor is refused', () => {
  let fixture: HttpFixture;

  beforeAll(async () => {
    fixture = await startHttpFixture({
      ownersByHeader: true,
      env: { TASK_MCP_HTTP_MODE: 'stateless', TASK_MCP_LIST_PAGE_SIZE: '1' },
    });
  });
  afterAll(() => fixture.close());

  it('opens the cursor as given, and nothing with a character inserted or appended', async () => {
    for (let i = 0; i < 2; i++) {
      await post2025(
        fixture.url,
        rpcBody('tools/call', { name: 'wait', arguments: { durationMs: 1 }, task: {} }),
        'alice',
      );
    }
    const first = await post2025(fixture.url, rpcBody('tasks/list', {}), 'alice');
    const cursor = first.body.result.nextCursor as string;
    expect(typeof cursor).toBe('string');
    const next = await post2025(fixture.url, rpcBody('tasks/list', { cursor }), 'alice');
    expect(next.body.result.tasks).toHaveLength(1);
    const middle = Math.floor(cursor.length / 2);
    const altered = [
      ...['$', '=', '.', ' '].map((character) => `${cursor}${character}`),
      ...['$', '=', '.', ' '].map(
        (character) => `${cursor.slice(0, middle)}${character}${cursor.slice(middle)}`,
      ),
    ];
    for (const forged of altered) {
      const answer = await post2025(
        fixture.url,
        rpcBody('tasks/list', { cursor: forged }),
        'alice',
      );
      expect(answer.body.error).toMatchObject({
        code: -32602,
        message: 'Invalid or expired cursor',
      });
    }
  });
});

describe('10. answered questions are never cancelled afterwards', () => {
  let fixture: HttpFixture;

  beforeAll(async () => {
    fixture = await startHttpFixture({
      ownersByHeader: true,
      env: { TASK_MCP_HTTP_MODE: 'stateless' },
    });
  });
  afterAll(() => fixture.close());

  it('sends no notifications/cancelled for a question the client answered', async () => {
    const created = await post2025(
      fixture.url,
      rpcBody('tools/call', { name: 'guess_number', arguments: { max: 2 }, task: {} }),
      'alice',
    );
    const taskId = created.body.result.task.taskId as string;
    const waiting = await postRaw(
      fixture.url,
      rpcBody('tasks/result', { taskId }, 'wait'),
      headers2025('alice'),
    );
    const answered: number[] = [];
    let guess = 1;
    const events = await readEvents(waiting, async (message) => {
      if (message.method === 'elicitation/create') {
        if (/Higher than 1/.test(message.params.message)) guess = 2;
        const reply = await post2025(
          fixture.url,
          JSON.stringify({
            jsonrpc: '2.0',
            id: message.id,
            result: { action: 'accept', content: { guess } },
          }),
          'alice',
        );
        expect(reply.status).toBe(202);
        answered.push(message.id as number);
        guess = 2;
      }
      return message.id === 'wait';
    });
    expect(answered.length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ id: 'wait', result: { content: expect.any(Array) } });
    const cancelled = events.filter((event) => event.method === 'notifications/cancelled');
    expect(cancelled.filter((event) => answered.includes(event.params.requestId))).toEqual([]);
  });
});

describe('11. answering a question needs tasks:create on the answering request', () => {
  it('refuses a tasks:read token’s answer, and takes a full token’s answer for a tasks:read waiter', () =>
    withOAuthServer({}, async (fixture, issuer) => {
      const full = await issuer.token(AUDIENCE, { scope: ALL_SCOPES });
      const readOnly = await issuer.token(AUDIENCE, { scope: 'tasks:read' });
      const as = (token: string) => ({
        authorization: `Bearer ${token}`,
        'mcp-protocol-version': '2025-11-25',
      });
      const created = await answerOf(
        await postRaw(
          fixture.url,
          rpcBody('tools/call', { name: 'guess_number', arguments: { max: 2 }, task: {} }),
          as(full),
        ),
      );
      const taskId = created.body.result.task.taskId as string;

      // The waiter holds only tasks:read; the full token answers, the read-only one may not.
      const waiting = await postRaw(
        fixture.url,
        rpcBody('tasks/result', { taskId }, 'w'),
        as(readOnly),
      );
      let guess = 1;
      const events = await readEvents(waiting, async (message) => {
        if (message.method === 'elicitation/create') {
          const reply = (token: string) =>
            postRaw(
              fixture.url,
              JSON.stringify({
                jsonrpc: '2.0',
                id: message.id,
                result: { action: 'accept', content: { guess } },
              }),
              as(token),
            );
          const refused = await reply(readOnly);
          expect(refused.status).toBe(403);
          await refused.text();
          const status = await answerOf(
            await postRaw(fixture.url, rpcBody('tasks/get', { taskId }), as(full)),
          );
          expect(status.body.result.status).toBe('input_required');
          const accepted = await reply(full);
          expect(accepted.status).toBe(202);
          guess = 2;
        }
        return message.id === 'w';
      });
      expect(events.at(-1)).toMatchObject({ id: 'w', result: { content: expect.any(Array) } });
    }));
});

describe('13. a 2026-07-28 scope refusal answers under the request id', () => {
  it('carries the id of the refused request in its 403', () =>
    withOAuthServer({}, async (fixture, issuer) => {
      const readOnly = await issuer.token(AUDIENCE, { scope: 'tasks:read' });
      const answer = await post2026(
        fixture.url,
        'tools/call',
        '{"name":"wait","arguments":{"durationMs":1}}',
        { named: 'wait', id: 1313, token: readOnly },
      );
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({ id: 1313, error: { code: -32003 } });
    }));
});

describe('14. a task the server ended has one meaning on both wires', () => {
  let fixture: HttpFixture;
  let client: Client;

  beforeAll(async () => {
    fixture = await startHttpFixture({ ownersByHeader: true });
    client = await fixture.connect('alice');
  });
  afterAll(() => fixture.close());

  it('answers an expired task’s tasks/result with the JSON-RPC error tasks/get shows', async () => {
    const created = await client.request(
      {
        method: 'tools/call',
        params: { name: 'wait', arguments: { durationMs: 60_000, steps: 1 }, task: { ttl: 300 } },
      },
      CreateTaskResultSchema,
    );
    const { taskId } = created.task;
    const get2026 = () =>
      post2026(fixture.url, 'tasks/get', `{"taskId":"${taskId}"}`, {
        owner: 'alice',
        named: taskId,
      });
    await eventually(async () => (await get2026()).body.result.status === 'failed');
    const modern = (await get2026()).body.result;
    expect(modern.error).toMatchObject({
      code: -32603,
      message: expect.stringMatching(/^Task expired/),
    });

    const failure = await client.experimental.tasks
      .getTaskResult(taskId, CallToolResultSchema)
      .then(
        () => undefined,
        (error: unknown) => error as McpError,
      );
    expect(failure).toBeInstanceOf(McpError);
    expect(failure?.code).toBe(modern.error.code);
    expect(failure?.message).toContain(modern.error.message);
  });
});

describe('12. (sessions) a task that asks a client without elicitation fails at once', () => {
  let fixture: HttpFixture;

  beforeAll(async () => {
    fixture = await startHttpFixture({ ownersByHeader: true });
  });
  afterAll(() => fixture.close());

  it('ends the task with -32021 naming elicitation instead of waiting for its ttl', async () => {
    const client = await fixture.connect('dave');
    const created = await client.request(
      { method: 'tools/call', params: { name: 'guess_number', arguments: {}, task: {} } },
      CreateTaskResultSchema,
    );
    const failure = await client.experimental.tasks
      .getTaskResult(created.task.taskId, CallToolResultSchema)
      .then(
        () => undefined,
        (error: unknown) => error as McpError,
      );
    expect(failure?.code).toBe(-32021);
    expect(failure?.data).toEqual({ requiredCapabilities: { elicitation: {} } });
    const task = await client.experimental.tasks.getTask(created.task.taskId);
    expect(task.status).toBe('failed');
  });
});
