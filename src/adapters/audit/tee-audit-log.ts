import { injectable, multiInject } from 'inversify';
import type { AuditEvent, AuditLog } from '../../application/ports/audit-log.js';

/** Each place security events go (AuditLog, bound once per sink), in the order they get them. */
export const AUDIT_SINK = Symbol('AuditSink');

/** Hands every event to each of several sinks: the metrics, the audit file. */
@injectable()
export class TeeAuditLog implements AuditLog {
  constructor(@multiInject(AUDIT_SINK) private readonly sinks: readonly AuditLog[]) {}

  record(event: AuditEvent): void {
    for (const sink of this.sinks) sink.record(event);
  }

  async close(): Promise<void> {
    await Promise.all(this.sinks.map((sink) => sink.close?.()));
  }
}
