import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { inject, injectable, optional } from 'inversify';
import { pino, type Logger as Pino } from 'pino';
import type { AuditEvent, AuditLog, AuditSeverity } from '../../application/ports/audit-log.js';
import type { OwnerId } from '../../domain/index.js';
import { SERVER_SECRET, type ServerSecret } from '../crypto/server-secret.js';
import { boundedFields } from '../logging/bounded-fields.js';
import { requestContext } from './request-context.js';

export interface PinoAuditLogSettings {
  /** A file path (appended to, created 0600), or 'stderr'. */
  readonly destination: string;
  /** Write a keyed hash of each owner key instead of the key (TASK_MCP_AUDIT_HASH_OWNERS=true). */
  readonly hashOwners?: boolean;
}

/** Where the audit trail goes and how it names owners (PinoAuditLogSettings). */
export const PINO_AUDIT_LOG_SETTINGS = Symbol('PinoAuditLogSettings');

const LEVEL: Record<AuditSeverity, 'info' | 'warn' | 'error' | 'fatal'> = {
  info: 'info',
  warn: 'warn',
  error: 'error',
  critical: 'fatal',
};

/**
 * The audit trail as JSON lines (pino): time, event, severity, owner (or its keyed hash), client
 * address and request id, then the event's detail. Writes are buffered off the request path; closing
 * waits for the file to open and for every write still in flight, so a clean exit loses nothing. Owner hashes are keyed with a key derived from the server secret.
 */
@injectable()
export class PinoAuditLog implements AuditLog {
  private readonly stream: pino.DestinationStream & NodeJS.EventEmitter & { end(): void };
  private readonly log: Pino;
  private readonly ownerHashKeys: ServerSecret | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    @inject(PINO_AUDIT_LOG_SETTINGS) settings: PinoAuditLogSettings,
    @inject(SERVER_SECRET) @optional() secret?: ServerSecret,
  ) {
    if (settings.hashOwners && !secret) {
      throw new Error('hashing owners in the audit log needs the server secret');
    }
    this.ownerHashKeys = settings.hashOwners ? secret : undefined;
    this.stream = pino.destination({
      dest: settings.destination === 'stderr' ? 2 : settings.destination,
      sync: false,
      mkdir: true,
      ...(settings.destination === 'stderr' ? {} : { mode: 0o600 }),
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
    if (this.closing) return;
    const context = requestContext.getStore();
    this.log[LEVEL[event.severity]]({
      event: event.event,
      severity: event.severity,
      ...(event.owner === undefined ? {} : { owner: this.ownerOf(event.owner) }),
      ...(context ? { ip: context.clientAddress, requestId: context.requestId } : {}),
      ...boundedFields(event.detail),
    });
  }

  close(): Promise<void> {
    this.closing ??= this.endStream();
    return this.closing;
  }

  /** end() waits for the file to open and for a write in flight, then closes it (never fd 2). */
  private async endStream(): Promise<void> {
    const closed = Promise.race([once(this.stream, 'close'), once(this.stream, 'error')]);
    this.stream.end();
    await closed.catch(() => undefined);
  }

  private ownerOf(owner: OwnerId): string {
    const secret = this.ownerHashKeys;
    if (!secret) return owner;
    const key = secret.keyFor('task-mcp audit owner');
    return `hmac:${createHmac('sha256', key).update(owner).digest('base64url')}`;
  }
}
