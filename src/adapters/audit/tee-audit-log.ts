import type { AuditEvent, AuditLog } from '../../application/ports/audit-log.js';

/** Hands every event to each of several sinks: the audit file, the metrics. */
export class TeeAuditLog implements AuditLog {
  constructor(private readonly sinks: readonly AuditLog[]) {}

  record(event: AuditEvent): void {
    for (const sink of this.sinks) sink.record(event);
  }

  async flush(): Promise<void> {
    await Promise.all(this.sinks.map((sink) => sink.flush?.()));
  }
}
