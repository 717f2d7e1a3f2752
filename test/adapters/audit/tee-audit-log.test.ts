import type { AuditEvent, AuditLog } from '../../../src/application/ports/audit-log.js';
import { TeeAuditLog } from '../../../src/adapters/audit/tee-audit-log.js';
import { RecordingAuditLog } from '../../support/recording-audit-log.js';
import { anOwner } from '../../support/task-mother.js';

const EVENT: AuditEvent = {
  event: 'task.created',
  severity: 'info',
  owner: anOwner('alice'),
  detail: { tool: 'wait' },
};

describe('TeeAuditLog', () => {
  it('hands every event to each sink', () => {
    const file = new RecordingAuditLog();
    const metrics = new RecordingAuditLog();
    new TeeAuditLog([file, metrics]).record(EVENT);
    expect(file.events).toEqual([EVENT]);
    expect(metrics.events).toEqual([EVENT]);
  });

  it('closes the sinks that can close, and resolves only once they have', async () => {
    let release!: () => void;
    const flushed = new Promise<void>((resolve) => (release = resolve));
    let done = false;
    const slow: AuditLog = { record: () => undefined, close: () => flushed };
    const tee = new TeeAuditLog([new RecordingAuditLog(), slow]);

    const flushing = tee.close().then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    release();
    await flushing;
    expect(done).toBe(true);
  });
});
