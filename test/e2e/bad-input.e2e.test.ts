import { request } from 'node:http';
import { CreateTaskResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { startHttpFixture, type HttpFixture } from '../support/http-fixture.js';
import { BUNDLED_JOB_NAMES } from '../support/jobs.js';
import { postRaw, rawRequest, rpcBody } from '../support/rpc.js';

describe('bad input gets a clear JSON-RPC error and changes nothing', () => {
  let fixture: HttpFixture;
  let bystander: string;
  let bystanderBefore: unknown;
  let client: Awaited<ReturnType<HttpFixture['connect']>>;

  beforeAll(async () => {
    fixture = await startHttpFixture();
    client = await fixture.connect();
    const created = await client.request(
      {
        method: 'tools/call',
        params: { name: 'wait', arguments: { durationMs: 60_000, steps: 1 }, task: {} },
      },
      CreateTaskResultSchema,
    );
    bystander = created.task.taskId;
    // One step: the bystander reports no progress for a minute, so it must not change at all.
    bystanderBefore = await client.experimental.tasks.getTask(bystander);
  });

  afterAll(async () => {
    // The server kept serving, and the task that was there all along is exactly as it was.
    expect((await client.listTools()).tools.length).toBe(3 + BUNDLED_JOB_NAMES.length);
    expect(await client.experimental.tasks.getTask(bystander)).toEqual(bystanderBefore);
    expect((await client.experimental.tasks.listTasks()).tasks.map((t) => t.taskId)).toEqual([
      bystander,
    ]);
    await fixture.close();
  });

  it.each([
    ['tasks/get with a numeric taskId', 'tasks/get', { taskId: 5 }, /taskId must be a string/],
    ['tasks/get without params', 'tasks/get', undefined, /taskId/],
    [
      'tasks/result with an object taskId',
      'tasks/result',
      { taskId: { $ne: null } },
      /taskId must be a string/,
    ],
    [
      'tasks/cancel with a null taskId',
      'tasks/cancel',
      { taskId: null },
      /taskId must be a string/,
    ],
    ['tasks/list with a numeric cursor', 'tasks/list', { cursor: 5 }, /cursor must be a string/],
    [
      'tasks/list with a forged cursor',
      'tasks/list',
      { cursor: 'bm90LWEtY3Vyc29y' },
      /Invalid or expired cursor/,
    ],
    ['tools/call without a name', 'tools/call', { arguments: {} }, /Invalid tools\/call request/],
    [
      'tools/call with array arguments',
      'tools/call',
      { name: 'wait', arguments: [1, 2] },
      /Invalid/,
    ],
    [
      'an unknown tool',
      'tools/call',
      { name: 'rm_rf', arguments: {}, task: {} },
      /Unknown tool: rm_rf/,
    ],
    [
      'arguments the tool refuses',
      'tools/call',
      { name: 'wait', arguments: { durationMs: 'soon' }, task: {} },
      /Invalid arguments for tool 'wait': durationMs/,
    ],
    [
      'huge arguments',
      'tools/call',
      { name: 'wait', arguments: { durationMs: 1, padding: 'x'.repeat(2_000_000) }, task: {} },
      /longer than the limit of 65536 bytes/,
    ],
    [
      'deeply nested arguments',
      'tools/call',
      {
        name: 'wait',
        arguments: { durationMs: 1, deep: JSON.parse('{"a":'.repeat(50) + '1' + '}'.repeat(50)) },
        task: {},
      },
      /nested deeper than the limit of 10/,
    ],
    [
      'a ttl of 0',
      'tools/call',
      { name: 'wait', arguments: { durationMs: 1 }, task: { ttl: 0 } },
      /at least 1 ms/,
    ],
    [
      'a negative ttl',
      'tools/call',
      { name: 'wait', arguments: { durationMs: 1 }, task: { ttl: -1 } },
      /at least 1 ms/,
    ],
    [
      'a ttl above the max',
      'tools/call',
      { name: 'wait', arguments: { durationMs: 1 }, task: { ttl: 86_400_001 } },
      /exceeds the maximum of 86400000 ms/,
    ],
    [
      'a fractional ttl',
      'tools/call',
      { name: 'wait', arguments: { durationMs: 1 }, task: { ttl: 1.5 } },
      /whole number/,
    ],
    [
      'a string ttl',
      'tools/call',
      { name: 'wait', arguments: { durationMs: 1 }, task: { ttl: '60000' } },
      /Invalid/,
    ],
  ])('%s', async (_label, method, params, message) => {
    const reply = await rawRequest(client, method, params);
    expect(reply.error?.code).toBe(-32602);
    expect(reply.error?.message).toMatch(message);
  });

  it.each([
    '',
    'x',
    '../../etc/passwd',
    'a'.repeat(10_000),
    '😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀',
    '%00%00',
    ' '.repeat(24),
    'AAAAAAAAAAAAAAAAAAAAAAAA',
  ])('answers the unknown task id %p with -32602 Task not found', async (taskId) => {
    for (const method of ['tasks/get', 'tasks/result', 'tasks/cancel']) {
      expect((await rawRequest(client, method, { taskId })).error).toEqual({
        code: -32602,
        message: 'Task not found',
      });
    }
  });

  it('answers an unknown method with -32601', async () => {
    expect((await rawRequest(client, 'tasks/delete', { taskId: bystander })).error?.code).toBe(
      -32601,
    );
  });

  it('answers a body that is not JSON with 400 and a parse error', async () => {
    const response = await postRaw(fixture.url, '{"jsonrpc": "2.0", "id": 1, "method": ');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: -32700 } });
  });

  it('refuses a body over the size limit with 413 without reading it all', async () => {
    const response = await postRaw(
      fixture.url,
      rpcBody('tools/list', { pad: 'x'.repeat(5_000_000) }),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      error: { message: expect.stringMatching(/limit of 4194304 bytes/) },
    });
  });

  it('refuses a request addressed to another host name (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: fixture.url.port,
          path: '/mcp',
          method: 'POST',
          headers: { host: 'evil.example', 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
  });

  it('refuses a cross-origin browser request', async () => {
    const response = await postRaw(fixture.url, '{}', { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
  });

  it('serves health and 404s other paths', async () => {
    const health = await fetch(new URL('/health', fixture.url));
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(new URL('/admin', fixture.url))).status).toBe(404);
  });
});
