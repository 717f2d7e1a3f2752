import type { OwnerId } from '../../domain/index.js';

export type AuditSeverity = 'info' | 'warn' | 'error' | 'critical';

/** Every security event the server records, by name. */
export type AuditEventName =
  | 'config.loaded'
  | 'auth.refused'
  | 'scope.refused'
  | 'rate.limited'
  | 'quota.exceeded'
  | 'capacity.refused'
  | 'lock.acquired'
  | 'lock.released'
  | 'lock.reclaimed'
  | 'lock.refused'
  | 'task.created'
  | 'task.cancelled'
  | 'task.expired'
  | 'task.finished'
  | 'tasks.cleaned'
  | 'job.confirmation'
  | 'job.started'
  | 'job.killed'
  | 'job.exited'
  | 'parameter.refused'
  | 'sandbox.refused';

export type AuditDetail = Readonly<Record<string, string | number | boolean | undefined>>;

export interface AuditEvent {
  readonly event: AuditEventName;
  readonly severity: AuditSeverity;
  /** Whose request or task it was, where there is one. */
  readonly owner?: OwnerId;
  /** What happened, in plain values: never a token, a secret, or a value of a job's environment. */
  readonly detail?: AuditDetail;
}

/**
 * The security trail (TASK_MCP_AUDIT_LOG), apart from the operational log. The adapter adds the
 * time, and the client address and request id of the request the event belongs to.
 */
export interface AuditLog {
  record(event: AuditEvent): void;
  /**
   * Writes every event recorded so far, then takes no more: resolves once they are all written.
   * For a clean exit; events recorded after it are dropped.
   */
  close?(): Promise<void>;
}

export const AUDIT_LOG = Symbol('AuditLog');

/** The audit log when none is configured: records nothing, costs nothing. */
export const NO_AUDIT_LOG: AuditLog = Object.freeze({ record: () => undefined });
