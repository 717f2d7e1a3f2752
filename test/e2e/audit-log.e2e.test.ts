import { readFileSync, symlinkSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { postRaw, rpcBody } from '../support/rpc.js';
import { eventually } from '../support/http-fixture.js';
import { freshTempDir } from '../support/isolated-env.js';
import { writeCatalogue } from '../support/jobs.js';
import { spawnHttpServer, STACK_TRACE } from '../support/spawned-server.js';
import { TestIssuer } from '../support/test-issuer.js';

const AUDIENCE = 'https://mcp.example.test/mcp';
const ENV_VALUE = 'env-value-that-must-never-be-logged';

const JOBS = [
  {
    name: 'idle',
    description: 'Idles until stopped, with a value in its environment',
    command: 'node',
    args: ['-e', 'setInterval(() => {}, 1000)'],
    env: { set: { GREETING: ENV_VALUE } },
    lock: { name: 'deploy', scope: 'global' },
  },
  {
    name: 'show',
    description: 'Prints a file of the sandbox',
    command: 'cat',
    args: ['{{file}}'],
    parameters: { file: { type: 'path', description: 'A file in the sandbox' } },
  },
];

interface AuditLine {
  readonly time: string;
  readonly event: string;
  readonly severity: string;
  readonly owner?: string;
  readonly ip?: string;
  readonly requestId?: string;
  readonly [detail: string]: unknown;
}

describe('the audit log, after a mixed run against a real server process', () => {
  it('records every security event, with who and from where, and never a token or a job environment value', async () => {
    const issuer = await TestIssuer.start();
    const auditFile = join(freshTempDir('audit-'), 'logs', 'audit.jsonl');
    const catalogue = writeCatalogue(JOBS, {}, (dir) => {
      mkdirSync(join(dir, 'sandbox'));
      symlinkSync('/etc/hostname', join(dir, 'sandbox', 'escape'));
    });
    const server = await spawnHttpServer({
      TASK_MCP_HTTP_MODE: 'stateless',
      TASK_MCP_AUTH_ISSUER: issuer.url,
      TASK_MCP_AUTH_AUDIENCE: AUDIENCE,
      TASK_MCP_AUTH_JWKS_URL: issuer.jwksUrl,
      TASK_MCP_JOBS: catalogue,
      TASK_MCP_MAX_CONCURRENT_TASKS_PER_OWNER: '1',
      TASK_MCP_RATE_REQUESTS_PER_SECOND: '1000',
      TASK_MCP_RATE_BURST: '0',
      TASK_MCP_RATE_CREATES_PER_MINUTE: '6',
      TASK_MCP_AUDIT_LOG: auditFile,
    });
    const alice = await issuer.token(AUDIENCE, { sub: 'alice' });
    const bob = await issuer.token(AUDIENCE, { sub: 'bob' });
    const narrow = await issuer.token(AUDIENCE, { sub: 'carol', scope: 'tasks:read' });
    const as = (token: string) => ({ authorization: `Bearer ${token}` });
    const call = (token: string, name: string, args: object = {}) =>
      postRaw(server.url, rpcBody('tools/call', { name, arguments: args, task: {} }), as(token));
    try {
      // A bad token, and a token without the scope to call.
      expect((await postRaw(server.url, rpcBody('tasks/list'), as(`${alice}x`))).status).toBe(401);
      expect((await call(narrow, 'idle')).status).toBe(403);
      // Alice starts the job (lock taken, process started); bob's run is refused the lock.
      const created = (await (await call(alice, 'idle')).json()) as {
        result: { task: { taskId: string } };
      };
      const taskId = created.result.task.taskId;
      const refusedLock = (await (await call(bob, 'idle')).json()) as { error: { code: number } };
      expect(refusedLock.error.code).toBe(-32004);
      // Alice is at her limit of one running task.
      const quota = (await (await call(alice, 'show', { file: 'x' })).json()) as {
        error: { code: number };
      };
      expect(quota.error.code).toBe(-32000);
      // A parameter that climbs out, and a symlink that leads out of the sandbox.
      expect(
        ((await (await call(bob, 'show', { file: '../etc/passwd' })).json()) as { error: object })
          .error,
      ).toBeDefined();
      const escape = (await (await call(bob, 'show', { file: 'escape' })).json()) as {
        result: { task: { taskId: string } };
      };
      // Alice cancels her job: process killed and exited, lock released.
      const cancelled = await postRaw(server.url, rpcBody('tasks/cancel', { taskId }), as(alice));
      expect(cancelled.status).toBe(200);
      // Bob goes over his creation budget.
      let status = 200;
      for (let i = 0; i < 6 && status !== 429; i++) status = (await call(bob, 'nope')).status;
      expect(status).toBe(429);
      await eventually(async () => {
        const got = await postRaw(
          server.url,
          rpcBody('tasks/get', { taskId: escape.result.task.taskId }),
          as(bob),
        );
        return ((await got.json()) as { result: { status: string } }).result.status === 'failed';
      });
    } finally {
      server.child.kill('SIGTERM');
      await issuer.close();
    }
    expect((await server.exited).code).toBe(0);
    expect(server.stderr()).not.toMatch(STACK_TRACE);

    const text = readFileSync(auditFile, 'utf8');
    for (const secret of [alice, bob, narrow, ENV_VALUE]) expect(text).not.toContain(secret);
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditLine);
    const events = new Set(lines.map((line) => line.event));
    for (const event of [
      'config.loaded',
      'auth.refused',
      'scope.refused',
      'lock.acquired',
      'lock.refused',
      'lock.released',
      'quota.exceeded',
      'parameter.refused',
      'sandbox.refused',
      'task.created',
      'task.cancelled',
      'job.started',
      'job.killed',
      'job.exited',
      'rate.limited',
    ]) {
      expect(events).toContain(event);
    }
    for (const line of lines) {
      expect(Number.isNaN(Date.parse(line.time))).toBe(false);
      expect(['info', 'warn', 'error', 'critical']).toContain(line.severity);
    }
    const requests = lines.filter((line) => line.event !== 'config.loaded');
    for (const line of requests) {
      expect(line.ip).toBe('127.0.0.1');
      expect(line.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
    const byEvent = (event: string) => lines.find((line) => line.event === event)!;
    expect(byEvent('auth.refused')).toMatchObject({ failure: 'invalid_token', severity: 'warn' });
    expect(byEvent('auth.refused').owner).toBeUndefined();
    expect(byEvent('scope.refused').owner).toMatch(/carol$/);
    expect(byEvent('lock.refused')).toMatchObject({ lock: 'deploy', severity: 'warn' });
    expect(byEvent('lock.refused').owner).toMatch(/bob$/);
    expect(byEvent('sandbox.refused')).toMatchObject({
      job: 'show',
      reason: "The path given for 'file' leads outside the sandbox",
    });
    expect(byEvent('job.killed')).toMatchObject({ job: 'idle', why: 'stopped' });
    expect(byEvent('rate.limited')).toMatchObject({ budget: 'creates', limit: 6 });
  });
});
