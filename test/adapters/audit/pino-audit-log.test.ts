import { fstatSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PinoAuditLog } from '../../../src/adapters/audit/pino-audit-log.js';
import { requestContext } from '../../../src/adapters/audit/request-context.js';
import { ServerSecret } from '../../../src/adapters/crypto/server-secret.js';
import { freshTempDir } from '../../support/isolated-env.js';
import { anOwner } from '../../support/task-mother.js';

function linesOf(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('PinoAuditLog', () => {
  it('writes one JSON line per event, with the request it belongs to, to a file only its user reads', async () => {
    const file = join(freshTempDir('audit-'), 'audit.jsonl');
    const audit = new PinoAuditLog({ destination: file });
    requestContext.run({ requestId: 'req-1', clientAddress: '203.0.113.9' }, () =>
      audit.record({
        event: 'lock.refused',
        severity: 'warn',
        owner: anOwner('alice'),
        detail: { lock: 'deploy' },
      }),
    );
    audit.record({ event: 'tasks.cleaned', severity: 'critical', detail: { removed: 3 } });
    await audit.close();
    const [first, second] = linesOf(file);
    expect(first).toEqual({
      level: 'warn',
      time: expect.any(String),
      event: 'lock.refused',
      severity: 'warn',
      owner: anOwner('alice'),
      ip: '203.0.113.9',
      requestId: 'req-1',
      lock: 'deploy',
    });
    expect(second).toMatchObject({ event: 'tasks.cleaned', severity: 'critical', removed: 3 });
    expect(second).not.toHaveProperty('ip');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('writes keyed hashes of owners when asked: stable per owner, never the key itself', async () => {
    const file = join(freshTempDir('audit-'), 'audit.jsonl');
    const audit = new PinoAuditLog({ destination: file, hashOwners: true }, ServerSecret.random());
    for (const name of ['alice', 'alice', 'bob']) {
      audit.record({ event: 'task.created', severity: 'info', owner: anOwner(name) });
    }
    await audit.close();
    const owners = linesOf(file).map((line) => line.owner as string);
    expect(owners[0]).toMatch(/^hmac:[A-Za-z0-9_-]{43}$/);
    expect(owners[1]).toBe(owners[0]);
    expect(owners[2]).not.toBe(owners[0]);
    expect(readFileSync(file, 'utf8')).not.toContain(anOwner('alice'));
  });

  it('has every event on disk once close resolves, even closed before the file opened, and drops later ones', async () => {
    const file = join(freshTempDir('audit-'), 'audit.jsonl');
    const audit = new PinoAuditLog({ destination: file });
    for (let i = 0; i < 200; i++) {
      audit.record({ event: 'task.created', severity: 'info', detail: { i } });
    }
    await audit.close();
    audit.record({ event: 'tasks.cleaned', severity: 'info' });
    await audit.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(200);
    expect(JSON.parse(lines[199]!)).toMatchObject({ event: 'task.created', i: 199 });
  });

  it('leaves stderr open when the trail goes there', async () => {
    const audit = new PinoAuditLog({ destination: 'stderr' });
    await audit.close();
    expect(() => fstatSync(2)).not.toThrow();
  });
});
