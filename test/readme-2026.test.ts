import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { messagesIn } from './support/loopback-http.js';
import { readmeBlock } from './support/readme.js';
import { spawnHttpServer, STACK_TRACE } from './support/spawned-server.js';

const run = promisify(execFile);

describe("the README's 2026-07-28 curl session", () => {
  it('runs as written against a started server: a task, its notifications to the end, then tasks/get', async () => {
    const server = await spawnHttpServer();
    try {
      const script = readmeBlock('sh', 'subscriptions/listen').replace(
        'http://127.0.0.1:3000/mcp',
        server.url.href,
      );
      const { stdout, stderr } = await run('bash', ['-c', script], { timeout: 30_000 });
      expect(stderr).toBe('');
      const [ack, ...rest] = messagesIn(stdout) as {
        method?: string;
        params?: { status?: string };
      }[];
      expect(ack?.method).toBe('notifications/subscriptions/acknowledged');
      expect(rest.map((message) => message.method)).toEqual(rest.map(() => 'notifications/tasks'));
      expect(rest.at(-1)?.params).toMatchObject({
        status: 'completed',
        result: { content: [{ type: 'text', text: 'Waited 3000 ms' }] },
      });
      const got = JSON.parse(stdout.slice(stdout.lastIndexOf('\n{"jsonrpc"'))) as {
        result: { status: string };
      };
      expect(got.result.status).toBe('completed');
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(server.stderr()).not.toMatch(STACK_TRACE);
    }
  });
});
