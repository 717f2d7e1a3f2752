import type { AuditEvent, AuditLog } from '../../src/application/ports/audit-log.js';

/** An audit log that keeps what it is given, for a test to read. */
export class RecordingAuditLog implements AuditLog {
  readonly events: AuditEvent[] = [];

  record(event: AuditEvent): void {
    this.events.push(event);
  }

  /** The events recorded under `name`. */
  named(name: AuditEvent['event']): AuditEvent[] {
    return this.events.filter((event) => event.event === name);
  }
}
