import { createHmac } from 'node:crypto';
import { pino, type Logger as Pino } from 'pino';
import type { AuditEvent, AuditLog, AuditSeverity } from '../../application/ports/audit-log.js';
import type { OwnerId } from '../../domain/index.js';
import type { ServerSecret } from '../crypto/server-secret.js';
import { requestContext } from './request-context.js';

export interface PinoAuditLogOptions {
  /** A file path (appended to, created 0600), or 'stderr'. */
  readonly destination: string;
  /** Hash owner keys with a key from this secret (TASK_MCP_AUDIT_HASH_OWNERS=true). */
  readonly hashOwnersWith?: ServerSecret;
}

const LEVEL: Record<AuditSeverity, 'info' | 'warn' | 'error' | 'fatal'> = {
  info: 'info',
  warn: 'warn',
  error: 'error',
  critical: 'fatal',
};

/**
 * The audit trail as JSON lines (pino): time, event, severity, owner (or its keyed hash), client
 * address and request id, then the event's detail. Writes are buffered off the request path and
 * flushed when the server stops.
 */
export class PinoAuditLog implements AuditLog {
  private readonly stream: pino.DestinationStream & { flushSync(): void; end(): void };
  private readonly log: Pino;

  constructor(private readonly options: PinoAuditLogOptions) {
    this.stream = pino.destination({
      dest: options.destination === 'stderr' ? 2 : options.destination,
      sync: false,
      mkdir: true,
      ...(options.destination === 'stderr' ? {} : { mode: 0o600 }),
    }) as PinoAuditLog['stream'];
    this.log = pino(
      {
        base: null,
        level: 'info',
        messageKey: 'message',
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
      },
      this.stream,
    );
  }

  record(event: AuditEvent): void {
    const context = requestContext.getStore();
    this.log[LEVEL[event.severity]]({
      event: event.event,
      severity: event.severity,
      ...(event.owner === undefined ? {} : { owner: this.ownerOf(event.owner) }),
      ...(context ? { ip: context.clientAddress, requestId: context.requestId } : {}),
      ...event.detail,
    });
  }

  async flush(): Promise<void> {
    try {
      this.stream.flushSync();
    } catch {
      // Nothing buffered, or the destination is not open yet: nothing to wait for.
    }
  }

  private ownerOf(owner: OwnerId): string {
    const secret = this.options.hashOwnersWith;
    if (!secret) return owner;
    const key = secret.keyFor('task-mcp audit owner');
    return `hmac:${createHmac('sha256', key).update(owner).digest('base64url')}`;
  }
}
