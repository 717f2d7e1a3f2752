import { connect } from 'node:net';
import { request } from 'node:http';
import { CreateTaskResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { startHttpFixture, type HttpFixture } from '../support/http-fixture.js';
import { PRIMES_TASK, rawRequest, rpcBody } from '../support/rpc.js';

const INITIALIZE = rpcBody('initialize', {
  protocolVersion: '2025-11-25',
  capabilities: {},
  clientInfo: { name: 'flood', version: '1.0.0' },
});

/** POSTs initialize as `owner`; resolves with the status and, when a session opened, its id. */
async function initialize(url: URL, owner: string): Promise<{ status: number; session?: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'x-test-owner': owner,
    },
    body: INITIALIZE,
  });
  await response.text();
  const session = response.headers.get('mcp-session-id') ?? undefined;
  return session ? { status: response.status, session } : { status: response.status };
}

/** Runs `count` calls of `call`, at most `concurrency` at a time. */
async function inWaves<T>(count: number, concurrency: number, call: () => Promise<T>) {
  const results: T[] = [];
  let started = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < count) {
        started += 1;
        results.push(await call());
      }
    }),
  );
  return results;
}

describe('HTTP limits', () => {
  describe('open sessions', () => {
    let fixture: HttpFixture;

    beforeAll(async () => {
      fixture = await startHttpFixture({
        ownersByHeader: true,
        env: { TASK_MCP_MAX_SESSIONS: '40', TASK_MCP_MAX_SESSIONS_PER_OWNER: '1000' },
      });
    });
    afterAll(() => fixture.close());

    it('2,000 initialize calls never hold more sessions than the cap; the rest get 503', async () => {
      const results = await inWaves(2000, 64, () => initialize(fixture.url, 'flood'));
      const opened = results.filter((r) => r.status === 200);
      expect(opened).toHaveLength(40);
      expect(new Set(opened.map((r) => r.session)).size).toBe(40);
      expect(results.filter((r) => r.status === 503)).toHaveLength(1960);

      const refused = await fetch(fixture.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'x-test-owner': 'late',
        },
        body: INITIALIZE,
      });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('30');
      expect(await refused.json()).toEqual({
        jsonrpc: '2.0',
        error: {
          code: -32007,
          message: 'The server has 40 open sessions, the most it allows; try again later',
        },
        id: null,
      });

      // Closing one frees exactly one place.
      const closed = await fetch(fixture.url, {
        method: 'DELETE',
        headers: { 'mcp-session-id': opened[0]!.session!, 'x-test-owner': 'flood' },
      });
      expect(closed.status).toBe(200);
      expect((await initialize(fixture.url, 'late')).status).toBe(200);
      expect((await initialize(fixture.url, 'late')).status).toBe(503);
    });
  });

  describe('open sessions per owner', () => {
    let fixture: HttpFixture;

    beforeAll(async () => {
      fixture = await startHttpFixture({
        ownersByHeader: true,
        env: { TASK_MCP_MAX_SESSIONS_PER_OWNER: '3' },
      });
    });
    afterAll(() => fixture.close());

    it("refuses an owner's session past its cap with 429, and leaves other owners alone", async () => {
      const alice = await Promise.all([1, 2, 3, 4, 5].map(() => initialize(fixture.url, 'alice')));
      expect(alice.map((r) => r.status).sort()).toEqual([200, 200, 200, 429, 429]);
      expect((await initialize(fixture.url, 'bob')).status).toBe(200);

      const refused = await fetch(fixture.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'x-test-owner': 'alice',
        },
        body: INITIALIZE,
      });
      expect(refused.status).toBe(429);
      expect(await refused.json()).toMatchObject({
        error: { code: -32000, message: expect.stringMatching(/^You have 3 open sessions/) },
      });
    });
  });

  describe('request timeout and body size', () => {
    let fixture: HttpFixture;

    beforeAll(async () => {
      fixture = await startHttpFixture({ env: { TASK_MCP_REQUEST_TIMEOUT_MS: '600' } });
    });
    afterAll(() => fixture.close());

    /** Opens a raw connection, writes `head`, and collects what comes back until it closes. */
    function stalled(head: string): Promise<{ reply: string; ms: number }> {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        let reply = '';
        const socket = connect(Number(fixture.url.port), '127.0.0.1', () => socket.write(head));
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (reply += chunk));
        socket.on('error', reject);
        socket.on('close', () => resolve({ reply, ms: Date.now() - started }));
      });
    }

    it('answers a body that stalls halfway with 408 within the timeout, and closes', async () => {
      const { reply, ms } = await stalled(
        'POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
          'Content-Length: 200\r\n\r\n{"jsonrpc":"2.0","id":1,',
      );
      expect(reply).toMatch(/^HTTP\/1\.1 408 /);
      expect(reply).toMatch(/connection: close/i);
      expect(ms).toBeGreaterThanOrEqual(550);
      expect(ms).toBeLessThan(600 + 1000);
    });

    it('answers headers that stall with 408 and closes', async () => {
      const { reply } = await stalled('POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      expect(reply).toMatch(/^HTTP\/1\.1 408 /);
    });

    it('answers a chunked body over the limit with 413 and Connection: close, not a reset', async () => {
      const { status, headers, body } = await new Promise<{
        status: number;
        headers: Record<string, unknown>;
        body: string;
      }>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: fixture.url.port,
            path: '/mcp',
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              accept: 'application/json, text/event-stream',
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () =>
              resolve({ status: res.statusCode!, headers: res.headers, body: text }),
            );
          },
        );
        req.on('error', reject);
        // 6 MiB in 64 KiB chunks, no Content-Length (chunked), while the answer comes back.
        let sent = 0;
        const pump = (): void => {
          while (sent < 96) {
            sent += 1;
            if (!req.write(Buffer.alloc(64 * 1024, 0x20))) {
              req.once('drain', pump);
              return;
            }
          }
          req.end();
        };
        pump();
      });
      expect(status).toBe(413);
      expect(headers.connection).toBe('close');
      expect(JSON.parse(body)).toEqual({
        jsonrpc: '2.0',
        error: { code: -32600, message: 'Request body exceeds the limit of 4194304 bytes' },
        id: null,
      });
    });
  });

  describe('job processes', () => {
    let fixture: HttpFixture;

    beforeAll(async () => {
      fixture = await startHttpFixture({
        ownersByHeader: true,
        env: { TASK_MCP_MAX_JOB_PROCESSES: '2' },
      });
    });
    afterAll(() => fixture.close());

    it('refuses a call past the server-wide cap at once, whoever calls, until one ends', async () => {
      const alice = await fixture.connect('alice');
      const bob = await fixture.connect('bob');
      const countdown = { name: 'countdown', arguments: { seconds: 600 }, task: {} };
      const first = await alice.request(
        { method: 'tools/call', params: countdown },
        CreateTaskResultSchema,
      );
      await bob.request({ method: 'tools/call', params: countdown }, CreateTaskResultSchema);

      const refused = await rawRequest(alice, 'tools/call', countdown);
      expect(refused.error).toEqual({
        code: -32007,
        message:
          'The server is busy: all 2 job process slots are in use; try again once some work has finished',
      });
      // Nothing was stored for the refused call; a tool without a process still runs.
      expect((await alice.experimental.tasks.listTasks()).tasks).toHaveLength(1);
      expect((await rawRequest(bob, 'tools/call', { ...PRIMES_TASK })).result).toMatchObject({
        task: { status: 'working' },
      });

      await alice.experimental.tasks.cancelTask(first.task.taskId);
      const again = await alice.request(
        { method: 'tools/call', params: countdown },
        CreateTaskResultSchema,
      );
      expect(again.task.status).toBe('working');
    });
  });
});
